import { fingerprint } from '../shared/fingerprint.ts';

/** JSON with object keys sorted at every level, so equal values give equal texts. */
export function canonicalText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalText(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const SAFE_ID = /^[A-Za-z0-9._:#-]{1,128}$/;

/**
 * The id a payload is parked under, `<channel>-<id>`: the external order id when it was
 * readable and fits in a stream id and a URL, else `h` and a hash of the payload.
 */
export function intakeIdFor(channel: string, payload: unknown, externalOrderId?: string): string {
  const id = externalOrderId !== undefined && SAFE_ID.test(externalOrderId) ? externalOrderId : undefined;
  return `${channel}-${id ?? `h${fingerprint(canonicalText(payload))}`}`;
}
