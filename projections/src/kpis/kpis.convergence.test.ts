import type { RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { MemoryEventLog } from '../testing/memory-event-log.ts';
import { eur, eventfulOrder, OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import { expectSameUnderShuffledDeliveries } from '../testing/shuffled-deliveries.ts';
import { kpisProjection } from './kpis.projection.ts';
import { KPI_ORDERS_COLLECTION, KPI_PRODUCTS_COLLECTION } from './kpis.view.ts';

/** Three orders (delivered and returned, cancelled, held) and two catalogue definitions, interleaved as in the log. */
function history(): RecordedEvent[] {
  const recorder = new OrderEventRecorder();
  const a = eventfulOrder('a', 'c-1');
  const b = [
    orderPlaced('b', 'c-1', '2026-03-02T23:30:00.000Z'),
    orderDraft('OrderConfirmed', { reason: 'auto-confirmed' }),
    orderDraft('OrderCancelled', { reason: 'changed mind' }),
  ];
  const c = [orderPlaced('c', 'c-2'), orderDraft('OrderHeld', { reason: 'risk' })];
  const events: RecordedEvent[] = [];
  for (let i = 0; i < a.length; i++) {
    events.push(recorder.record('a', a[i]!));
    if (b[i] !== undefined) events.push(recorder.record('b', b[i]!));
    if (c[i] !== undefined) events.push(recorder.record('c', c[i]!));
  }
  const position = (events.at(-1)?.position ?? 0) + 1;
  for (const [revision, tags] of [
    [1, ['category-kitchen']],
    [2, ['category-tableware']],
  ] as const) {
    events.push(
      recordedEvent({
        streamId: 'catalogue-SKU-A',
        revision,
        position: position + revision,
        type: 'ProductDefined',
        data: { sku: 'SKU-A', name: 'Mug', tags, listPrice: eur(1500), version: revision },
      }),
    );
  }
  return events;
}

const EVENTS = history();

/** Applies deliveries to a fresh store whose log holds every event; returns the stored bytes. */
async function deliver(deliveries: readonly RecordedEvent[]) {
  const store = new SqliteReadStore({ path: ':memory:' });
  try {
    const context = { store, events: new MemoryEventLog(EVENTS) };
    await kpisProjection.setup?.(store);
    for (const event of deliveries) await kpisProjection.apply(event, context);
    return [...store.storedDocuments(KPI_ORDERS_COLLECTION), ...store.storedDocuments(KPI_PRODUCTS_COLLECTION)];
  } finally {
    await store.close();
  }
}

describe('kpis under redelivery', () => {
  it('converges to the in-order documents whatever the order and duplicates', async () => {
    const expected = await deliver(EVENTS);
    expect(expected.map((doc) => doc.id)).toEqual(['a', 'b', 'c', 'SKU-A']);
    await expectSameUnderShuffledDeliveries(EVENTS, deliver, expected, { numRuns: 100, maxDuplicates: 15 });
  });
});
