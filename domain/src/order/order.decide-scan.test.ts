import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CarrierScanKind } from '../carriers/carrier-scan.types.ts';
import { deciderSpec } from '../testing/decider-spec.ts';
import { draft, forOrder, fx, orderFacts, orderStream, pathTo, recordOrderEvent } from '../testing/order-fixtures.ts';
import type { CarrierScanInput } from './order.commands.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft } from './order.events.ts';
import { foldOrder, orderStatus } from './order.state.ts';

const spec = deciderSpec(orderDecider, () => orderFacts(), recordOrderEvent);
const given = (drafts: OrderEventDraft[]) => spec.given(orderStream(drafts));

const scan = (
  carrierEventId: string,
  kind: CarrierScanKind,
  occurredAt: string,
  extra: Partial<CarrierScanInput> = {},
): CarrierScanInput => ({ shipmentId: 's1', carrier: 'dhl', carrierEventId, kind, occurredAt, ...extra });
const recorded = (input: CarrierScanInput) => draft('CarrierScanRecorded', input);

// A day to the door with a failed attempt: picked up, two location pings, out, failed, out again, delivered.
const day: CarrierScanInput[] = [
  scan('e1', 'handed-over', '2026-03-02T07:12:00Z', { location: 'Leipzig' }),
  scan('e2', 'in-transit', '2026-03-02T09:40:00Z', { location: 'Leipzig Hub' }),
  scan('e3', 'in-transit', '2026-03-02T12:05:00Z', { location: 'Berlin' }),
  scan('e4', 'out-for-delivery', '2026-03-02T13:30:00Z', {
    estimatedDelivery: { from: '2026-03-02T14:00:00Z', to: '2026-03-02T17:00:00Z' },
  }),
  scan('e5', 'failed-attempt', '2026-03-02T14:10:00Z', { reason: 'nobody home' }),
  scan('e6', 'out-for-delivery', '2026-03-02T16:00:00Z'),
  scan('e7', 'delivered', '2026-03-02T16:20:00Z', { receivedBy: 'M. Weber', location: 'Berlin Mitte' }),
];

const after = (scans: readonly CarrierScanInput[], from = pathTo('shipped')) =>
  foldOrder(orderStream([...from, ...scans.map(recorded)]));

describe('RecordCarrierScan', () => {
  it('records the scan with its mapping version and moves the shipment', () => {
    const state = given(pathTo('shipped'))
      .when(
        forOrder({ type: 'RecordCarrierScan', ...scan('e2', 'in-transit', '2026-03-02T09:40:00Z'), mappingVersion: 2 }),
      )
      .then([recorded({ ...scan('e2', 'in-transit', '2026-03-02T09:40:00Z'), mappingVersion: 2 })]);
    const shipment = state.context.shipments.s1;
    expect(shipment?.status).toBe('inTransit');
    expect(shipment?.scans).toEqual([
      { carrier: 'dhl', carrierEventId: 'e2', kind: 'in-transit', occurredAt: '2026-03-02T09:40:00Z' },
    ]);
    expect(orderStatus(state).main).toBe('fulfilment.inTransit');
  });

  it('records nothing for a scan the shipment holds already', () => {
    const first = scan('e2', 'in-transit', '2026-03-02T09:40:00Z');
    given([...pathTo('shipped'), recorded(first)])
      .when(forOrder({ type: 'RecordCarrierScan', ...first, location: 'changed' }))
      .then([]);
  });

  it('is taken on a delivered shipment, and after the order is completed, moving nothing back', () => {
    const late = scan('late', 'in-transit', '2026-03-01T10:00:00Z', { location: 'Leipzig' });
    const completed = [...pathTo('delivered'), draft('OrderCompleted', { reason: 'delivered' })];
    for (const path of [pathTo('delivered'), completed]) {
      const state = given(path)
        .when(forOrder({ type: 'RecordCarrierScan', ...late }))
        .then([recorded(late)]);
      expect(state.context.shipments.s1?.status).toBe('delivered');
      expect(state.context.shipments.s1?.scans).toHaveLength(1);
    }
  });

  it('is refused on an unknown shipment, a shipment not dispatched and a closed order', () => {
    const s = scan('e1', 'in-transit', '2026-03-02T09:40:00Z');
    given(pathTo('shipped'))
      .when(forOrder({ type: 'RecordCarrierScan', ...s, shipmentId: 's9' }))
      .thenRejects('shipment.unknown', { field: '/shipmentId' });
    given(pathTo('packed'))
      .when(forOrder({ type: 'RecordCarrierScan', ...s }))
      .thenRejects('shipment.not-dispatched', { shipmentStatus: 'packed' });
    const closed = [
      ...pathTo('delivered'),
      draft('OrderCompleted', { reason: 'delivered' }),
      draft('OrderClosed', { reason: 'done' }),
    ];
    given(closed)
      .when(forOrder({ type: 'RecordCarrierScan', ...s }))
      .thenRejects('order.closed');
  });

  it('refuses a scan that is not one: unknown kind, no time, a window that ends before it starts', () => {
    const s = scan('e1', 'in-transit', '2026-03-02T09:40:00Z');
    given(pathTo('shipped'))
      .when(forOrder({ type: 'RecordCarrierScan', ...s, kind: 'lost' as CarrierScanKind }))
      .thenRejects('order.invalid-field', { field: '/kind' });
    given(pathTo('shipped'))
      .when(forOrder({ type: 'RecordCarrierScan', ...s, occurredAt: 'yesterday' }))
      .thenRejects('order.invalid-field', { field: '/occurredAt' });
    given(pathTo('shipped'))
      .when(forOrder({ type: 'RecordCarrierScan', ...s, carrierEventId: ' ' }))
      .thenRejects('order.invalid-field', { field: '/carrierEventId' });
    const backwards = { from: '2026-03-02T17:00:00Z', to: '2026-03-02T14:00:00Z' };
    given(pathTo('shipped'))
      .when(forOrder({ type: 'RecordCarrierScan', ...s, estimatedDelivery: backwards }))
      .thenRejects('shipment.invalid-window', { field: '/estimatedDelivery' });
  });
});

