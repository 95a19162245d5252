import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header an alert webhook is signed in: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const ALERT_SIGNATURE_HEADER = 'ordinal-signature';
/** The header naming the delivery (the same on every retry of it), for receivers to drop repeats. */
export const ALERT_DELIVERY_HEADER = 'ordinal-delivery';

/** The signature header value of a body sent at `timestamp` (unix seconds) under a secret. */
export function signAlertPayload(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * What a receiver does (docs/alerts.md has the same in a few lines): recompute the HMAC over
 * the timestamp and the raw body, compare in constant time, and refuse a timestamp further than
 * `toleranceSeconds` from its clock (a replayed old request). Undefined when it is good.
 */
export function verifyAlertSignature(
  secret: string,
  body: string,
  header: string | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): 'missing' | 'invalid' | 'stale' | undefined {
  if (header === undefined || header === '') return 'missing';
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  const given = /^[0-9a-f]{64}$/.test(parts.v1 ?? '') ? Buffer.from(parts.v1 ?? '', 'hex') : undefined;
  if (!Number.isSafeInteger(timestamp) || given === undefined) return 'invalid';
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  if (!timingSafeEqual(given, expected)) return 'invalid';
  return Math.abs(nowSeconds - timestamp) > toleranceSeconds ? 'stale' : undefined;
}
