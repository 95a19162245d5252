import type { RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { MemoryEventLog } from '../testing/memory-event-log.ts';
import { eventfulOrder, OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import { expectSameUnderShuffledDeliveries } from '../testing/shuffled-deliveries.ts';
import { ORDER_TRACKING_COLLECTION, orderTrackingProjection } from './order-tracking.projection.ts';

/** Three orders of two customers, interleaved the way the log would hold them. */
function history(): RecordedEvent[] {
  const recorder = new OrderEventRecorder();
  const a = eventfulOrder('a', 'c-1');
  const b = [
    orderPlaced('b', 'c-1', '2026-03-02T10:00:00.000Z'),
    orderDraft('OrderConfirmed', { reason: 'auto-confirmed' }),
    orderDraft('OrderTagged', { tag: 'gift' }),
    orderDraft('OrderCancelled', { reason: 'changed mind' }),
  ];
  const c = [orderPlaced('c', 'c-2'), orderDraft('OrderHeld', { reason: 'risk' })];
  const events: RecordedEvent[] = [];
  for (let i = 0; i < a.length; i++) {
    events.push(recorder.record('a', a[i]!));
    if (b[i] !== undefined) events.push(recorder.record('b', b[i]!));
    if (c[i] !== undefined) events.push(recorder.record('c', c[i]!));
  }
  return events;
}

const EVENTS = history();

/** Applies deliveries to a fresh store whose log holds every event; returns the stored bytes. */
async function deliver(deliveries: readonly RecordedEvent[]) {
  const store = new SqliteReadStore({ path: ':memory:' });
  try {
    const context = { store, events: new MemoryEventLog(EVENTS) };
    for (const event of deliveries) await orderTrackingProjection.apply(event, context);
    return store.storedDocuments(ORDER_TRACKING_COLLECTION);
  } finally {
    await store.close();
  }
}

describe('orderTracking under redelivery', () => {
  it('converges to the in-order documents whatever the order and duplicates', async () => {
    const expected = await deliver(EVENTS);
    expect(expected.map((doc) => doc.id)).toEqual(['a', 'b', 'c']);
    await expectSameUnderShuffledDeliveries(EVENTS, deliver, expected, { numRuns: 100, maxDuplicates: 15 });
  });
});
