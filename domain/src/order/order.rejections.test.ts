import { describe, expect, it } from 'vitest';
import { ORDER_REJECTION_CODES, orderRejectionKind } from './order.rejections.ts';

describe('order rejection codes', () => {
  it('classify each code for the HTTP layer', () => {
    expect(orderRejectionKind('order.not-found')).toBe('not-found');
    expect(orderRejectionKind('order.not-cancellable')).toBe('state');
    expect(orderRejectionKind('payment.refund-exceeds-captured')).toBe('invalid');
    expect(orderRejectionKind('toString')).toBeUndefined();
    expect(orderRejectionKind('store.wrong-expected-revision')).toBeUndefined();
  });

  it('are all namespaced, kebab-case codes', () => {
    for (const code of Object.keys(ORDER_REJECTION_CODES)) {
      expect(code).toMatch(/^(order|shipment|payment|return)\.[a-z]+(-[a-z]+)*$/);
    }
  });
});
