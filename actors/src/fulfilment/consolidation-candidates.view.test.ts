import { draft, orderPlaced, orderStream } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { ConsolidationCandidates } from './consolidation-candidates.view.ts';

const allocated = draft('OrderAllocated', {
  allocations: [{ shipmentId: 's1', locationId: 'wh-1', lines: [{ lineId: '1', quantity: 2 }] }],
});

describe('consolidation candidates', () => {
  it('follows a live order and never takes imported history as a candidate', () => {
    const view = new ConsolidationCandidates();
    for (const event of orderStream([orderPlaced(), allocated], 'o-live')) view.apply(event);
    const imported = orderStream([orderPlaced(), allocated], 'o-hist').map((event) => ({
      ...event,
      metadata: { ...event.metadata, import: { source: 'olist', runId: 'run-1', record: 'orders.csv:2' } },
    }));
    for (const event of imported) view.apply(event);
    expect([...view.orders()].map((o) => o.orderId)).toEqual(['o-live']);
    expect(view.order('o-hist')).toBeUndefined();
  });
});
