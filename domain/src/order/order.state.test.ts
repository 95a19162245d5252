import { describe, expect, it } from 'vitest';
import { draft, fx, minutesAfterT0, orderStream, pathTo, recordOrderEvent } from '../testing/order-fixtures.ts';
import { allowedOrderCommands } from './order.allowed.ts';
import { orderDecider } from './order.decider.ts';
import {
  evolveOrder,
  foldOrder,
  initialOrderState,
  orderStateAt,
  orderStatus,
  restoreOrderState,
  toPersistedOrderState,
} from './order.state.ts';

const journey = orderStream([
  ...pathTo('delivered'),
  fx.authorized(),
  fx.captured(),
  fx.returnRequested('r1'),
  draft('ReturnApproved', { returnId: 'r1' }),
  draft('ReturnReceived', { returnId: 'r1', condition: 'damaged' }),
  fx.refunded(1500, 'rf1', 'r1'),
  draft('OrderTagged', { tag: 'vip' }),
  draft('NoteAdded', { noteId: 'n1', text: 'fragile', visibility: 'customer' }),
  draft('OrderCompleted', { reason: 'delivered' }),
]);

describe('order state', () => {
  it('starts new, pending and without returns', () => {
    const state = initialOrderState();
    expect(orderStatus(state)).toEqual({ main: 'new', payment: 'pending', returns: 'none' });
    expect(allowedOrderCommands(state)).toEqual(['PlaceOrder']);
  });

  it('folds a whole journey into status and context', () => {
    const state = foldOrder(journey);
    expect(orderStatus(state)).toEqual({ main: 'completed', payment: 'partiallyRefunded', returns: 'refunded' });
    const { context } = state;
    expect(context.payment).toEqual({ authorized: fx.eur(6000), captured: fx.eur(6000), refunded: fx.eur(1500) });
    expect(context.lines.map((l) => [l.dispatchedQuantity, l.deliveredQuantity, l.returnedQuantity])).toEqual([
      [2, 2, 1],
      [1, 1, 0],
    ]);
    expect(context.shipments.s1).toMatchObject({ status: 'delivered', carrier: 'colissimo', deliveryAttempts: 1 });
    expect(context.milestones).toEqual({
      placedAt: minutesAfterT0(0),
      confirmedAt: minutesAfterT0(1),
      allocatedAt: minutesAfterT0(2),
      shippedAt: minutesAfterT0(5),
      deliveredAt: minutesAfterT0(8),
      completedAt: minutesAfterT0(17),
    });
    expect(context.tags).toEqual(['vip']);
    expect(context.returns.r1).toMatchObject({ status: 'refunded', condition: 'damaged', refundId: 'rf1' });
  });

  it('keeps the context plain JSON (no undefined, no class instances)', () => {
    for (let n = 0; n <= journey.length; n += 1) {
      const { context } = orderStateAt(journey, n);
      expect(JSON.parse(JSON.stringify(context))).toStrictEqual(context);
    }
  });

  it('round-trips through its persisted JSON and resumes from it', () => {
    for (let n = 0; n < journey.length; n += 1) {
      const state = orderStateAt(journey, n);
      const persisted = JSON.parse(JSON.stringify(toPersistedOrderState(state)));
      const restored = restoreOrderState(persisted);
      expect(toPersistedOrderState(restored)).toStrictEqual(toPersistedOrderState(state));
      expect(allowedOrderCommands(restored)).toEqual(allowedOrderCommands(state));
      const next = journey[n]!;
      expect(toPersistedOrderState(evolveOrder(restored, next))).toStrictEqual(
        toPersistedOrderState(evolveOrder(state, next)),
      );
    }
  });

  it('gives the state as of any revision', () => {
    expect(orderStatus(orderStateAt(journey, 0)).main).toBe('new');
    expect(orderStatus(orderStateAt(journey, 3)).main).toBe('allocated');
    expect(orderStatus(orderStateAt(journey, 6)).main).toBe('fulfilment.shipped');
    expect(toPersistedOrderState(orderStateAt(journey, journey.length))).toEqual(
      toPersistedOrderState(foldOrder(journey)),
    );
    expect(() => orderStateAt(journey, journey.length + 1)).toThrow(RangeError);
    expect(() => orderStateAt(journey, -1)).toThrow(RangeError);
  });

  it('uses recorded revisions when events carry them', () => {
    const shuffled = [journey[1]!, journey[0]!, journey[2]!];
    expect(orderStatus(orderStateAt(shuffled, 1)).main).toBe('placed');
  });

  it('ignores an event the state does not accept', () => {
    const placed = foldOrder(orderStream([fx.placed]));
    const after = evolveOrder(placed, recordOrderEvent(fx.delivered(), 1));
    expect(toPersistedOrderState(after)).toEqual(toPersistedOrderState(placed));
  });
});

describe('orderDecider', () => {
  it('is the order category, addressed by order id', () => {
    expect(orderDecider.category).toBe('order');
    expect(orderDecider.entityId({ type: 'CloseOrder', orderId: 'o-9' })).toBe('o-9');
  });

  it('spawns a live actor that agrees with evolve event for event', () => {
    const live = orderDecider.spawn!(orderDecider.initialState());
    let folded = orderDecider.initialState();
    for (const event of journey) {
      live.send(event);
      folded = orderDecider.evolve(folded, event);
      expect(toPersistedOrderState(live.getState())).toStrictEqual(toPersistedOrderState(folded));
    }
    live.stop();
  });

  it('spawns from a restored state', () => {
    const half = orderStateAt(journey, 8);
    const live = orderDecider.spawn!(restoreOrderState(toPersistedOrderState(half)));
    for (const event of journey.slice(8)) live.send(event);
    expect(toPersistedOrderState(live.getState())).toStrictEqual(toPersistedOrderState(foldOrder(journey)));
    live.stop();
  });

  it('describes a state with its status as state, the raw value and allowed commands', () => {
    const state = foldOrder(orderStream(pathTo('packed')));
    expect(orderDecider.describe(state)).toEqual({
      state: { main: 'fulfilment.packed', payment: 'pending', returns: 'none' },
      value: { main: { fulfilment: 'packed' }, payment: 'pending', returns: 'none' },
      allowedCommands: [
        'DispatchShipment',
        'ChooseDeliveryWindow',
        'CancelOrder',
        'CancelOrderLines',
        'AuthorizePayment',
        'RecordPaymentAuthorizationFailure',
        'ChangeShippingAddress',
        'AddNote',
        'TagOrder',
      ],
    });
  });
});
