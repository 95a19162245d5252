import { nameBasedUuid } from '@ordinal/actors';

/** Namespace of the order ids derived from an Idempotency-Key (fixed forever). */
export const ORDER_ID_NAMESPACE = '3f1c9a52-7d0e-4b8a-9c41-5e2f8d6b0a17';

/** The order id a PlaceOrder retried under the same Idempotency-Key lands on (a v5 UUID). */
export function orderIdForIdempotencyKey(key: string): string {
  return nameBasedUuid(ORDER_ID_NAMESPACE, key);
}
