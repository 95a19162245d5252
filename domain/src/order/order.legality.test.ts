import { describe, expect, it } from 'vitest';
import { draft, fx, orderStream, pathTo, recordOrderEvent } from '../testing/order-fixtures.ts';
import { ORDER_EVENT_TYPES, type OrderEventDraft, type OrderEventType } from './order.events.ts';
import { foldOrder, orderStatus } from './order.state.ts';

// Which events the machine accepts in each state, written out by hand from the lifecycle's
// rules (not derived from the machine). Each row is reached by the shortest event path;
// each column is one representative event of that type.

const column: Record<OrderEventType, OrderEventDraft> = {
  OrderPlaced: fx.placed,
  OrderConfirmed: fx.confirmed,
  OrderHeld: draft('OrderHeld', { reason: 'address check' }),
  OrderReleased: draft('OrderReleased', { reason: 'checked' }),
  ApprovalRequested: draft('ApprovalRequested', { role: 'risk', reason: 'large order' }),
  OrderApproved: draft('OrderApproved', { role: 'risk' }),
  OrderRejected: draft('OrderRejected', { role: 'risk', reason: 'fraud' }),
  OrderAllocated: fx.allocated,
  PickingStarted: fx.picking(),
  ShipmentPacked: fx.packed(),
  ShipmentDispatched: fx.dispatched(),
  ShipmentInTransit: fx.inTransit(),
  ShipmentOutForDelivery: fx.outForDelivery(),
  ShipmentDelivered: fx.delivered(),
  DeliveryFailed: fx.deliveryFailed(),
  DeliveryReattempted: fx.reattempted(),
  ShipmentReturnedToSender: fx.returnedToSender(),
  OrderCompleted: draft('OrderCompleted', { reason: 'delivered' }),
  OrderCancelled: draft('OrderCancelled', { reason: 'customer asked' }),
  OrderLinesCancelled: draft('OrderLinesCancelled', { lines: [{ lineId: '2', quantity: 1 }], reason: 'out of stock' }),
  OrderClosed: draft('OrderClosed', { reason: 'done' }),
  PaymentAuthorized: fx.authorized(6000, 'p2'),
  PaymentAuthorizationFailed: draft('PaymentAuthorizationFailed', { paymentId: 'p2', reason: 'declined' }),
  PaymentCaptured: fx.captured(1000),
  PaymentCaptureFailed: draft('PaymentCaptureFailed', { paymentId: 'p1', reason: 'timeout' }),
  PaymentVoided: draft('PaymentVoided', { paymentId: 'p1', reason: 'cancelled' }),
  RefundIssued: fx.refunded(1000, 'rf9'),
  ReturnRequested: fx.returnRequested('r2'),
  ReturnApproved: draft('ReturnApproved', { returnId: 'r1' }),
  ReturnRejected: draft('ReturnRejected', { returnId: 'r1', reason: 'worn' }),
  ReturnReceived: draft('ReturnReceived', { returnId: 'r1', condition: 'resellable' }),
  ShippingAddressChanged: draft('ShippingAddressChanged', {
    address: { name: 'Jane Doe', line1: '2 Rue Neuve', city: 'Lyon', postalCode: '69002', country: 'FR' },
  }),
  NoteAdded: draft('NoteAdded', { noteId: 'n9', text: 'called the customer', visibility: 'internal' }),
  OrderTagged: draft('OrderTagged', { tag: 'vip' }),
  OrderUntagged: draft('OrderUntagged', { tag: 'vip' }),
};

const NOTES_AND_TAGS: OrderEventType[] = ['NoteAdded', 'OrderTagged', 'OrderUntagged'];
const ANYTIME_BEFORE_DISPATCH: OrderEventType[] = ['ShippingAddressChanged', ...NOTES_AND_TAGS];
const NEW_PAYMENT: OrderEventType[] = ['PaymentAuthorized', 'PaymentAuthorizationFailed'];
const CANCEL: OrderEventType[] = ['OrderCancelled', 'OrderLinesCancelled'];
const PLACED: OrderEventType[] = ['OrderConfirmed', 'OrderHeld', 'ApprovalRequested', ...CANCEL];

const held = column.OrderHeld;
const delivered = pathTo('delivered');
const outForDelivery = pathTo('outForDelivery');
const paid = [...delivered, fx.authorized(), fx.captured()];
const approvedReturn = [...paid, fx.returnRequested('r1'), column.ReturnApproved];

