import type { OrderEventDraft, RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import { projectionSpec } from '../testing/projection-spec.ts';
import { REPURCHASE_ORDERS_COLLECTION } from './repurchase.view.ts';
import { repurchaseEstimatesProjection } from './repurchase-estimates.projection.ts';
import { readRepurchaseEstimates } from './repurchase-estimates.read.ts';

const estimates = projectionSpec(repurchaseEstimatesProjection, {
  collection: REPURCHASE_ORDERS_COLLECTION,
  idOf: () => 'c-1',
  read: readRepurchaseEstimates,
});
const orders = projectionSpec(repurchaseEstimatesProjection, { collection: REPURCHASE_ORDERS_COLLECTION });

const day = (n: number) => new Date(Date.parse('2026-11-01T10:00:00.000Z') + n * 86_400_000).toISOString();
/** OrderPlaced for c-1 on day `n` (SKU-A and SKU-B, and a gift line of GIFT-1). */
function placed(orderId: string, n: number): OrderEventDraft {
  const base = orderPlaced(orderId, 'c-1', day(n));
  const data = base.data as unknown as { lines: unknown[] };
  const gift = {
    lineId: 'gift-1',
    sku: 'GIFT-1',
    name: 'Gift',
    quantity: 1,
    unitPrice: { amount: 0, currency: 'EUR' },
    gift: true,
  };
  return { ...base, data: { ...data, lines: [...data.lines, gift] } } as unknown as OrderEventDraft;
}
const twice = (events: readonly RecordedEvent[]) => events.flatMap((e) => [e, e]);

describe('repurchaseEstimates projection', () => {
  it('OrderPlaced: counts each SKU the customer bought, with the estimate from the third purchase on', async () => {
    const r = new OrderEventRecorder();
    const [one, two, three] = [
      r.record('o1', placed('o1', 0)),
      r.record('o2', placed('o2', 10)),
      r.record('o3', placed('o3', 20)),
    ];
    if (one === undefined || two === undefined || three === undefined) throw new Error('three events');
    await estimates
      .given([one])
      .when(two, two)
      .then({
        skus: [
          { sku: 'SKU-A', purchases: 2, lastPurchase: day(10) },
          { sku: 'SKU-B', purchases: 2, lastPurchase: day(10) },
        ],
      });
    const result = await estimates
      .given([one, two])
      .when(...twice([three]))
      .then({
        customerId: 'c-1',
        skus: [
          {
            sku: 'SKU-A',
            purchases: 3,
            lastPurchase: day(20),
            estimate: { sku: 'SKU-A', purchases: 3, medianDays: 10, lastPurchase: day(20), expectedNext: day(30) },
          },
          { sku: 'SKU-B', purchases: 3, estimate: { medianDays: 10 } },
        ],
      });
    expect(result.outcomes).toEqual(['applied', 'duplicate']);
    // Gift lines are no purchase.
    expect((result.doc as unknown as { skus: { sku: string }[] }).skus.map((s) => s.sku)).toEqual(['SKU-A', 'SKU-B']);
  });

  it('OrderCancelled and OrderRejected: the order no longer counts', async () => {
    const r = new OrderEventRecorder();
    const placements = [
      r.record('o1', placed('o1', 0)),
      r.record('o2', placed('o2', 10)),
      r.record('o3', placed('o3', 20)),
    ];
    const cancelled = r.record('o2', orderDraft('OrderCancelled', { reason: 'changed my mind' }));
    const rejected = r.record('o3', orderDraft('OrderRejected', { role: 'finance', reason: 'no' }));
    await estimates
      .given(placements)
      .when(cancelled, cancelled)
      .then((result) => {
        const doc = result.doc as unknown as { skus: { sku: string; purchases: number; estimate?: unknown }[] };
        expect(doc.skus[0]).toEqual({ sku: 'SKU-A', purchases: 2, lastPurchase: day(20) });
        expect(result.outcomes).toEqual(['applied', 'duplicate']);
      });
    await estimates
      .given([...placements, cancelled])
      .when(rejected, rejected)
      .then({
        skus: [
          { sku: 'SKU-A', purchases: 1, lastPurchase: day(0) },
          { sku: 'SKU-B', purchases: 1 },
        ],
      });
    await orders
      .given(placements)
      .when(cancelled, cancelled)
      .then({ id: 'o2', counts: false, skus: ['SKU-A', 'SKU-B'] });
  });

  it('other order events change nothing the estimates read', async () => {
    const r = new OrderEventRecorder();
    const placements = [r.record('o1', placed('o1', 0)), r.record('o2', placed('o2', 10))];
    const tagged = r.record('o2', orderDraft('OrderTagged', { tag: 'vip' }));
    const result = await estimates
      .given(placements)
      .when(tagged, tagged)
      .then({
        skus: [
          { sku: 'SKU-A', purchases: 2 },
          { sku: 'SKU-B', purchases: 2 },
        ],
      });
    expect(result.outcomes).toEqual(['applied', 'duplicate']);
  });
});
