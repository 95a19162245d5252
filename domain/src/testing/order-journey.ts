import { cancellableQuantity, openAuthorizations, uncapturedAmount } from '../order/order.checks.ts';
import type { OrderContext } from '../order/order.context.ts';
import { type OrderState, orderStatus } from '../order/order.state.ts';
import type { Allocation } from '../order/order.types.ts';
import { fx, type OrderCommandInput, placeOrderCommand } from './order-fixtures.ts';
import type { OrderIntent } from './order-intents.ts';

/** Ids named like properties every object inherits; random runs use them as entity ids. */
export const ODD_IDS = ['constructor', 'toString', '__proto__', 'hasOwnProperty'] as const;

const eur = fx.eur;

/** An item of a list chosen by `pick` (wrapping), undefined for an empty list. */
export function at<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

/** Every other pick an odd id not used yet in `taken`, otherwise `fallback`. */
export function idFor(taken: Readonly<Record<string, unknown>>, fallback: string, pick: number): string {
  const odd = ODD_IDS[pick % ODD_IDS.length]!;
  return pick % 2 === 0 && !Object.hasOwn(taken, odd) ? odd : fallback;
}

// One shipment, one per line, or a line split over two shipments (partial dispatches follow).
function allocationsFor(context: OrderContext, intent: OrderIntent): Allocation[] {
  const lines = context.lines
    .filter((l) => l.quantity > l.cancelledQuantity)
    .map((l) => ({ lineId: l.lineId, quantity: l.quantity - l.cancelledQuantity }));
  const n = Object.keys(context.shipments).length;
  const id = (i: number) => idFor(context.shipments, `s${n + i}`, intent.pick + i);
  const splittable = lines.findIndex((line) => line.quantity >= 2);
  const shape = intent.pick % 3;
  if (shape === 0) return [{ shipmentId: id(0), locationId: 'wh', lines }];
  if (shape === 1 || splittable < 0) {
    return lines.map((line, i) => ({ shipmentId: id(i), locationId: `loc${i}`, lines: [line] }));
  }
  const first = lines[splittable]!;
  const rest = lines.map((line, i) => (i === splittable ? { ...line, quantity: line.quantity - 1 } : line));
  return [
    { shipmentId: id(0), locationId: 'wh', lines: [{ lineId: first.lineId, quantity: 1 }] },
    { shipmentId: id(1), locationId: 'store', lines: rest },
  ];
}

function moneyStep(context: OrderContext, state: OrderState, intent: OrderIntent): OrderCommandInput | undefined {
  const { payment, returns } = orderStatus(state);
  const { pick, flag, quantity } = intent;
  const open = openAuthorizations(context)[0];
  if (pick === 0 && (payment === 'pending' || payment === 'voided' || payment === 'authorizationFailed')) {
    if (quantity < 0) return { type: 'RecordPaymentAuthorizationFailure', paymentId: 'declined', reason: 'no funds' };
    const paymentId = idFor(context.payments, `p${Object.keys(context.payments).length}`, pick + Number(flag));
    return { type: 'AuthorizePayment', paymentId, amount: context.total, method: 'card' };
  }
  if (pick === 1 && open !== undefined) {
    const { paymentId } = open;
    if (quantity === 3) return { type: 'VoidPayment', paymentId, reason: 'not needed' };
    // Partial captures leave a remainder to capture, void or keep the order from closing.
    if (flag) return { type: 'CapturePayment', paymentId };
    return { type: 'CapturePayment', paymentId, amount: eur(Math.ceil(uncapturedAmount(open) / 2)) };
  }
  const refundable = context.payment.captured.amount - context.payment.refunded.amount;
  if (pick === 2 && refundable > 0 && returns !== 'received') {
    // Now and then one minor unit too much, which must be refused.
    const amount = flag ? refundable + (quantity === 3 ? 1 : 0) : Math.ceil(refundable / 2);
    const refundId = idFor(context.refunds, `rf${Object.keys(context.refunds).length}`, pick + quantity);
    return { type: 'RefundPayment', refundId, amount: eur(amount), reason: 'goodwill' };
  }
  return undefined;
}

