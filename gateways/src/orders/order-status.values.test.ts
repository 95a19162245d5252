import { FULFILMENT_STAGES } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUS_VALUES } from './order-status.values.ts';

describe('ORDER_STATUS_VALUES', () => {
  it('holds the main states an order rests in and every fulfilment stage, dotted', () => {
    expect(ORDER_STATUS_VALUES).toEqual([
      'placed',
      'onHold',
      'awaitingApproval',
      'confirmed',
      'allocated',
      'fulfilment',
      ...FULFILMENT_STAGES.map((stage) => `fulfilment.${stage}`),
      'completed',
      'cancelled',
      'closed',
    ]);
  });
});
