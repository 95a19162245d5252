import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import { draft, forOrder, fx, orderFacts, orderStream, pathTo, recordOrderEvent } from '../testing/order-fixtures.ts';
import { allowedOrderCommands } from './order.allowed.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft } from './order.events.ts';
import { foldOrder, orderStatus } from './order.state.ts';
import type { Allocation } from './order.types.ts';

const spec = deciderSpec(orderDecider, () => orderFacts(), recordOrderEvent);
const given = (drafts: OrderEventDraft[]) => spec.given(orderStream(drafts));
const cmd = forOrder;
const orderPlacedData = (fx.placed as Extract<OrderEventDraft, { type: 'OrderPlaced' }>).data;

describe('AllocateOrder', () => {
  const allocate = (allocations: readonly Allocation[]) => cmd({ type: 'AllocateOrder', allocations });

  it('allocates a confirmed order and re-allocates it while nothing is picked', () => {
    const { allocations } = fx.split.data;
    given([fx.placed, fx.confirmed]).when(allocate(allocations)).then([fx.split]);
    given(pathTo('allocated')).when(allocate(allocations)).then([fx.split]);
  });

  it('refuses re-allocation once picking started and allocation before confirmation', () => {
    const fresh = [{ shipmentId: 's3', locationId: 'w', lines: fx.allocated.data.allocations[0]!.lines }];
    given([...pathTo('allocated'), fx.picking()])
      .when(allocate(fresh))
      .thenRejects('order.not-allocatable');
    given([fx.placed]).when(allocate(fresh)).thenRejects('order.not-allocatable');
    const { allocations } = fx.allocated.data;
    given([...pathTo('allocated'), fx.picking()])
      .when(allocate(allocations))
      .thenRejects('shipment.duplicate');
  });

  it.each([
    ['order.allocation-mismatch', [{ shipmentId: 's1', locationId: 'w', lines: [{ lineId: '1', quantity: 2 }] }]],
    ['order.allocation-mismatch', []],
    ['order.line-unknown', [{ shipmentId: 's1', locationId: 'w', lines: [{ lineId: '9', quantity: 1 }] }]],
    ['order.invalid-quantity', [{ shipmentId: 's1', locationId: 'w', lines: [{ lineId: '1', quantity: -2 }] }]],
    [
      'shipment.duplicate',
      [
        { shipmentId: 's1', locationId: 'w', lines: [{ lineId: '1', quantity: 2 }] },
        { shipmentId: 's1', locationId: 'w', lines: [{ lineId: '2', quantity: 1 }] },
      ],
    ],
    ['order.invalid-field', [{ shipmentId: 's1', locationId: '', lines: [{ lineId: '1', quantity: 2 }] }]],
  ])('rejects %s', (code, allocations) => {
    given([fx.placed, fx.confirmed]).when(allocate(allocations)).thenRejects(code, { field: '/allocations' });
  });
});

describe('completion, cancellation and closing', () => {
  it('completes a delivered order and closes it', () => {
    const completed = draft('OrderCompleted', { reason: 'delivered' });
    given(pathTo('delivered'))
      .when(cmd({ type: 'CompleteOrder' }))
      .then([completed]);
    given([...pathTo('delivered'), completed])
      .when(cmd({ type: 'CloseOrder' }))
      .then([draft('OrderClosed', { reason: 'closed' })]);
    given(pathTo('inTransit'))
      .when(cmd({ type: 'CompleteOrder' }))
      .thenRejects('order.not-completable');
    given(pathTo('inTransit'))
      .when(cmd({ type: 'CloseOrder' }))
      .thenRejects('order.not-closable');
  });

  it('cancels until a shipment is dispatched', () => {
    const cancel = cmd({ type: 'CancelOrder', reason: 'customer asked' });
    const state = given(pathTo('packed'))
      .when(cancel)
      .then([draft('OrderCancelled', { reason: 'customer asked' })]);
    expect(Object.values(state.context.shipments).map((s) => s.status)).toEqual(['cancelled']);
    given(pathTo('shipped'))
      .when(cancel)
      .thenRejects('order.not-cancellable', {
        state: { main: 'fulfilment.shipped', payment: 'pending', returns: 'none' },
      });
  });

  it('cancels lines; cancelling the last remaining quantity cancels the order', () => {
    const some = draft('OrderLinesCancelled', { lines: [{ lineId: '1', quantity: 1 }], reason: 'broken' });
    given([fx.placed, fx.confirmed])
      .when(cmd({ type: 'CancelOrderLines', lines: [{ lineId: '1', quantity: 1 }], reason: 'broken' }))
      .then([some]);
    const rest = [
      { lineId: '1', quantity: 1 },
      { lineId: '2', quantity: 1 },
    ];
    const state = given([fx.placed, fx.confirmed, some])
      .when(cmd({ type: 'CancelOrderLines', lines: rest, reason: 'gone' }))
      .then([draft('OrderLinesCancelled', { lines: rest, reason: 'gone' })]);
    expect(orderStatus(state).main).toBe('cancelled');
  });

  it('cancels what of a line is not dispatched yet, trimming only undispatched shipments', () => {
    // Line 1 (3 units): 1 in s1, dispatched; 2 in s2, not dispatched; line 2 in s2 as well.
    const placed = draft('OrderPlaced', {
      ...orderPlacedData,
      lines: [{ ...orderPlacedData.lines[0]!, quantity: 3 }, orderPlacedData.lines[1]!],
      total: fx.eur(7500),
    });
    const allocated = draft('OrderAllocated', {
      allocations: [
        { shipmentId: 's1', locationId: 'wh', lines: [{ lineId: '1', quantity: 1 }] },
        {
          shipmentId: 's2',
          locationId: 'store',
          lines: [
            { lineId: '1', quantity: 2 },
            { lineId: '2', quantity: 1 },
          ],
        },
      ],
    });
    const history = [placed, fx.confirmed, allocated, fx.picking('s1'), fx.packed('s1'), fx.dispatched('s1')];
    const two = [{ lineId: '1', quantity: 2 }];
    const state = given(history)
      .when(cmd({ type: 'CancelOrderLines', lines: two, reason: 'short' }))
      .then([draft('OrderLinesCancelled', { lines: two, reason: 'short' })]);
    expect(state.context.shipments.s1?.lines).toEqual([{ lineId: '1', quantity: 1 }]);
    expect(state.context.shipments.s2?.lines).toEqual([{ lineId: '2', quantity: 1 }]);
    expect(state.context.lines[0]).toMatchObject({ quantity: 3, cancelledQuantity: 2, dispatchedQuantity: 1 });
    expect(orderStatus(state).main).toBe('allocated');
    given(history)
      .when(cmd({ type: 'CancelOrderLines', lines: [{ lineId: '1', quantity: 3 }], reason: 'short' }))
      .thenRejects('order.line-not-cancellable', { state: { main: 'allocated', payment: 'pending', returns: 'none' } });
  });

  it('refuses to cancel lines in a dispatched shipment or beyond what is left', () => {
    const lines = (lineId: string, quantity: number) => [{ lineId, quantity }];
    const split = [fx.placed, fx.confirmed, fx.split, fx.picking('s1'), fx.packed('s1'), fx.dispatched('s1')];
    given(split)
      .when(cmd({ type: 'CancelOrderLines', lines: lines('1', 1), reason: 'x' }))
      .thenRejects('order.line-not-cancellable');
    given(split)
      .when(cmd({ type: 'CancelOrderLines', lines: lines('2', 1), reason: 'x' }))
      .then([draft('OrderLinesCancelled', { lines: lines('2', 1), reason: 'x' })]);
    given([fx.placed])
      .when(cmd({ type: 'CancelOrderLines', lines: lines('1', 3), reason: 'x' }))
      .thenRejects('order.invalid-quantity');
    given([fx.placed])
      .when(cmd({ type: 'CancelOrderLines', lines: lines('7', 1), reason: 'x' }))
      .thenRejects('order.line-unknown');
  });
});

