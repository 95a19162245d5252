/** The prefix that makes a path start at the payload's root from inside a line. */
export const ROOT_PREFIX = '$.';

const SEGMENT = /^[^.\s]+$/;

/** Whether a path is well-formed: dot-separated segments, optionally after `$.`. */
export function isValidPath(path: string): boolean {
  const rest = path.startsWith(ROOT_PREFIX) ? path.slice(ROOT_PREFIX.length) : path;
  return rest.length > 0 && rest.split('.').every((segment) => SEGMENT.test(segment));
}

function own(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    return /^\d+$/.test(key) ? value[Number(key)] : undefined;
  }
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, key)) {
    return (value as Record<string, unknown>)[key];
  }
  return undefined;
}

/**
 * The value at a dotted path, starting at `scope` (a line) or, after `$.`, at `root`. Only own
 * properties are read, so a payload cannot reach `__proto__` or `constructor`.
 */
export function readPath(root: unknown, scope: unknown, path: string): unknown {
  const fromRoot = path.startsWith(ROOT_PREFIX);
  const segments = (fromRoot ? path.slice(ROOT_PREFIX.length) : path).split('.');
  return segments.reduce<unknown>(
    (value, key) => (value === undefined ? undefined : own(value, key)),
    fromRoot ? root : scope,
  );
}

/** Whether a value read from a payload counts as present: not absent, null or blank text. */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}
