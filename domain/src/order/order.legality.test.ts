import { describe, expect, it } from 'vitest';
import { fx, pathTo } from '../testing/order-fixtures.ts';
import {
  ANYTIME_BEFORE_DISPATCH,
  acceptedAfter,
  CANCEL,
  LEGALITY_COLUMNS,
  type LegalityRow,
  NEW_PAYMENT,
  NOTES_AND_TAGS,
  PLACED,
  SCAN,
  WINDOW,
} from '../testing/order-legality.ts';
import type { OrderEventDraft, OrderEventType } from './order.events.ts';
import { orderStatus } from './order.state.ts';

// Which events the machine accepts in each state, written out by hand from the lifecycle's
// rules (not derived from the machine). Each row is reached by the shortest event path, with
// one shipment s1 holding every line; order.legality-split.test.ts has split orders and
// partial payments. Representative events: LEGALITY_COLUMNS.

const column = (type: OrderEventType): OrderEventDraft => LEGALITY_COLUMNS[type][0]!;

const held = column('OrderHeld');
const delivered = pathTo('delivered');
const outForDelivery = pathTo('outForDelivery');
const paid = [...delivered, fx.authorized(), fx.captured()];
const approvedReturn = [...paid, fx.returnRequested('r1'), column('ReturnApproved')];

const table: readonly LegalityRow[] = [
  ['main new', [], ['OrderPlaced']],
  ['main placed', [fx.placed], [...PLACED, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH, ...WINDOW]],
  [
    'main onHold',
    [fx.placed, held],
    ['OrderReleased', ...CANCEL, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'main awaitingApproval',
    [fx.placed, column('ApprovalRequested')],
    [
      'ApprovalEscalated',
      'OrderApproved',
      'OrderRejected',
      'OrderHeld',
      ...CANCEL,
      ...NEW_PAYMENT,
      ...ANYTIME_BEFORE_DISPATCH,
      ...WINDOW,
    ],
  ],
  [
    'main confirmed',
    [fx.placed, fx.confirmed],
    ['OrderAllocated', 'OrderHeld', ...CANCEL, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'main allocated',
    pathTo('allocated'),
    [
      'OrderAllocated',
      'AllocationRejected',
      'OrderHeld',
      'PickingStarted',
      'ShipmentConsolidated',
      ...CANCEL,
      ...NEW_PAYMENT,
      ...ANYTIME_BEFORE_DISPATCH,
      ...WINDOW,
    ],
  ],
  [
    // Picking alone is refused (the parcel is picked under its consolidation); the same consolidation twice too.
    'main allocated with s1 consolidated',
    [...pathTo('allocated'), fx.consolidated()],
    [
      'OrderAllocated',
      'AllocationRejected',
      'OrderHeld',
      'ConsolidationUndone',
      ...CANCEL,
      ...NEW_PAYMENT,
      ...ANYTIME_BEFORE_DISPATCH,
      ...WINDOW,
    ],
  ],
  [
    'main picking',
    pathTo('picking'),
    ['ShipmentPacked', ...CANCEL, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'main packed',
    pathTo('packed'),
    ['ShipmentDispatched', ...CANCEL, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'main shipped',
    pathTo('shipped'),
    ['ShipmentInTransit', 'ShipmentOutForDelivery', ...NEW_PAYMENT, ...NOTES_AND_TAGS, ...WINDOW, ...SCAN],
  ],
  [
    'main inTransit',
    pathTo('inTransit'),
    ['ShipmentInTransit', 'ShipmentOutForDelivery', ...NEW_PAYMENT, ...NOTES_AND_TAGS, ...WINDOW, ...SCAN],
  ],
  [
    'main outForDelivery',
    outForDelivery,
    ['ShipmentDelivered', 'DeliveryFailed', ...NEW_PAYMENT, ...NOTES_AND_TAGS, ...WINDOW, ...SCAN],
  ],
  [
    'main deliveryFailed',
    [...outForDelivery, fx.deliveryFailed()],
    ['DeliveryReattempted', 'ShipmentReturnedToSender', ...NEW_PAYMENT, ...NOTES_AND_TAGS, ...WINDOW, ...SCAN],
  ],
  [
    'main returnedToSender',
    [...outForDelivery, fx.deliveryFailed(), fx.returnedToSender()],
    ['OrderClosed', ...NEW_PAYMENT, ...NOTES_AND_TAGS, ...SCAN],
  ],
  ['main delivered', delivered, ['OrderCompleted', 'ReturnRequested', ...NEW_PAYMENT, ...NOTES_AND_TAGS, ...SCAN]],
  [
    'main completed',
    [...delivered, column('OrderCompleted')],
    ['OrderClosed', 'ReturnRequested', ...NEW_PAYMENT, ...NOTES_AND_TAGS, ...SCAN],
  ],
  ['main cancelled', [fx.placed, column('OrderCancelled')], ['OrderClosed', ...NOTES_AND_TAGS]],
  ['main closed', [fx.placed, column('OrderCancelled'), column('OrderClosed')], []],
  [
    'payment authorized',
    [fx.placed, fx.authorized()],
    [...PLACED, 'PaymentCaptured', 'PaymentCaptureFailed', 'PaymentVoided', ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'payment authorizationFailed',
    [fx.placed, column('PaymentAuthorizationFailed')],
    [...PLACED, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'payment captured',
    [fx.placed, fx.authorized(), fx.captured()],
    [...PLACED, 'RefundIssued', ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'payment partiallyRefunded',
    [fx.placed, fx.authorized(), fx.captured(), fx.refunded(1000)],
    [...PLACED, 'RefundIssued', ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'payment refunded',
    [fx.placed, fx.authorized(), fx.captured(), fx.refunded(6000)],
    [...PLACED, ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'payment voided',
    [fx.placed, fx.authorized(), column('PaymentVoided')],
    [...PLACED, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'returns requested',
    [...paid, fx.returnRequested('r1')],
    ['ReturnApproved', 'ReturnRejected', 'OrderCompleted', 'RefundIssued', ...NOTES_AND_TAGS, ...SCAN],
  ],
  [
    'returns approved',
    approvedReturn,
    ['ReturnReceived', 'OrderCompleted', 'RefundIssued', ...NOTES_AND_TAGS, ...SCAN],
  ],
  [
    'returns rejected',
    [...paid, fx.returnRequested('r1'), column('ReturnRejected')],
    ['ReturnRequested', 'OrderCompleted', 'RefundIssued', ...NOTES_AND_TAGS, ...SCAN],
  ],
  [
    'returns received',
    [...approvedReturn, column('ReturnReceived')],
    ['OrderCompleted', 'RefundIssued', ...NOTES_AND_TAGS, ...SCAN],
  ],
  [
    'returns refunded',
    [...approvedReturn, column('ReturnReceived'), fx.refunded(1500, 'rf1', 'r1')],
    ['ReturnRequested', 'OrderCompleted', 'RefundIssued', ...NOTES_AND_TAGS, ...SCAN],
  ],
];

describe('order machine legality table', () => {
  it('covers every main, payment and returns state', () => {
    const reached = table.map(([, path]) => orderStatus(acceptedAfter(path).state));
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
    const { state, accepted } = acceptedAfter(path);
    const [region, stateName] = name.split(' ') as [keyof ReturnType<typeof orderStatus>, string];
    expect(orderStatus(state)[region].split('.').pop()).toBe(stateName);
    expect(accepted).toEqual([...new Set(expected)].sort());
  });
});
