import { type RecordedEvent, streamCategory, streamEntityId } from '@ordinal/domain';

/** Where Ordinal's events live in the NATS subject space unless configured otherwise. */
export const DEFAULT_SUBJECT_PREFIX = 'ordinal.events';

const SAFE = /^[A-Za-z0-9-]$/;
const ENCODED = /^(?:[A-Za-z0-9-]|_[0-9A-F]{2})*$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes any string as one NATS subject token made only of `[A-Za-z0-9_-]`, reversibly:
 * letters, digits and `-` stay; every other UTF-8 byte (`_` itself, `.`, `*`, `>`, spaces,
 * non-ASCII…) becomes `_` and two uppercase hex digits (`a.b` → `a_2Eb`, `é` → `_C3_A9`);
 * the empty string, which is no valid token, becomes a lone `_`.
 */
export function encodeSubjectToken(value: string): string {
  if (value === '') return '_';
  let token = '';
  for (const char of value) {
    if (SAFE.test(char)) {
      token += char;
      continue;
    }
    for (const byte of encoder.encode(char)) token += `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return token;
}

/** The inverse of `encodeSubjectToken`; throws a RangeError on a token it cannot have made. */
export function decodeSubjectToken(token: string): string {
  if (token === '_') return '';
  if (token === '' || !ENCODED.test(token)) throw new RangeError(`not an encoded subject token: ${token}`);
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    if (token[i] === '_') {
      bytes.push(Number.parseInt(token.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(token.charCodeAt(i));
    }
  }
  return decoder.decode(new Uint8Array(bytes));
}

/** `<prefix>.<category>.<entityId>.<EventType>`, each part an encoded token. */
export function eventSubject(
  event: Pick<RecordedEvent, 'streamId' | 'type'>,
  prefix: string = DEFAULT_SUBJECT_PREFIX,
): string {
  const category = encodeSubjectToken(streamCategory(event.streamId));
  const entity = encodeSubjectToken(streamEntityId(event.streamId));
  return `${prefix}.${category}.${entity}.${encodeSubjectToken(event.type)}`;
}

/**
 * The subject filter for one category's events (`ordinal.events.order.>`), or for one
 * entity's (`ordinal.events.order.<id>.*`), e.g. a live view watching a single order.
 */
export function streamSubjects(category: string, entityId?: string, prefix: string = DEFAULT_SUBJECT_PREFIX): string {
  const head = `${prefix}.${encodeSubjectToken(category)}`;
  return entityId === undefined ? `${head}.>` : `${head}.${encodeSubjectToken(entityId)}.*`;
}

/** Whether `prefix` is a usable subject prefix: one or more tokens without wildcards. */
export function isSubjectPrefix(prefix: string): boolean {
  return prefix.split('.').every((token) => /^[^\s*>.]+$/.test(token));
}

/**
 * The parked stream's prefix: the event prefix with its last token replaced by `parked`
 * (`ordinal.events` → `ordinal.parked`; `x` → `x_parked`), so the streams' subjects never overlap.
 */
export function parkedPrefixOf(subjectPrefix: string): string {
  const tokens = subjectPrefix.split('.');
  const last = tokens.pop() ?? '';
  tokens.push(tokens.length === 0 || last === 'parked' ? `${last}_parked` : 'parked');
  return tokens.join('.');
}
