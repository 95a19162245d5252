import type { RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { repurchaseEstimatesProjection } from '../repurchase/repurchase-estimates.projection.ts';
import { readRepurchaseEstimates } from '../repurchase/repurchase-estimates.read.ts';
import { readRiskAccount } from '../risk/risk-account.read.ts';
import { riskAccountsProjection } from '../risk/risk-accounts.projection.ts';
import { CountingReadStore, type ReadStoreWork } from '../testing/counting-read-store.ts';
import { MemoryEventLog } from '../testing/memory-event-log.ts';
import { OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import type { Projection } from './projection.ts';

const ORDERS = 300;

/** ORDERS orders of one customer a minute apart (all within one risk window); every tenth cancelled, one held and released. */
function oneCustomer(): RecordedEvent[] {
  const recorder = new OrderEventRecorder('2026-03-02T00:00:00.000Z');
  const events: RecordedEvent[] = [];
  for (let i = 1; i <= ORDERS; i++) {
    const orderId = `o${String(i).padStart(4, '0')}`;
    const at = new Date(Date.parse('2026-03-02T00:00:00.000Z') + i * 60_000).toISOString();
    events.push(recorder.record(orderId, orderPlaced(orderId, 'c-1', at)));
    if (i % 10 === 0) events.push(recorder.record(orderId, orderDraft('OrderCancelled', { reason: 'changed mind' })));
    if (i === ORDERS / 2) {
      const facts = { source: 'risk', riskRuleVersion: 1, orders: [orderId] };
      events.push(recorder.record(orderId, orderDraft('OrderHeld', { reason: 'risk: velocity', facts })));
      events.push(recorder.record(orderId, orderDraft('OrderReleased', { reason: 'known buyer' })));
    }
  }
  return events;
}

/** Applies every event, each delivered twice, and answers the work each delivery cost. */
async function workPerEvent(projection: Projection, events: readonly RecordedEvent[]) {
  const store = new CountingReadStore(new SqliteReadStore({ path: ':memory:' }));
  const context = { store, events: new MemoryEventLog(events) };
  await projection.setup?.(store);
  store.take();
  const work: { event: RecordedEvent; work: ReadStoreWork }[] = [];
  for (const event of events.flatMap((e) => [e, e])) {
    await projection.apply(event, context);
    work.push({ event, work: store.take() });
  }
  return { store, work };
}

const placements = (work: readonly { event: RecordedEvent; work: ReadStoreWork }[]) =>
  work.filter(({ event }) => event.type === 'OrderPlaced').map(({ work }) => work);

describe('per-customer views of a customer with many orders', () => {
  const events = oneCustomer();

  it('riskAccounts: each event reads and writes its order’s document alone, the 300th as the first', async () => {
    const { store, work } = await workPerEvent(riskAccountsProjection, events);
    try {
      for (const { work: w } of work) {
        expect(w.queries).toBe(0);
        expect(w.documentsRead).toBeLessThanOrEqual(1);
        expect(w.documentsWritten).toBeLessThanOrEqual(1);
      }
      const placed = placements(work);
      // Delivered twice: the first writes the order's document, the duplicate writes nothing.
      expect(placed.at(0)?.bytesWritten).toBeGreaterThan(0);
      expect(placed.at(-2)?.bytesWritten).toBe(placed.at(0)?.bytesWritten);
      expect(placed.at(-1)?.documentsWritten).toBe(0);
      // The account view is still the whole account's, read when asked.
      const account = await readRiskAccount(store, 'c-1');
      expect(account?.ordersSeen).toBe(ORDERS);
      expect(account?.velocity.orders).toBe(ORDERS);
      expect(account?.revisions).toHaveLength(ORDERS);
      expect(account?.holds).toMatchObject([{ orderId: 'o0150', state: 'released' }]);
    } finally {
      await store.close();
    }
  });

  it('repurchaseEstimates: each event reads and writes its order’s document alone, the 300th as the first', async () => {
    const { store, work } = await workPerEvent(repurchaseEstimatesProjection, events);
    try {
      for (const { work: w } of work) {
        expect(w.queries).toBe(0);
        expect(w.documentsRead).toBeLessThanOrEqual(1);
        expect(w.documentsWritten).toBeLessThanOrEqual(1);
      }
      const placed = placements(work);
      expect(placed.at(-2)?.bytesWritten).toBe(placed.at(0)?.bytesWritten);
      const estimates = await readRepurchaseEstimates(store, 'c-1');
      // 270 purchases count (every tenth order was cancelled); the estimate reads the latest 25.
      expect(estimates?.skus.map((s) => [s.sku, s.purchases, s.lastPurchase])).toEqual([
        ['SKU-A', 25, '2026-03-02T04:59:00.000Z'],
        ['SKU-B', 25, '2026-03-02T04:59:00.000Z'],
      ]);
      expect(estimates?.revisions).toHaveLength(ORDERS);
    } finally {
      await store.close();
    }
  });
});
