import type { RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { REPURCHASE_ORDERS_COLLECTION } from '../repurchase/repurchase.view.ts';
import { repurchaseEstimatesProjection } from '../repurchase/repurchase-estimates.projection.ts';
import { readRepurchaseEstimates } from '../repurchase/repurchase-estimates.read.ts';
import { RISK_ORDERS_COLLECTION } from '../risk/risk.view.ts';
import { readRiskAccount } from '../risk/risk-account.read.ts';
import { riskAccountsProjection } from '../risk/risk-accounts.projection.ts';
import { MemoryEventLog } from '../testing/memory-event-log.ts';
import { OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import { expectSameUnderShuffledDeliveries } from '../testing/shuffled-deliveries.ts';

/** Four orders of c-1 (one held then released, one cancelled, one rejected) and one of c-2, interleaved. */
function history(): RecordedEvent[] {
  const r = new OrderEventRecorder();
  const facts = { source: 'risk', riskRuleVersion: 1, orders: ['b'] };
  return [
    r.record('a', orderPlaced('a', 'c-1', '2026-03-01T09:00:00.000Z')),
    r.record('b', orderPlaced('b', 'c-1', '2026-03-02T08:00:00.000Z')),
    r.record('x', orderPlaced('x', 'c-2', '2026-03-02T08:10:00.000Z')),
    r.record('b', orderDraft('OrderHeld', { reason: 'risk: velocity', facts })),
    r.record('c', orderPlaced('c', 'c-1', '2026-03-02T08:30:00.000Z')),
    r.record('a', orderDraft('OrderTagged', { tag: 'vip' })),
    r.record('b', orderDraft('OrderReleased', { reason: 'known buyer' })),
    r.record('c', orderDraft('OrderCancelled', { reason: 'changed mind' })),
    r.record('d', orderPlaced('d', 'c-1', '2026-03-02T09:00:00.000Z')),
    r.record('d', orderDraft('OrderRejected', { role: 'finance', reason: 'no' })),
  ];
}

const EVENTS = history();

/** Applies deliveries to both projections on a fresh store; answers the stored bytes and the views. */
async function deliver(deliveries: readonly RecordedEvent[]) {
  const store = new SqliteReadStore({ path: ':memory:' });
  try {
    const context = { store, events: new MemoryEventLog(EVENTS) };
    for (const projection of [riskAccountsProjection, repurchaseEstimatesProjection]) {
      await projection.setup?.(store);
      for (const event of deliveries) await projection.apply(event, context);
    }
    return {
      stored: [
        ...store.storedDocuments(RISK_ORDERS_COLLECTION),
        ...store.storedDocuments(REPURCHASE_ORDERS_COLLECTION),
      ],
      views: await Promise.all(
        ['c-1', 'c-2'].flatMap((c) => [readRiskAccount(store, c), readRepurchaseEstimates(store, c)]),
      ),
    };
  } finally {
    await store.close();
  }
}

describe('riskAccounts and repurchaseEstimates under redelivery', () => {
  it('converge to the in-order documents and views whatever the order and duplicates', async () => {
    const expected = await deliver(EVENTS);
    expect(expected.views[0]).toMatchObject({ ordersSeen: 4, holds: [{ orderId: 'b', state: 'released' }] });
    expect(expected.views[1]).toMatchObject({ skus: [{ sku: 'SKU-A', purchases: 2 }, { sku: 'SKU-B' }] });
    await expectSameUnderShuffledDeliveries(EVENTS, deliver, expected, { numRuns: 60, maxDuplicates: 10 });
  });
});
