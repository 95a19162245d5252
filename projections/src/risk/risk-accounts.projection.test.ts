import type { OrderEventDraft, RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import { projectionSpec } from '../testing/projection-spec.ts';
import { RISK_ACCOUNTS_COLLECTION, RISK_ORDERS_COLLECTION } from './risk.view.ts';
import { readRiskAccount } from './risk-account.read.ts';
import { riskAccountsProjection } from './risk-accounts.projection.ts';

const RISK = { kind: 'user', id: 'r-1', role: 'risk' } as const;
const accounts = projectionSpec(riskAccountsProjection, {
  collection: RISK_ORDERS_COLLECTION,
  idOf: () => 'c-1',
  read: readRiskAccount,
});
const orders = projectionSpec(riskAccountsProjection, { collection: RISK_ORDERS_COLLECTION });

/** OrderPlaced for c-1 at `placedAt` to street `n`, with coupons. */
function placed(orderId: string, placedAt: string, n: number, coupons: string[] = ['WELCOME10']): OrderEventDraft {
  const base = orderPlaced(orderId, 'c-1', placedAt);
  const data = base.data as unknown as { shippingAddress: Record<string, unknown> };
  return {
    ...base,
    data: {
      ...data,
      shippingAddress: { ...data.shippingAddress, line1: `${n} Main Street` },
      ...(coupons.length === 0 ? {} : { coupons }),
    },
  } as OrderEventDraft;
}
const riskFacts = { source: 'risk', riskRuleVersion: 1, orders: ['o1', 'o2', 'o3'] };
const HELD_REASON = 'risk: 3 delivery addresses within 24 h';
const heldByRisk = orderDraft('OrderHeld', { reason: HELD_REASON, facts: riskFacts });
/** Business time of each recorded event: one minute apart from 09:00. */
const recorder = () => new OrderEventRecorder('2026-03-02T09:00:00.000Z');
/** Every event applied twice: the second time changes nothing. */
const twice = (events: readonly RecordedEvent[]) => events.flatMap((e) => [e, e]);

describe('riskAccounts projection', () => {
  it('OrderPlaced: counts the account’s orders, distinct addresses, coupons and amount in the last 24 h', async () => {
    const r = recorder();
    const one = r.record('o1', placed('o1', '2026-03-01T08:00:00.000Z', 1));
    const two = r.record('o2', placed('o2', '2026-03-02T08:00:00.000Z', 2, []));
    const three = r.record('o3', placed('o3', '2026-03-02T09:00:00.000Z', 2));
    const result = await accounts
      .given([one])
      .when(...twice([two, three]))
      .then({
        customerId: 'c-1',
        // The window ends at the account's latest event, never at the projector's clock.
        asOf: three.metadata.occurredAt,
        ordersSeen: 3,
        velocity: {
          windowHours: 24,
          distinctAddresses: 1,
          orders: 2,
          ordersWithCoupons: 1,
          coupons: ['WELCOME10'],
          amount: { EUR: 12_000 },
          orderIds: ['o2', 'o3'],
        },
        holds: [],
      });
    expect(result.outcomes).toEqual(['applied', 'duplicate', 'applied', 'duplicate']);
  });

  it('OrderHeld by risk: the order joins the work queue with its facts, and the account lists it', async () => {
    const r = recorder();
    const [place, held] = r.stream('o3', [placed('o3', '2026-03-02T09:00:00.000Z', 3), heldByRisk]);
    if (place === undefined || held === undefined) throw new Error('two events');
    const queued = await orders
      .given([place])
      .when(held, held)
      .then({
        holdState: 'held',
        hold: { state: 'held', reason: HELD_REASON, facts: riskFacts, heldAt: held.metadata.occurredAt },
      });
    expect(queued.outcomes).toEqual(['applied', 'duplicate']);
    await accounts
      .given([place])
      .when(held, held)
      .then({
        holds: [{ orderId: 'o3', state: 'held', reason: HELD_REASON, heldAt: held.metadata.occurredAt }],
      });
  });

  it('OrderHeld for another reason is not risk’s', async () => {
    const r = recorder();
    const events = r.stream('o1', [
      placed('o1', '2026-03-02T09:00:00.000Z', 1),
      orderDraft('OrderHeld', { reason: 'routing: no location', facts: { source: 'routing' } }),
    ]);
    await orders
      .given([])
      .when(...twice(events))
      .then({ hold: null, holdState: null, revision: 2 });
  });

  it('OrderReleased: leaves the queue, recording who released it and why', async () => {
    const r = recorder();
    const release = orderDraft('OrderReleased', { reason: 'gifts for family', decidedBy: RISK });
    const [place, held, released] = r.stream('o3', [placed('o3', '2026-03-02T09:00:00.000Z', 3), heldByRisk, release]);
    if (place === undefined || held === undefined || released === undefined) throw new Error('three events');
    const result = await orders
      .given([place, held])
      .when(released, released)
      .then({
        holdState: 'released',
        hold: {
          state: 'released',
          decidedBy: RISK,
          decidedAt: released.metadata.occurredAt,
          decisionReason: 'gifts for family',
        },
      });
    expect(result.outcomes).toEqual(['applied', 'duplicate']);
    await accounts
      .given([place, held])
      .when(released, released)
      .then({ holds: [{ orderId: 'o3', state: 'released' }] });
  });

  it('OrderCancelled while held by risk: recorded with the event’s actor', async () => {
    const r = recorder();
    const [place, held, cancelled] = r.stream('o3', [
      placed('o3', '2026-03-02T09:00:00.000Z', 3),
      heldByRisk,
      orderDraft('OrderCancelled', { reason: 'reseller ring' }),
    ]);
    if (place === undefined || held === undefined || cancelled === undefined) throw new Error('three events');
    const cancelledByRisk = { ...cancelled, metadata: { ...cancelled.metadata, actor: RISK } };
    await orders
      .given([place, held])
      .when(cancelledByRisk, cancelledByRisk)
      .then({ holdState: 'cancelled', hold: { state: 'cancelled', decidedBy: RISK, decisionReason: 'reseller ring' } });
  });

  it('fills a gap from the log and ends as if every event had come in order', async () => {
    const r = recorder();
    const events = r.stream('o3', [
      placed('o3', '2026-03-02T09:00:00.000Z', 3),
      heldByRisk,
      orderDraft('OrderTagged', { tag: 'x' }),
    ]);
    const inOrder = await orders
      .given([])
      .when(...events)
      .then({ holdState: 'held', revision: 3 });
    const gapped = await orders
      .given([])
      .when(events[2] as RecordedEvent)
      .withLog(events)
      .then({ holdState: 'held', revision: 3 });
    expect(gapped.stored).toEqual(inOrder.stored);
  });

  it('takes every other order event without changing the account', async () => {
    const r = recorder();
    const events = r.stream('o1', [
      placed('o1', '2026-03-02T09:00:00.000Z', 1),
      orderDraft('OrderTagged', { tag: 'vip' }),
    ]);
    const result = await accounts
      .given(events.slice(0, 1))
      .when(...twice(events.slice(1)))
      .then({ revisions: [{ orderId: 'o1', revision: 1 }] });
    expect(result.outcomes).toEqual(['applied', 'duplicate']);
  });
});

describe('riskAccounts on start', () => {
  it('clears the per-account documents earlier versions wrote, whose address fingerprints no erasure reaches now', async () => {
    const store = new SqliteReadStore({ path: ':memory:' });
    try {
      const legacy = { id: 'c-1', velocity: { addresses: ['FR|69001|1 main street'] } };
      await store.collection(RISK_ACCOUNTS_COLLECTION).put(legacy);
      await riskAccountsProjection.setup?.(store);
      expect(await store.collection(RISK_ACCOUNTS_COLLECTION).get('c-1')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
