import { createHash } from 'node:crypto';

/** Namespace of the event ids the host derives from command ids (fixed forever). */
export const EVENT_ID_NAMESPACE = '5298a0b0-35cf-4cce-bfb5-7eb461d57272';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A name-based UUID (RFC 9562 version 5, SHA-1): the same namespace and name give the same id. */
export function nameBasedUuid(namespace: string, name: string): string {
  if (!UUID.test(namespace)) throw new TypeError(`namespace ${namespace} is not a UUID`);
  const digest = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = digest.subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x50, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the `index`-th event a command produces; a retried command gets the same ids. */
export function eventIdFor(commandId: string, index: number): string {
  return nameBasedUuid(EVENT_ID_NAMESPACE, `${commandId}\u0000${index}`);
}

/**
 * JSON with object keys sorted at every depth, so equal values give equal text whatever the
 * order their keys were written in. Otherwise as JSON.stringify (undefined fields dropped).
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

function write(input: unknown): string | undefined {
  const value = hasToJson(input) ? input.toJSON() : input;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`;
  const record = value as Record<string, unknown>;
  const fields: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const text = write(record[key]);
    if (text !== undefined) fields.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${fields.join(',')}}`;
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** SHA-256 (hex) of the command's canonical JSON: what tells a retry from a different command. */
export function commandHash(command: unknown): string {
  return createHash('sha256').update(canonicalJson(command), 'utf8').digest('hex');
}
