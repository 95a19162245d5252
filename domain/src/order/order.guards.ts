import {
  cancellableQuantity,
  checkAllocation,
  checkAllocationRejection,
  checkAuthorization,
  checkCapture,
  checkLineQuantities,
  checkRefund,
  checkReturnRequest,
  isPresent,
  openAuthorizations,
  uncapturedAmount,
} from './order.checks.ts';
import { canConsolidate, canUndoConsolidation } from './order.consolidation.ts';
import type { HoldOrigin, OrderContext, ShipmentStatus } from './order.context.ts';
import type { OrderEvent, OrderEventOf, OrderEventType } from './order.events.ts';
import { entryOf } from './order.records.ts';
import { SCANNABLE_STATUSES } from './order.scans.ts';
import { activeShipments, hasNoDispatchedShipment, type SettledStage, settledStage } from './order.stage.ts';

// The order machine's guards. Predicates only: names say what must be true. Each one is
// keyed to one event type and false for any other, so a guard can never pass by accident.

type GuardArgs = { readonly context: OrderContext; readonly event: OrderEvent };

function when<T extends OrderEventType>(
  type: T,
  predicate: (context: OrderContext, event: OrderEventOf<T>) => boolean,
): (args: GuardArgs) => boolean {
  return ({ context, event }) => event.type === type && predicate(context, event as OrderEventOf<T>);
}

/** Placed and not closed: the order takes events at all. */
export function isOpenOrder(context: OrderContext): boolean {
  return context.milestones.placedAt !== undefined && context.milestones.closedAt === undefined;
}

/** Open and not cancelled: the order may still take money and change delivery. */
export function isLiveOrder(context: OrderContext): boolean {
  return isOpenOrder(context) && context.milestones.cancelledAt === undefined;
}

function shipmentIs(context: OrderContext, shipmentId: string, statuses: readonly ShipmentStatus[]): boolean {
  const shipment = entryOf(context.shipments, shipmentId);
  return shipment !== undefined && statuses.includes(shipment.status);
}

// A payment of this order with something left that is neither captured nor voided.
function hasUncaptured(context: OrderContext, paymentId: string): boolean {
  const payment = entryOf(context.payments, paymentId);
  return payment !== undefined && uncapturedAmount(payment) > 0;
}