function returnStep(context: OrderContext, state: OrderState, intent: OrderIntent): OrderCommandInput | undefined {
  const { main, returns } = orderStatus(state);
  const { pick, flag } = intent;
  const current = context.currentReturnId ?? '';
  if (returns === 'requested') {
    return flag
      ? { type: 'ApproveReturn', returnId: current }
      : { type: 'RejectReturn', returnId: current, reason: 'worn' };
  }
  if (returns === 'approved') return { type: 'ReceiveReturn', returnId: current, condition: 'resellable' };
  const refundable = context.payment.captured.amount - context.payment.refunded.amount;
  if (returns === 'received' && pick < 3) {
    const amount = eur(Math.min(refundable, 100));
    return { type: 'RefundPayment', refundId: `rf-${current}`, amount, reason: 'return', returnId: current };
  }
  const returnable = context.lines.find((l) => l.deliveredQuantity > l.returnedQuantity);
  const mayReturn = returns === 'none' || returns === 'rejected' || returns === 'refunded';
  if (returnable !== undefined && mayReturn && (pick === 3 || (pick < 3 && main !== 'fulfilment.inTransit'))) {
    const returnId = idFor(context.returns, `r${Object.keys(context.returns).length}`, pick + 1);
    return { type: 'RequestReturn', returnId, lines: [{ lineId: returnable.lineId, quantity: 1 }], reason: 'broken' };
  }
  return undefined;
}

/** The next sensible step of the order's journey, so random runs get deep into every region. */
export function nextStep(context: OrderContext, state: OrderState, intent: OrderIntent): OrderCommandInput {
  const { main } = orderStatus(state);
  const { pick, flag } = intent;
  if (main === 'new') return placeOrderCommand();
  const step = moneyStep(context, state, intent) ?? returnStep(context, state, intent);
  if (step !== undefined) return step;
  const dropped = Object.values(context.shipments).find((shipment) => shipment.status === 'cancelled');
  if (dropped !== undefined && pick === 5 && flag) return { type: 'StartPicking', shipmentId: dropped.shipmentId };
  const cancellable = at(
    context.lines.filter((l) => cancellableQuantity(l) > 0),
    Math.abs(intent.amount),
  );
  if (pick >= 4 && !flag && cancellable !== undefined && main !== 'cancelled') {
    return pick === 5
      ? { type: 'CancelOrder', reason: 'customer asked' }
      : { type: 'CancelOrderLines', lines: [{ lineId: cancellable.lineId, quantity: 1 }], reason: 'out of stock' };
  }
  const open = openAuthorizations(context)[0];
  switch (main) {
    case 'placed':
      return flag ? { type: 'ConfirmOrder' } : { type: 'HoldOrder', reason: 'check' };
    case 'onHold':
      return { type: 'ReleaseOrder', reason: 'checked' };
    case 'awaitingApproval':
      return flag ? { type: 'ApproveOrder', reason: 'known buyer' } : { type: 'RejectOrder', reason: 'risky' };
    case 'confirmed':
      return { type: 'AllocateOrder', allocations: allocationsFor(context, intent) };
    case 'completed':
    case 'cancelled':
    case 'fulfilment.returnedToSender':
      if (open !== undefined && flag) return { type: 'VoidPayment', paymentId: open.paymentId, reason: 'done' };
      return flag || pick < 2
        ? { type: 'CloseOrder' }
        : { type: 'AddNote', noteId: at(ODD_IDS, pick) ?? 'n', text: 'note', visibility: 'internal' };
    case 'fulfilment.delivered':
      return { type: 'CompleteOrder' };
  }
  // Holding is refused once a shipment is out; trying it while others lag must not block them.
  if (main === 'allocated' && pick === 2 && !flag) return { type: 'HoldOrder', reason: 'late check' };
  const moving = Object.values(context.shipments).filter((s) => s.status !== 'cancelled' && s.status !== 'delivered');
  const shipment = at(moving, pick);
  const shipmentId = shipment?.shipmentId ?? 'zz';
  // Now and then the location gives the work back before picking starts.
  if (main === 'allocated' && pick === 3 && !flag && shipment?.status === 'allocated') {
    return {
      type: 'RejectAllocation',
      shipmentId,
      locationId: shipment.locationId,
      kind: 'rejected',
      reason: 'no staff',
    };
  }
  switch (shipment?.status) {
    case 'allocated':
      return { type: 'StartPicking', shipmentId };
    case 'picking':
      return { type: 'PackShipment', shipmentId };
    case 'packed':
      return { type: 'DispatchShipment', shipmentId, carrier: 'dhl', trackingNumber: `T-${shipmentId}` };
    case 'shipped':
    case 'inTransit':
      return pick % 2 === 0
        ? { type: 'RecordShipmentInTransit', shipmentId }
        : { type: 'RecordOutForDelivery', shipmentId };
    case 'outForDelivery':
      return pick === 5
        ? { type: 'RecordDeliveryFailure', shipmentId, reason: 'away' }
        : { type: 'RecordDelivery', shipmentId };
    case 'deliveryFailed':
      return flag
        ? { type: 'ReattemptDelivery', shipmentId }
        : { type: 'ReturnShipmentToSender', shipmentId, reason: 'away' };
    default:
      return { type: 'TagOrder', tag: at(ODD_IDS, pick) ?? 't' };
  }
}