describe('RecordCarrierScans', () => {
  it('records every new scan of the payload in one decision, skipping those already held', () => {
    given([...pathTo('shipped'), recorded(day[1]!)])
      .when(forOrder({ type: 'RecordCarrierScans', scans: [day[1]!, day[2]!, day[2]!, day[3]!] }))
      .then([recorded(day[2]!), recorded(day[3]!)]);
  });

  it('refuses them all when one is refused, naming it', () => {
    const bad = { ...day[3]!, estimatedDelivery: { from: '2026-03-02T17:00:00Z', to: '2026-03-02T14:00:00Z' } };
    given(pathTo('shipped'))
      .when(forOrder({ type: 'RecordCarrierScans', scans: [day[1]!, bad, day[4]!] }))
      .thenRejects('shipment.invalid-window', { field: '/scans/1/estimatedDelivery', index: 1, carrierEventId: 'e4' });
    given(pathTo('shipped'))
      .when(forOrder({ type: 'RecordCarrierScans', scans: [] }))
      .thenRejects('order.invalid-field', { field: '/scans' });
  });
});

describe('a shipment tracked from its scans', () => {
  it('walks a day to the door with a failed attempt: two attempts, delivered, scans in time order', () => {
    const shipment = after(day).context.shipments.s1;
    expect(shipment).toMatchObject({
      status: 'delivered',
      deliveryAttempts: 2,
      inTransitAt: '2026-03-02T09:40:00Z',
      outForDeliveryAt: '2026-03-02T16:00:00Z',
      deliveryFailedAt: '2026-03-02T14:10:00Z',
      deliveredAt: '2026-03-02T16:20:00Z',
      failureReason: 'nobody home',
      receivedBy: 'M. Weber',
      lastLocation: 'Berlin Mitte',
      estimatedDelivery: { from: '2026-03-02T14:00:00Z', to: '2026-03-02T17:00:00Z' },
    });
    expect(shipment?.scans.map((s) => s.carrierEventId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
    const state = after(day);
    expect(state.context.lines.map((line) => line.deliveredQuantity)).toEqual([2, 1]);
    expect(state.context.milestones.deliveredAt).toBe('2026-03-02T16:20:00Z');
    expect(orderStatus(state).main).toBe('fulfilment.delivered');
  });

  it('ends in the same state whatever order the scans arrive in, and however often', () => {
    const expected = after(day);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(day, { minLength: day.length }),
        fc.array(fc.nat(day.length - 1)),
        (order, again) => {
          const arrived = [...order, ...again.map((i) => day[i]!)];
          const state = after(arrived);
          expect(state.value).toEqual(expected.value);
          expect(state.context).toEqual(expected.context);
        },
      ),
    );
  });

  it('never moves a shipment back that was moved by hand', () => {
    const state = after([scan('e2', 'in-transit', '2026-03-02T09:40:00Z')], pathTo('outForDelivery'));
    expect(state.context.shipments.s1?.status).toBe('outForDelivery');
    expect(state.context.shipments.s1?.scans).toHaveLength(1);
    const returned = [...pathTo('outForDelivery'), fx.deliveryFailed(), fx.returnedToSender()];
    const late = after([scan('e7', 'delivered', '2026-03-02T16:20:00Z')], returned);
    expect(late.context.shipments.s1?.status).toBe('returnedToSender');
  });
});
