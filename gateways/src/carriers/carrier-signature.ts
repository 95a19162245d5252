import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a carrier signs its body in: `sha256=<hex of HMAC-SHA256(secret, raw body)>`. */
export const SIGNATURE_HEADER = 'x-ordinal-signature';

const FORMAT = /^sha256=([0-9a-f]{64})$/i;

/** The signature header value of a body under a secret. */
export function signBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Why a signature is refused, or undefined when it is the body's under the secret. */
export function checkSignature(
  secret: string,
  body: Buffer,
  header: string | undefined,
): 'missing' | 'invalid' | undefined {
  if (header === undefined || header.trim() === '') return 'missing';
  const match = FORMAT.exec(header.trim());
  if (match === null) return 'invalid';
  const given = Buffer.from(match[1] ?? '', 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'invalid';
}
