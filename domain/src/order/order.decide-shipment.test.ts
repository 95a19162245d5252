import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import {
  draft,
  forOrder,
  fx,
  minutesAfterT0,
  orderFacts,
  orderStream,
  pathTo,
  recordOrderEvent,
} from '../testing/order-fixtures.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft } from './order.events.ts';
import { orderStatus } from './order.state.ts';

const spec = deciderSpec(orderDecider, () => orderFacts(), recordOrderEvent);
const given = (drafts: OrderEventDraft[]) => spec.given(orderStream(drafts));
const window = { from: '2026-03-04T08:00:00.000Z', to: '2026-03-04T12:00:00.000Z' };

describe('shipment commands, happy path', () => {
  it.each([
    ['StartPicking', pathTo('allocated'), forOrder({ type: 'StartPicking', shipmentId: 's1' }), fx.picking()],
    [
      'PackShipment',
      pathTo('picking'),
      forOrder({ type: 'PackShipment', shipmentId: 's1', parcels: 2 }),
      draft('ShipmentPacked', { shipmentId: 's1', parcels: 2 }),
    ],
    [
      'DispatchShipment',
      pathTo('packed'),
      forOrder({
        type: 'DispatchShipment',
        shipmentId: 's1',
        carrier: 'dhl',
        trackingNumber: 'T1',
        estimatedDelivery: window,
      }),
      draft('ShipmentDispatched', {
        shipmentId: 's1',
        carrier: 'dhl',
        trackingNumber: 'T1',
        estimatedDelivery: window,
      }),
    ],
    [
      'RecordShipmentInTransit',
      pathTo('shipped'),
      forOrder({ type: 'RecordShipmentInTransit', shipmentId: 's1' }),
      draft('ShipmentInTransit', { shipmentId: 's1' }),
    ],
    [
      'RecordOutForDelivery',
      pathTo('inTransit'),
      forOrder({ type: 'RecordOutForDelivery', shipmentId: 's1' }),
      fx.outForDelivery(),
    ],
    [
      'RecordDelivery',
      pathTo('outForDelivery'),
      forOrder({ type: 'RecordDelivery', shipmentId: 's1', receivedBy: 'neighbour' }),
      draft('ShipmentDelivered', { shipmentId: 's1', receivedBy: 'neighbour' }),
    ],
    [
      'RecordDeliveryFailure',
      pathTo('outForDelivery'),
      forOrder({ type: 'RecordDeliveryFailure', shipmentId: 's1', reason: 'nobody home' }),
      fx.deliveryFailed(),
    ],
    [
      'ReattemptDelivery',
      [...pathTo('outForDelivery'), fx.deliveryFailed()],
      forOrder({ type: 'ReattemptDelivery', shipmentId: 's1', window }),
      draft('DeliveryReattempted', { shipmentId: 's1', window }),
    ],
    [
      'ReturnShipmentToSender',
      [...pathTo('outForDelivery'), fx.deliveryFailed()],
      forOrder({ type: 'ReturnShipmentToSender', shipmentId: 's1', reason: 'refused' }),
      fx.returnedToSender(),
    ],
  ])('%s', (_, history, command, expected) => {
    given(history).when(command).then([expected]);
  });
});

describe('shipment commands, rejections', () => {
  it('refuses unknown shipments and steps out of order', () => {
    given(pathTo('allocated'))
      .when(forOrder({ type: 'StartPicking', shipmentId: 'nope' }))
      .thenRejects('shipment.unknown', { field: '/shipmentId' });
    given(pathTo('picking'))
      .when(forOrder({ type: 'DispatchShipment', shipmentId: 's1', carrier: 'dhl', trackingNumber: 'T' }))
      .thenRejects('shipment.invalid-transition', { shipmentId: 's1', shipmentStatus: 'picking' });
    given(pathTo('shipped'))
      .when(forOrder({ type: 'RecordDelivery', shipmentId: 's1' }))
      .thenRejects('shipment.invalid-transition', { shipmentStatus: 'shipped' });
  });

  it('refuses shipment steps while the order is on hold', () => {
    given([...pathTo('allocated'), draft('OrderHeld', { reason: 'check' })])
      .when(forOrder({ type: 'StartPicking', shipmentId: 's1' }))
      .thenRejects('shipment.invalid-transition', { state: { main: 'onHold', payment: 'pending', returns: 'none' } });
  });

  it('checks carrier, tracking number and delivery windows', () => {
    given(pathTo('packed'))
      .when(forOrder({ type: 'DispatchShipment', shipmentId: 's1', carrier: '', trackingNumber: 'T' }))
      .thenRejects('order.invalid-field', { field: '/carrier' });
    given(pathTo('packed'))
      .when(
        forOrder({
          type: 'DispatchShipment',
          shipmentId: 's1',
          carrier: 'dhl',
          trackingNumber: 'T',
          estimatedDelivery: { from: window.to, to: window.from },
        }),
      )
      .thenRejects('shipment.invalid-window', { field: '/estimatedDelivery' });
  });
});

describe('the order follows its least advanced shipment', () => {
  const split = [fx.placed, fx.confirmed, fx.split];

  it('stays allocated until every shipment is being picked', () => {
    const state = given(split)
      .when(forOrder({ type: 'StartPicking', shipmentId: 's1' }))
      .then([fx.picking('s1')]);
    expect(orderStatus(state).main).toBe('allocated');
  });

  it('one delivered and one in transit is in transit; both delivered is delivered', () => {
    const s1Delivered = [
      fx.picking('s1'),
      fx.packed('s1'),
      fx.dispatched('s1'),
      fx.outForDelivery('s1'),
      fx.delivered('s1'),
    ];
    const s2InTransit = [fx.picking('s2'), fx.packed('s2'), fx.dispatched('s2'), fx.inTransit('s2')];
    const history = [...split, ...s1Delivered, ...s2InTransit];
    const outForDelivery = given(history)
      .when(forOrder({ type: 'RecordOutForDelivery', shipmentId: 's2' }))
      .then([fx.outForDelivery('s2')]);
    expect(orderStatus(outForDelivery).main).toBe('fulfilment.outForDelivery');
    const delivered = given([...history, fx.outForDelivery('s2')])
      .when(forOrder({ type: 'RecordDelivery', shipmentId: 's2' }))
      .then([fx.delivered('s2')]);
    expect(orderStatus(delivered).main).toBe('fulfilment.delivered');
    // The order as a whole is delivered when its last shipment is, the event after `history`'s next.
    expect(delivered.context.milestones.deliveredAt).toBe(minutesAfterT0(history.length + 1));
    expect(outForDelivery.context.milestones.deliveredAt).toBeUndefined();
  });

  it('a cancelled shipment no longer counts', () => {
    const s1Shipped = [fx.picking('s1'), fx.packed('s1'), fx.dispatched('s1')];
    const state = given([...split, ...s1Shipped, fx.picking('s2')])
      .when(forOrder({ type: 'CancelOrderLines', lines: [{ lineId: '2', quantity: 1 }], reason: 'damaged' }))
      .then([draft('OrderLinesCancelled', { lines: [{ lineId: '2', quantity: 1 }], reason: 'damaged' })]);
    expect(state.context.shipments.s2?.status).toBe('cancelled');
    expect(orderStatus(state).main).toBe('fulfilment.shipped');
    // Dropping the lagging s2 is what makes the whole order shipped, at the cancellation's time.
    expect(state.context.milestones.shippedAt).toBe(minutesAfterT0(split.length + s1Shipped.length + 1));
  });
});
