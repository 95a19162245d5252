import { describe, expect, it } from 'vitest';
import { draft, fx, pathTo } from '../testing/order-fixtures.ts';
import {
  ANYTIME_BEFORE_DISPATCH,
  acceptedAfter,
  CANCEL,
  type LegalityRow,
  NEW_PAYMENT,
  NOTES_AND_TAGS,
  PLACED,
  REMAINDER,
  SCAN,
  WINDOW,
} from '../testing/order-legality.ts';
import type { OrderEventType } from './order.events.ts';
import { orderStatus } from './order.state.ts';

// The legality table continued, for what a single shipment and a single full capture cannot
// show: shipments at different stages, a line split over two shipments, captures and voids of
// what is left of an authorization, and closing while an authorization is open. Written by
// hand from the rules, like order.legality.test.ts.

const split = [fx.placed, fx.confirmed, fx.split]; // s1: line 1 × 2, s2: line 2 × 1
const s1Shipped = [fx.picking('s1'), fx.packed('s1'), fx.dispatched('s1')];
const s1Delivered = [...s1Shipped, fx.outForDelivery('s1'), fx.delivered('s1')];
// Line 1 over both shipments: s1 has one unit, s2 the other and line 2.
const lineSplit = draft('OrderAllocated', {
  allocations: [
    { shipmentId: 's1', locationId: 'wh', lines: [{ lineId: '1', quantity: 1 }] },
    {
      shipmentId: 's2',
      locationId: 'store',
      lines: [
        { lineId: '1', quantity: 1 },
        { lineId: '2', quantity: 1 },
      ],
    },
  ],
});
const voidP1 = draft('PaymentVoided', { paymentId: 'p1', reason: 'cancelled' });
const cancelled = draft('OrderCancelled', { reason: 'customer asked' });
const partly = [fx.placed, fx.authorized(2500), fx.captured(1000)];
const SCANS = ['ShipmentInTransit', 'ShipmentOutForDelivery', 'CarrierScanRecorded', ...WINDOW] as const;

const CONFIRMED: OrderEventType[] = [
  'OrderAllocated',
  'OrderHeld',
  ...CANCEL,
  ...NEW_PAYMENT,
  ...ANYTIME_BEFORE_DISPATCH,
  ...WINDOW,
];
const allocatedHeld = [fx.placed, fx.confirmed, fx.allocated, draft('OrderHeld', { reason: 'address check' })];
const rejectedWhileHeld = [...allocatedHeld, fx.allocationRejected()];

const table: readonly LegalityRow[] = [
  [
    'main allocated, split and untouched: either location may give its shipment back',
    split,
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
    'main confirmed, after a location rejected the allocation',
    [...split, fx.allocationRejected('s2', 'store-paris')],
    CONFIRMED,
  ],
  [
    'main onHold, held when allocated: the location may still give its shipment back',
    allocatedHeld,
    ['OrderReleased', 'AllocationRejected', ...CANCEL, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'main onHold, the allocation rejected while held',
    rejectedWhileHeld,
    ['OrderReleased', ...CANCEL, ...NEW_PAYMENT, ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'main confirmed, released after the allocation was rejected while held',
    [...rejectedWhileHeld, draft('OrderReleased', { reason: 'checked' })],
    CONFIRMED,
  ],
  [
    'main allocated, s1 packed and s2 allocated',
    [...split, fx.picking('s1'), fx.packed('s1')],
    [
      'ShipmentDispatched',
      'PickingStarted',
      'ShipmentConsolidated',
      'OrderHeld',
      ...CANCEL,
      ...NEW_PAYMENT,
      ...ANYTIME_BEFORE_DISPATCH,
      ...WINDOW,
    ],
  ],
  [
    'main allocated, s1 dispatched and s2 allocated: no hold, no cancel, scans go on',
    [...split, ...s1Shipped],
    [...SCANS, 'PickingStarted', 'ShipmentConsolidated', 'OrderLinesCancelled', ...NEW_PAYMENT, ...NOTES_AND_TAGS],
  ],
  [
    'main picking, s1 in transit and s2 picking',
    [...split, ...s1Shipped, fx.inTransit('s1'), fx.picking('s2')],
    [...SCANS, 'ShipmentPacked', 'OrderLinesCancelled', ...NEW_PAYMENT, ...NOTES_AND_TAGS],
  ],
  [
    'main inTransit, s1 delivered and s2 in transit: line 1 returnable',
    [...split, ...s1Delivered, fx.picking('s2'), fx.packed('s2'), fx.dispatched('s2'), fx.inTransit('s2')],
    [...SCANS, 'ReturnRequested', ...NEW_PAYMENT, ...NOTES_AND_TAGS],
  ],
  [
    'main allocated, line 1 partly dispatched: its other unit can be cancelled',
    [fx.placed, fx.confirmed, lineSplit, fx.picking('s1'), fx.packed('s1'), fx.dispatched('s1')],
    [...SCANS, 'PickingStarted', 'OrderLinesCancelled', ...NEW_PAYMENT, ...NOTES_AND_TAGS],
  ],
  [
    'payment captured, 1000 of 2500',
    partly,
    [...PLACED, ...REMAINDER, 'RefundIssued', ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'payment partiallyRefunded, 1000 of 2500 captured and 600 refunded',
    [...partly, fx.refunded(600)],
    [...PLACED, ...REMAINDER, 'RefundIssued', ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'payment refunded, all captured refunded but 1500 uncaptured',
    [...partly, fx.refunded(1000)],
    [...PLACED, ...REMAINDER, ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'payment captured, remainder voided',
    [...partly, voidP1],
    [...PLACED, 'RefundIssued', ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  [
    'payment authorized, again after a void',
    [fx.placed, fx.authorized(), voidP1, fx.authorized(6000, 'p2')],
    [...PLACED, ...REMAINDER, ...ANYTIME_BEFORE_DISPATCH, ...WINDOW],
  ],
  ['main cancelled, authorization open', [fx.placed, fx.authorized(), cancelled], ['PaymentVoided', ...NOTES_AND_TAGS]],
  [
    'main cancelled, authorization voided',
    [fx.placed, fx.authorized(), cancelled, voidP1],
    ['OrderClosed', ...NOTES_AND_TAGS],
  ],
  [
    'main completed, 5000 of 6000 captured',
    [...pathTo('delivered'), fx.authorized(), fx.captured(5000), draft('OrderCompleted', { reason: 'delivered' })],
    ['ReturnRequested', ...REMAINDER, 'RefundIssued', ...NOTES_AND_TAGS, ...SCAN],
  ],
];

describe('order machine legality table: split orders and partial payments', () => {
  it.each(table)('%s', (name, path, expected) => {
    const { state, accepted } = acceptedAfter(path);
    const [region, stateName] = name.replace(',', '').split(' ') as [keyof ReturnType<typeof orderStatus>, string];
    expect(orderStatus(state)[region].split('.').pop()).toBe(stateName);
    expect(accepted).toEqual([...new Set(expected)].sort());
  });
});
