import { and } from 'xstate';
import type { HoldOrigin } from './order.context.ts';

// Transition fragments the order machine uses in several states. Guards and actions are
// referred to by name; order.machine.ts provides them.

/**
 * Holding the order from a state it can be released back to, only while no shipment has been
 * dispatched: a parcel with the carrier cannot be stopped, and a hold would refuse its scans.
 */
export const hold = (from: HoldOrigin) =>
  ({
    OrderHeld: {
      guard: 'hasNoDispatchedShipment',
      target: '#order.main.onHold',
      actions: { type: 'recordHold', params: { from } },
    },
  }) as const;

/** Closing the order, once no authorization holds an uncaptured, unvoided remainder. */
export const close = {
  OrderClosed: { guard: 'hasNoOpenAuthorization', target: '#order.main.closed', actions: 'recordClosure' },
} as const;

// Cancelling every remaining line cancels the order; cancelling some keeps the state, or
// re-settles it where shipments may have lost lines.

/** Cancelling the whole order while nothing is dispatched. */
export const cancelOrder = {
  guard: 'hasNoDispatchedShipment',
  target: '#order.main.cancelled',
  actions: 'recordCancellation',
} as const;

/** Cancelling the last remaining quantities, which cancels the order. */
export const cancelAllLines = {
  guard: and(['canCancelLines', 'cancelsAllLines']),
  target: '#order.main.cancelled',
  actions: 'recordLineCancellation',
} as const;

/** Cancellation where no shipment exists yet. */
export const cancellation = {
  OrderCancelled: cancelOrder,
  OrderLinesCancelled: [cancelAllLines, { guard: 'canCancelLines', actions: 'recordLineCancellation' }],
} as const;

/** Line cancellation where shipments may lose lines. */
export const cancelLinesAndSettle = [
  cancelAllLines,
  { guard: 'canCancelLines', target: '#order.main.settling', actions: 'recordLineCancellation' },
] as const;

// Each shipment event moves one shipment (guarded on that shipment's own status), then the
// main region passes through `settling`, whose eventless transitions pick the order-level
// stage: the least advanced status over the non-cancelled shipments.
/** Every shipment event, by type. */
export const shipmentEvents = {
  PickingStarted: { guard: 'isPickable', target: '#order.main.settling', actions: 'recordPickingStarted' },
  ShipmentPacked: { guard: 'isPackable', target: '#order.main.settling', actions: 'recordPacking' },
  ShipmentDispatched: { guard: 'isDispatchable', target: '#order.main.settling', actions: 'recordDispatch' },
  ShipmentInTransit: { guard: 'isMoving', target: '#order.main.settling', actions: 'recordInTransit' },
  ShipmentOutForDelivery: { guard: 'isDeliverable', target: '#order.main.settling', actions: 'recordOutForDelivery' },
  ShipmentDelivered: { guard: 'isOutForDelivery', target: '#order.main.settling', actions: 'recordDelivery' },
  DeliveryFailed: { guard: 'isFailable', target: '#order.main.settling', actions: 'recordDeliveryFailure' },
  DeliveryReattempted: { guard: 'isReattemptable', target: '#order.main.settling', actions: 'recordReattempt' },
  ShipmentReturnedToSender: {
    guard: 'isReturnableToSender',
    target: '#order.main.settling',
    actions: 'recordReturnToSender',
  },
  CarrierScanRecorded: { guard: 'isScannable', target: '#order.main.settling', actions: 'recordScan' },
} as const;

/** A refund: all of what was captured, or part of it. */
export const refund = [
  { guard: and(['canRefund', 'refundsEverything']), target: 'refunded', actions: 'recordRefund' },
  { guard: 'canRefund', target: 'partiallyRefunded', actions: 'recordRefund' },
] as const;

// What is left of an authorization may be captured or voided whatever was refunded meanwhile;
// the region stays where it is (money was taken), except that capturing after everything was
// refunded makes it partly refunded again.
/** The remainder of an authorization after a first capture: captured, failed or voided. */
export const remainder = {
  PaymentCaptured: { guard: 'canCapture', actions: 'recordCapture' },
  PaymentCaptureFailed: { guard: 'isCapturablePayment', actions: 'recordCaptureFailure' },
  PaymentVoided: { guard: 'isVoidable', actions: 'recordVoid' },
} as const;

/** A new authorization, or its failure. */
export const authorization = {
  PaymentAuthorized: { guard: 'canAuthorize', target: 'authorized', actions: 'recordAuthorization' },
  PaymentAuthorizationFailed: { guard: 'isLive', target: 'authorizationFailed', actions: 'recordAuthorizationFailure' },
} as const;

/** A new return request. */
export const returnRequest = {
  ReturnRequested: { guard: 'canRequestReturn', target: 'requested', actions: 'recordReturnRequest' },
} as const;