describe('address, notes and tags', () => {
  const address = { name: 'Jane Doe', line1: '9 Quai', city: 'Lyon', postalCode: '69003', country: 'FR' };

  it('changes the address until dispatch', () => {
    given(pathTo('packed'))
      .when(cmd({ type: 'ChangeShippingAddress', address }))
      .then([draft('ShippingAddressChanged', { address })]);
    given(pathTo('shipped'))
      .when(cmd({ type: 'ChangeShippingAddress', address }))
      .thenRejects('order.address-locked');
    given([fx.placed])
      .when(cmd({ type: 'ChangeShippingAddress', address: { ...address, city: '' } }))
      .thenRejects('order.invalid-address', { field: '/address/city' });
  });

  it('keeps coordinates the channel gives with the address, and refuses them out of range', () => {
    const located = { ...address, coordinates: { lat: 45.7578, lng: 4.832 } };
    given([fx.placed])
      .when(cmd({ type: 'ChangeShippingAddress', address: located }))
      .then([draft('ShippingAddressChanged', { address: located })]);
    given([fx.placed])
      .when(cmd({ type: 'ChangeShippingAddress', address: { ...address, coordinates: { lat: 91, lng: 4.8 } } }))
      .thenRejects('order.invalid-address', { field: '/address/coordinates/lat' });
    given([fx.placed])
      .when(cmd({ type: 'ChangeShippingAddress', address: { ...address, coordinates: { lat: 45.7, lng: -180.5 } } }))
      .thenRejects('order.invalid-address', { field: '/address/coordinates/lng' });
  });

  it('adds notes once per id', () => {
    const note = { noteId: 'n1', text: 'fragile', visibility: 'customer' } as const;
    given([fx.placed])
      .when(cmd({ type: 'AddNote', ...note }))
      .then([draft('NoteAdded', note)]);
    given([fx.placed, draft('NoteAdded', note)])
      .when(cmd({ type: 'AddNote', ...note }))
      .thenRejects('order.duplicate-note');
  });

  it('tags and untags, refusing a tag already present or absent', () => {
    const tagged = draft('OrderTagged', { tag: 'vip' });
    given([fx.placed])
      .when(cmd({ type: 'TagOrder', tag: 'vip' }))
      .then([tagged]);
    given([fx.placed, tagged])
      .when(cmd({ type: 'TagOrder', tag: 'vip' }))
      .thenRejects('order.tag-present');
    given([fx.placed, tagged])
      .when(cmd({ type: 'UntagOrder', tag: 'vip' }))
      .then([draft('OrderUntagged', { tag: 'vip' })]);
    given([fx.placed])
      .when(cmd({ type: 'UntagOrder', tag: 'vip' }))
      .thenRejects('order.tag-absent');
  });

  it('says in every rejection what the order accepts now', () => {
    const rejection = given([fx.placed, fx.confirmed])
      .when(cmd({ type: 'ConfirmOrder' }))
      .thenRejects('order.not-confirmable');
    expect(rejection.details?.allowedCommands).toEqual(
      allowedOrderCommands(foldOrder(orderStream([fx.placed, fx.confirmed]))),
    );
    expect(rejection.details?.allowedCommands).toContain('AllocateOrder');
  });
});
