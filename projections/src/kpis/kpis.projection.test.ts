import type { OrderEventDataMap, OrderEventDraft, RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { eur, OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import { projectionSpec } from '../testing/projection-spec.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import { kpisProjection } from './kpis.projection.ts';
import { KPI_ORDERS_COLLECTION, KPI_PRODUCTS_COLLECTION } from './kpis.view.ts';

const orders = projectionSpec(kpisProjection, { collection: KPI_ORDERS_COLLECTION });
const products = projectionSpec(kpisProjection, { collection: KPI_PRODUCTS_COLLECTION });

/** OrderPlaced to region ARA, promised for 2026-03-05. */
function placed(orderId: string): OrderEventDraft {
  const data = orderPlaced(orderId).data as OrderEventDataMap['OrderPlaced'];
  return orderDraft('OrderPlaced', {
    ...data,
    shippingAddress: { ...data.shippingAddress, region: 'ARA' },
    promisedBy: '2026-03-05T18:00:00.000Z',
  });
}

const allocated = orderDraft('OrderAllocated', {
  allocations: [
    { shipmentId: 's1', locationId: 'wh-lyon', lines: [{ lineId: '1', quantity: 2 }] },
    { shipmentId: 's2', locationId: 'store-paris', lines: [{ lineId: '2', quantity: 1 }] },
  ],
});
const dispatched = (shipmentId: string) =>
  orderDraft('ShipmentDispatched', { shipmentId, carrier: 'colissimo', trackingNumber: `T-${shipmentId}` });

/** Every event applied twice in a row: the second is a duplicate and changes nothing. */
const twice = (events: readonly RecordedEvent[]) => events.flatMap((e) => [e, e]);

describe('kpis projection', () => {
  it('OrderPlaced: the order’s channel, region, SKUs, total and promise; RulesApplied adds gift SKUs', async () => {
    const r = new OrderEventRecorder();
    const [place, rules] = r.stream('o1', [
      placed('o1'),
      orderDraft('RulesApplied', {
        ruleSet: 'promotions',
        version: 1,
        matched: ['gift'],
        facts: {},
        effects: { tags: [], holds: [], approvals: [], discounts: [], gifts: [] } as never,
        addedLines: [{ lineId: 'g1', sku: 'GIFT-1', name: 'Gift', quantity: 1, unitPrice: eur(0), gift: true }],
      }),
    ]);
    const result = await orders
      .given([])
      .when(...twice([place!, rules!]))
      .then({
        revision: 2,
        placedAt: '2026-03-02T09:00:00.000Z',
        channel: 'webshop',
        region: 'ARA',
        skus: ['GIFT-1', 'SKU-A', 'SKU-B'],
        total: 6000,
        currency: 'EUR',
        promisedBy: '2026-03-05T18:00:00.000Z',
        locations: [],
        deliveredAt: null,
        cancelled: false,
        returned: false,
      });
    expect(result.outcomes).toEqual(['applied', 'duplicate', 'applied', 'duplicate']);
  });

  it('OrderAllocated names the locations; AllocationRejected withdraws the allocation but what was dispatched', async () => {
    const r = new OrderEventRecorder();
    const events = r.stream('o1', [
      placed('o1'),
      allocated,
      dispatched('s1'),
      orderDraft('AllocationRejected', {
        shipmentId: 's2',
        locationId: 'store-paris',
        kind: 'rejected',
        reason: 'no staff',
      }),
    ]);
    await orders
      .given(events.slice(0, 2))
      .when(...twice(events.slice(2, 3)))
      .then({ locations: ['store-paris', 'wh-lyon'] });
    await orders
      .given(events.slice(0, 3))
      .when(...twice(events.slice(3)))
      .then({ revision: 4, locations: ['wh-lyon'], shipments: { s1: { locationId: 'wh-lyon', dispatched: true } } });
  });

  it('ShipmentDelivered and a delivered carrier scan: delivered when the last shipment is, at its time', async () => {
    const r = new OrderEventRecorder();
    const events = r.stream('o1', [
      placed('o1'),
      allocated,
      dispatched('s1'),
      dispatched('s2'),
      orderDraft('ShipmentDelivered', { shipmentId: 's1' }),
      orderDraft('CarrierScanRecorded', {
        shipmentId: 's2',
        carrier: 'colissimo',
        carrierEventId: 'e1',
        kind: 'delivered',
        occurredAt: '2026-03-06T10:00:00.000Z',
      }),
    ]);
    await orders
      .given(events.slice(0, 4))
      .when(...twice(events.slice(4, 5)))
      .then({ deliveredAt: null, shipments: { s1: { deliveredAt: events[4]!.metadata.occurredAt } } });
    await orders
      .given(events.slice(0, 5))
      .when(...twice(events.slice(5)))
      .then({ revision: 6, deliveredAt: '2026-03-06T10:00:00.000Z' });
  });

  it('OrderCancelled, OrderRejected and ReturnReceived mark the order cancelled or returned', async () => {
    const r = new OrderEventRecorder();
    const cancelled = r.stream('o1', [placed('o1'), orderDraft('OrderCancelled', { reason: 'customer' })]);
    await orders
      .given(cancelled.slice(0, 1))
      .when(...twice(cancelled.slice(1)))
      .then({ cancelled: true });
    const rejected = r.stream('o2', [placed('o2'), orderDraft('OrderRejected', { role: 'finance', reason: 'limit' })]);
    await orders
      .given(rejected.slice(0, 1))
      .when(...twice(rejected.slice(1)))
      .then({ cancelled: true });
    const returned = r.stream('o3', [
      placed('o3'),
      orderDraft('ReturnReceived', { returnId: 'r1', condition: 'resellable' }),
    ]);
    await orders
      .given(returned.slice(0, 1))
      .when(...twice(returned.slice(1)))
      .then({ returned: true, cancelled: false });
  });

  it('a gap is read from the log: the last event alone gives the whole order', async () => {
    const r = new OrderEventRecorder();
    const events = r.stream('o1', [placed('o1'), allocated, orderDraft('OrderCancelled', { reason: 'customer' })]);
    const result = await orders
      .given([])
      .when(events[2]!, events[0]!, events[1]!)
      .withLog(events)
      .then({ revision: 3, channel: 'webshop', locations: ['store-paris', 'wh-lyon'], cancelled: true });
    expect(result.outcomes).toEqual(['applied', 'duplicate', 'duplicate']);
  });

  it('ProductDefined: the SKU’s category from its category- tag, uncategorised without one', async () => {
    const defined = (revision: number, tags: string[]) =>
      recordedEvent({
        streamId: 'catalogue-SKU-A',
        revision,
        position: revision,
        type: 'ProductDefined',
        data: { sku: 'SKU-A', name: 'Mug', tags, listPrice: eur(1500), version: revision },
      });
    await products
      .given([])
      .when(...twice([defined(1, ['fragile', 'category-kitchen'])]))
      .then({ id: 'SKU-A', revision: 1, category: 'kitchen' });
    await products
      .given([defined(1, ['category-kitchen'])])
      .when(...twice([defined(2, ['fragile'])]))
      .then({ revision: 2, category: 'uncategorised' });
  });
});
