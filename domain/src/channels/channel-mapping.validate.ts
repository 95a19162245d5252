import { isValidPath } from './channel-mapping.paths.ts';
import { LINE_TARGETS, ORDER_TARGETS, type TargetField } from './channel-mapping.targets.ts';
import { TRANSFORM_NAMES } from './channel-mapping.transforms.ts';
import type { MappingDocument, MappingProblem } from './channel-mapping.types.ts';

/** A channel name: lower-case letters and digits, so it sits in stream ids and URLs as is. */
export const CHANNEL_NAME = /^[a-z][a-z0-9]{1,31}$/;

const DOCUMENT_KEYS = ['channel', 'version', 'description', 'attributedChannel', 'fields', 'lines'];
const RULE_KEYS = ['path', 'const', 'firstOf', 'concat', 'separator', 'transforms', 'default'];
const SOURCES = ['path', 'const', 'firstOf', 'concat'] as const;
const OFFSET = /^(?:Z|[+-]\d{2}:\d{2})$/;
// Transform arguments besides `op`, with a check of each.
const ARGUMENTS: Readonly<Record<string, Readonly<Record<string, (v: unknown) => string | undefined>>>> = {
  lookup: {
    table: (v) => (isRecord(v) ? undefined : 'must be an object of values by key'),
    default: () => undefined,
  },
  utc: {
    timeZone: (v) => (typeof v === 'string' && OFFSET.test(v) ? undefined : 'must be Z or an offset like +08:00'),
  },
  splitName: { part: (v) => (v === 'family' || v === 'given' ? undefined : 'must be family or given') },
  queryParam: { name: (v) => (typeof v === 'string' && v !== '' ? undefined : 'must be a non-empty text') },
};
const REQUIRED_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  lookup: ['table'],
  utc: ['timeZone'],
  splitName: ['part'],
  queryParam: ['name'],
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const at = (location: string, key: string | number) =>
  `${location}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

function checkKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  location: string,
  out: MappingProblem[],
) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) out.push({ location: at(location, key), problem: 'is not an allowed property' });
  }
}

function checkPaths(value: unknown, location: string, out: MappingProblem[]): void {
  if (!Array.isArray(value) || value.length === 0) {
    out.push({ location, problem: 'must be a non-empty list of paths' });
    return;
  }
  value.forEach((path, i) => {
    if (typeof path !== 'string' || !isValidPath(path))
      out.push({ location: at(location, i), problem: 'is not a path' });
  });
}

function checkTransform(value: unknown, location: string, out: MappingProblem[]): void {
  if (!isRecord(value)) {
    out.push({ location, problem: 'must be an object with an op' });
    return;
  }
  const op = value.op;
  if (typeof op !== 'string' || !TRANSFORM_NAMES.includes(op as never)) {
    out.push({ location: at(location, 'op'), problem: `is not a transform (one of ${TRANSFORM_NAMES.join(', ')})` });
    return;
  }
  const args = ARGUMENTS[op] ?? {};
  checkKeys(value, ['op', ...Object.keys(args)], location, out);
  for (const name of REQUIRED_ARGUMENTS[op] ?? []) {
    if (!Object.hasOwn(value, name)) out.push({ location: at(location, name), problem: `is required by ${op}` });
  }
  for (const [name, check] of Object.entries(args)) {
    const problem = Object.hasOwn(value, name) ? check(value[name]) : undefined;
    if (problem !== undefined) out.push({ location: at(location, name), problem });
  }
}

/** Checks one field rule of a mapping document, adding a problem per fault. */
export function checkRule(value: unknown, location: string, out: MappingProblem[]): void {
  if (!isRecord(value)) {
    out.push({ location, problem: 'must be a rule object' });
    return;
  }
  checkKeys(value, RULE_KEYS, location, out);
  const sources = SOURCES.filter((key) => Object.hasOwn(value, key));
  if (sources.length !== 1) {
    out.push({ location, problem: `must have exactly one of ${SOURCES.join(', ')} (has ${sources.length})` });
  }
  if (Object.hasOwn(value, 'path') && (typeof value.path !== 'string' || !isValidPath(value.path))) {
    out.push({ location: at(location, 'path'), problem: 'is not a path' });
  }
  if (Object.hasOwn(value, 'firstOf')) checkPaths(value.firstOf, at(location, 'firstOf'), out);
  if (Object.hasOwn(value, 'concat')) checkPaths(value.concat, at(location, 'concat'), out);
  if (Object.hasOwn(value, 'separator') && typeof value.separator !== 'string') {
    out.push({ location: at(location, 'separator'), problem: 'must be a text' });
  }
  if (Object.hasOwn(value, 'transforms')) {
    if (Array.isArray(value.transforms)) {
      for (const [i, t] of value.transforms.entries()) checkTransform(t, at(at(location, 'transforms'), i), out);
    } else out.push({ location: at(location, 'transforms'), problem: 'must be a list of transforms' });
  }
}

function checkRules(
  value: unknown,
  targets: Readonly<Record<string, TargetField>>,
  location: string,
  out: MappingProblem[],
): void {
  if (!isRecord(value)) {
    out.push({ location, problem: 'must be an object of rules by target field' });
    return;
  }
  for (const [field, rule] of Object.entries(value)) {
    if (Object.hasOwn(targets, field)) checkRule(rule, at(location, field), out);
    else out.push({ location: at(location, field), problem: 'is not a target field' });
  }
  for (const [field, target] of Object.entries(targets)) {
    if (target.required && !Object.hasOwn(value, field)) {
      out.push({ location: at(location, field), problem: 'is a required target field without a rule' });
    }
  }
}

/**
 * Checks a mapping document against the mapping language: its shape (the schema) and its
 * meaning (known transforms and targets, every required target ruled). Every problem, with
 * its location as a JSON pointer into the document.
 */
export function validateMapping(
  value: unknown,
):
  | { readonly ok: true; readonly document: MappingDocument }
  | { readonly ok: false; readonly problems: MappingProblem[] } {
  const out: MappingProblem[] = [];
  if (!isRecord(value)) return { ok: false, problems: [{ location: '', problem: 'must be a mapping object' }] };
  checkKeys(value, DOCUMENT_KEYS, '', out);
  for (const key of DOCUMENT_KEYS) {
    if (!Object.hasOwn(value, key)) out.push({ location: at('', key), problem: 'is required' });
  }
  if (Object.hasOwn(value, 'channel') && (typeof value.channel !== 'string' || !CHANNEL_NAME.test(value.channel))) {
    out.push({ location: '/channel', problem: 'must be 2-32 lower-case letters and digits, starting with a letter' });
  }
  if (Object.hasOwn(value, 'version') && !(Number.isSafeInteger(value.version) && (value.version as number) >= 1)) {
    out.push({ location: '/version', problem: 'must be a whole number from 1' });
  }
  if (Object.hasOwn(value, 'description') && typeof value.description !== 'string') {
    out.push({ location: '/description', problem: 'must be a text' });
  }
  if (Object.hasOwn(value, 'attributedChannel')) checkRule(value.attributedChannel, '/attributedChannel', out);
  if (Object.hasOwn(value, 'fields')) checkRules(value.fields, ORDER_TARGETS, '/fields', out);
  if (Object.hasOwn(value, 'lines')) {
    const lines = value.lines;
    if (isRecord(lines)) {
      checkKeys(lines, ['each', 'fields'], '/lines', out);
      if (typeof lines.each !== 'string' || !isValidPath(lines.each)) {
        out.push({ location: '/lines/each', problem: 'must be the path of the payload’s list of lines' });
      }
      checkRules(lines.fields, LINE_TARGETS, '/lines/fields', out);
    } else {
      out.push({ location: '/lines', problem: 'must be an object with each and fields' });
    }
  }
  return out.length === 0 ? { ok: true, document: value as unknown as MappingDocument } : { ok: false, problems: out };
}
