import { nameBasedUuid } from '@ordinal/actors';
import { describe, expect, it } from 'vitest';
import { ORDER_ID_NAMESPACE, orderIdForIdempotencyKey } from './ids.ts';

describe('orderIdForIdempotencyKey', () => {
  it('is a version 5 UUID, stable per key and different between keys', () => {
    const a = orderIdForIdempotencyKey('key-1');
    expect(orderIdForIdempotencyKey('key-1')).toBe(a);
    expect(orderIdForIdempotencyKey('key-2')).not.toBe(a);
    expect(a).toBe(nameBasedUuid(ORDER_ID_NAMESPACE, 'key-1'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
