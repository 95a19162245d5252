import type { InventoryEventDraft, RecordedEvent } from '@ordinal/domain';
import { recordInventoryEvent } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { MemoryEventLog } from '../testing/memory-event-log.ts';
import { expectSameUnderShuffledDeliveries } from '../testing/shuffled-deliveries.ts';
import { AVAILABLE_TO_PROMISE_COLLECTION, availableToPromiseProjection } from './available-to-promise.projection.ts';

const figures = (onHand: number, reserved: number) => ({ onHand, reserved, available: onHand - reserved });

function skuHistory(sku: string): InventoryEventDraft[] {
  const r = { sku, orderId: 'o-1', lineId: '1', locationId: 'wh-sh', quantity: 2 };
  const at = '2026-03-02T09:00:00.000Z';
  return [
    { type: 'StockReceived', data: { sku, locationId: 'wh-sh', quantity: 5, reference: 'PO', ...figures(5, 0) } },
    { type: 'StockReceived', data: { sku, locationId: 'st-bj', quantity: 3, reference: 'PO', ...figures(3, 0) } },
    { type: 'StockReserved', data: { ...r, reservationId: 'r-1', expiresAt: at, reservedAt: at, ...figures(5, 2) } },
    { type: 'StockAdjusted', data: { sku, locationId: 'st-bj', delta: -1, reason: 'count', ...figures(2, 0) } },
    { type: 'ReservationCommitted', data: { ...r, reservationId: 'r-1', shipmentId: 's-1', ...figures(3, 0) } },
  ];
}

/** Two SKUs' streams interleaved the way the log would hold them, positions increasing. */
function history(): RecordedEvent[] {
  const tea = skuHistory('TEA-01').map((d, i) => recordInventoryEvent(d, i, 'TEA-01'));
  const cup = skuHistory('CUP-02').map((d, i) => recordInventoryEvent(d, i, 'CUP-02'));
  return tea.flatMap((event, i) => [event, cup[i]!]).map((event, i) => ({ ...event, position: i + 1 }));
}

const EVENTS = history();

async function deliver(deliveries: readonly RecordedEvent[]) {
  const store = new SqliteReadStore({ path: ':memory:' });
  try {
    const context = { store, events: new MemoryEventLog(EVENTS) };
    for (const event of deliveries) await availableToPromiseProjection.apply(event, context);
    return store.storedDocuments(AVAILABLE_TO_PROMISE_COLLECTION);
  } finally {
    await store.close();
  }
}

describe('availableToPromise under redelivery', () => {
  it('converges to the in-order documents whatever the order and duplicates', async () => {
    const expected = await deliver(EVENTS);
    expect(expected.map((doc) => doc.id)).toEqual(['CUP-02', 'TEA-01']);
    expect(JSON.parse(expected[1]!.json).totals).toEqual(figures(5, 0));
    await expectSameUnderShuffledDeliveries(EVENTS, deliver, expected, { numRuns: 100, maxDuplicates: 10 });
  });
});