/** Every guard of the order machine, by name. */
export const orderGuards = {
  isOpen: ({ context }: GuardArgs) => isOpenOrder(context),
  isLive: ({ context }: GuardArgs) => isLiveOrder(context),
  isHeldFrom: ({ context }: GuardArgs, params: { from: HoldOrigin }) => context.hold?.heldFrom === params.from,
  isAtStage: ({ context }: GuardArgs, params: { stage: SettledStage }) => settledStage(context) === params.stage,
  hasNoDispatchedShipment: ({ context }: GuardArgs) => hasNoDispatchedShipment(context),
  // Closing ends the order's story: no authorization may still hold the buyer's funds.
  hasNoOpenAuthorization: ({ context }: GuardArgs) => openAuthorizations(context).length === 0,
  canChangeAddress: ({ context }: GuardArgs) => isLiveOrder(context) && hasNoDispatchedShipment(context),

  canCancelLines: when(
    'OrderLinesCancelled',
    (context, event) =>
      checkLineQuantities(context, event.data.lines, cancellableQuantity, 'order.invalid-quantity') === undefined,
  ),
  cancelsAllLines: when('OrderLinesCancelled', (context, event) =>
    context.lines.every((line) => {
      const cancelled = event.data.lines.find((l) => l.lineId === line.lineId)?.quantity ?? 0;
      return line.cancelledQuantity + cancelled >= line.quantity;
    }),
  ),
  canAllocate: when(
    'OrderAllocated',
    (context, event) => checkAllocation(context, event.data.allocations) === undefined,
  ),
  canReallocate: when(
    'OrderAllocated',
    (context, event) =>
      activeShipments(context).every((s) => s.status === 'allocated') &&
      checkAllocation(context, event.data.allocations) === undefined,
  ),
  // The allocation is all-or-nothing: it can be given back only while nobody has started on any of it.
  canRejectAllocation: when(
    'AllocationRejected',
    (context, event) =>
      checkAllocationRejection(context, event.data) === undefined &&
      entryOf(context.shipments, event.data.shipmentId)?.status === 'allocated' &&
      activeShipments(context).every((s) => s.status === 'allocated'),
  ),

  // A consolidated shipment is picked only as part of its parcel (the event names the consolidation).
  isPickable: when(
    'PickingStarted',
    (c, e) =>
      shipmentIs(c, e.data.shipmentId, ['allocated']) &&
      entryOf(c.shipments, e.data.shipmentId)?.consolidation?.consolidationId === e.data.consolidationId,
  ),
  canConsolidate: when('ShipmentConsolidated', (c, e) => canConsolidate(c, e.data)),
  canUndoConsolidation: when('ConsolidationUndone', (c, e) => isOpenOrder(c) && canUndoConsolidation(c, e.data)),
  isPackable: when('ShipmentPacked', (c, e) => shipmentIs(c, e.data.shipmentId, ['picking'])),
  isDispatchable: when(
    'ShipmentDispatched',
    (c, e) =>
      shipmentIs(c, e.data.shipmentId, ['packed']) && isPresent(e.data.carrier) && isPresent(e.data.trackingNumber),
  ),
  isMoving: when('ShipmentInTransit', (c, e) => shipmentIs(c, e.data.shipmentId, ['shipped', 'inTransit'])),
  isDeliverable: when('ShipmentOutForDelivery', (c, e) => shipmentIs(c, e.data.shipmentId, ['shipped', 'inTransit'])),
  isOutForDelivery: when('ShipmentDelivered', (c, e) => shipmentIs(c, e.data.shipmentId, ['outForDelivery'])),
  isFailable: when('DeliveryFailed', (c, e) => shipmentIs(c, e.data.shipmentId, ['outForDelivery'])),
  isReattemptable: when('DeliveryReattempted', (c, e) => shipmentIs(c, e.data.shipmentId, ['deliveryFailed'])),
  isReturnableToSender: when('ShipmentReturnedToSender', (c, e) =>
    shipmentIs(c, e.data.shipmentId, ['deliveryFailed']),
  ),
  // Late scans are welcome: any dispatched shipment of an order that is not closed takes them.
  isScannable: when(
    'CarrierScanRecorded',
    (c, e) => isOpenOrder(c) && shipmentIs(c, e.data.shipmentId, SCANNABLE_STATUSES),
  ),
  // A window is for a parcel still to come: not once the order is delivered, cancelled or closed.
  canChooseDeliveryWindow: when(
    'DeliveryWindowChosen',
    (c) => isLiveOrder(c) && !['delivered', 'returnedToSender'].includes(settledStage(c)),
  ),

  canAuthorize: when(
    'PaymentAuthorized',
    (context, event) => isLiveOrder(context) && checkAuthorization(context, event.data) === undefined,
  ),
  canCapture: when(
    'PaymentCaptured',
    (context, event) =>
      isLiveOrder(context) && checkCapture(context, event.data.paymentId, event.data.amount) === undefined,
  ),
  isCapturablePayment: when(
    'PaymentCaptureFailed',
    (context, event) => isLiveOrder(context) && hasUncaptured(context, event.data.paymentId),
  ),
  // Voiding stays possible once the order is cancelled: that is how its funds are released.
  isVoidable: when(
    'PaymentVoided',
    (context, event) => isOpenOrder(context) && hasUncaptured(context, event.data.paymentId),
  ),
  canRefund: when('RefundIssued', (context, event) => isRefundable(context, event)),
  refundsEverything: when(
    'RefundIssued',
    (context, event) => context.payment.refunded.amount + event.data.amount.amount >= context.payment.captured.amount,
  ),
  refundsCurrentReturn: when(
    'RefundIssued',
    (context, event) =>
      event.data.returnId !== undefined &&
      event.data.returnId === context.currentReturnId &&
      isRefundable(context, event),
  ),

  canRequestReturn: when(
    'ReturnRequested',
    (context, event) => isOpenOrder(context) && checkReturnRequest(context, event.data) === undefined,
  ),
  isCurrentReturn: ({ context, event }: GuardArgs) =>
    isOpenOrder(context) &&
    'returnId' in event.data &&
    event.type !== 'RefundIssued' &&
    event.data.returnId === context.currentReturnId,
};

function isRefundable(context: OrderContext, event: OrderEventOf<'RefundIssued'>): boolean {
  const returnId = event.data.returnId;
  // A refund that names a return pays for goods that came back, so the return must be received.
  const forReceivedReturn = returnId === undefined || entryOf(context.returns, returnId)?.status === 'received';
  return isOpenOrder(context) && forReceivedReturn && checkRefund(context, event.data) === undefined;
}