const table: readonly [string, OrderEventDraft[], OrderEventType[]][] = [
  ['main new', [], ['OrderPlaced']],
  ['main placed', [fx.placed], [...PLACED, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH]],
  ['main onHold', [fx.placed, held], ['OrderReleased', ...CANCEL, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH]],
  [
    'main awaitingApproval',
    [fx.placed, column.ApprovalRequested],
    ['OrderApproved', 'OrderRejected', 'OrderHeld', ...CANCEL, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH],
  ],
  [
    'main confirmed',
    [fx.placed, fx.confirmed],
    ['OrderAllocated', 'OrderHeld', ...CANCEL, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH],
  ],
  [
    'main allocated',
    pathTo('allocated'),
    ['OrderAllocated', 'OrderHeld', 'PickingStarted', ...CANCEL, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH],
  ],
  ['main picking', pathTo('picking'), ['ShipmentPacked', ...CANCEL, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH]],
  ['main packed', pathTo('packed'), ['ShipmentDispatched', ...CANCEL, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH]],
  [
    'main shipped',
    pathTo('shipped'),
    ['ShipmentInTransit', 'ShipmentOutForDelivery', ...NEW_PAYMENT, ...NOTES_AND_TAGS],
  ],
  [
    'main inTransit',
    pathTo('inTransit'),
    ['ShipmentInTransit', 'ShipmentOutForDelivery', ...NEW_PAYMENT, ...NOTES_AND_TAGS],
  ],
  ['main outForDelivery', outForDelivery, ['ShipmentDelivered', 'DeliveryFailed', ...NEW_PAYMENT, ...NOTES_AND_TAGS]],
  [
    'main deliveryFailed',
    [...outForDelivery, fx.deliveryFailed()],
    ['DeliveryReattempted', 'ShipmentReturnedToSender', ...NEW_PAYMENT, ...NOTES_AND_TAGS],
  ],
  [
    'main returnedToSender',
    [...outForDelivery, fx.deliveryFailed(), fx.returnedToSender()],
    ['OrderClosed', ...NEW_PAYMENT, ...NOTES_AND_TAGS],
  ],
  ['main delivered', delivered, ['OrderCompleted', 'ReturnRequested', ...NEW_PAYMENT, ...NOTES_AND_TAGS]],
  [
    'main completed',
    [...delivered, column.OrderCompleted],
    ['OrderClosed', 'ReturnRequested', ...NEW_PAYMENT, ...NOTES_AND_TAGS],
  ],
  ['main cancelled', [fx.placed, column.OrderCancelled], ['OrderClosed', ...NOTES_AND_TAGS]],
  ['main closed', [fx.placed, column.OrderCancelled, column.OrderClosed], []],
  [
    'payment authorized',
    [fx.placed, fx.authorized()],
    [...PLACED, 'PaymentCaptured', 'PaymentCaptureFailed', 'PaymentVoided', ...ANYTIME_BEFORE_DISPATCH],
  ],
  [
    'payment authorizationFailed',
    [fx.placed, column.PaymentAuthorizationFailed],
    [...PLACED, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH],
  ],
  [
    'payment captured',
    [fx.placed, fx.authorized(), fx.captured()],
    [...PLACED, 'RefundIssued', ...ANYTIME_BEFORE_DISPATCH],
  ],
  [
    'payment partiallyRefunded',
    [fx.placed, fx.authorized(), fx.captured(), fx.refunded(1000)],
    [...PLACED, 'RefundIssued', ...ANYTIME_BEFORE_DISPATCH],
  ],
  [
    'payment refunded',
    [fx.placed, fx.authorized(), fx.captured(), fx.refunded(6000)],
    [...PLACED, ...ANYTIME_BEFORE_DISPATCH],
  ],
  ['payment voided', [fx.placed, fx.authorized(), column.PaymentVoided], [...PLACED, ...ANYTIME_BEFORE_DISPATCH]],
  [
    'returns requested',
    [...paid, fx.returnRequested('r1')],
    ['ReturnApproved', 'ReturnRejected', 'OrderCompleted', 'RefundIssued', ...NOTES_AND_TAGS],
  ],
  ['returns approved', approvedReturn, ['ReturnReceived', 'OrderCompleted', 'RefundIssued', ...NOTES_AND_TAGS]],
  [
    'returns rejected',
    [...paid, fx.returnRequested('r1'), column.ReturnRejected],
    ['ReturnRequested', 'OrderCompleted', 'RefundIssued', ...NOTES_AND_TAGS],
  ],
  [
    'returns received',
    [...approvedReturn, column.ReturnReceived],
    ['OrderCompleted', 'RefundIssued', ...NOTES_AND_TAGS],
  ],
  [
    'returns refunded',
    [...approvedReturn, column.ReturnReceived, fx.refunded(1500, 'rf1', 'r1')],
    ['ReturnRequested', 'OrderCompleted', 'RefundIssued', ...NOTES_AND_TAGS],
  ],
];

describe('order machine legality table', () => {
  it('covers every main, payment and returns state', () => {
    const reached = table.map(([, path]) => orderStatus(foldOrder(orderStream(path))));
    const covered = (region: 'main' | 'payment' | 'returns') => new Set(reached.map((s) => s[region].split('.').pop()));
    expect([...covered('main')].sort()).toEqual(
      [
        'new',
        'placed',
        'onHold',
        'awaitingApproval',
        'confirmed',
        'allocated',
        'picking',
        'packed',
        'shipped',
        'inTransit',
        'outForDelivery',
        'deliveryFailed',
        'returnedToSender',
        'delivered',
        'completed',
        'cancelled',
        'closed',
      ].sort(),
    );
    expect([...covered('payment')].sort()).toEqual(
      ['pending', 'authorized', 'authorizationFailed', 'captured', 'partiallyRefunded', 'refunded', 'voided'].sort(),
    );
    expect([...covered('returns')].sort()).toEqual(
      ['none', 'requested', 'approved', 'rejected', 'received', 'refunded'].sort(),
    );
  });

  it.each(table)('%s accepts exactly the expected events', (name, path, expected) => {
    const state = foldOrder(orderStream(path));
    const [region, stateName] = name.split(' ') as [keyof ReturnType<typeof orderStatus>, string];
    expect(orderStatus(state)[region].split('.').pop()).toBe(stateName);
    const accepted = ORDER_EVENT_TYPES.filter((type) => state.can(recordOrderEvent(column[type], path.length)));
    expect(accepted.sort()).toEqual([...new Set(expected)].sort());
  });
});
