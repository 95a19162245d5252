import fc from 'fast-check';
import { ORDER_COMMAND_TYPES, type OrderCommand, type OrderCommandType } from '../order/order.commands.ts';
import type { OrderContext } from '../order/order.context.ts';
import type { OrderScreening } from '../order/order.decision.ts';
import { type OrderState, orderStatus } from '../order/order.state.ts';
import { forOrder, fx, type OrderCommandInput, placeOrderCommand } from './order-fixtures.ts';

/**
 * A command to be, drawn before the order exists: `drive` intents take the next sensible step
 * of the order's journey (so random runs get deep into fulfilment, payment and returns);
 * others issue any command type with data that is often, but not always, valid.
 */
export interface OrderIntent {
  readonly drive: boolean;
  readonly kind: OrderCommandType;
  readonly pick: number;
  readonly amount: number;
  readonly quantity: number;
  readonly flag: boolean;
}

/** Intents: four in five drive the journey forward. */
export const orderIntent: fc.Arbitrary<OrderIntent> = fc.record({
  drive: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
  kind: fc.constantFrom(...ORDER_COMMAND_TYPES),
  pick: fc.nat({ max: 5 }),
  amount: fc.integer({ min: -100, max: 7000 }),
  quantity: fc.integer({ min: -1, max: 3 }),
  flag: fc.boolean(),
});

const eur = fx.eur;

function at<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

function nextStep(context: OrderContext, state: OrderState, intent: OrderIntent): OrderCommandInput {
  const { main, payment, returns } = orderStatus(state);
  const { pick, flag } = intent;
  if (main === 'new') return placeOrderCommand();
  const refundable = context.payment.captured.amount - context.payment.refunded.amount;
  if (pick === 0 && payment === 'pending') {
    return { type: 'AuthorizePayment', paymentId: `p${pick}${flag}`, amount: context.total, method: 'card' };
  }
  if (pick === 1 && payment === 'authorized') {
    return { type: 'CapturePayment', paymentId: Object.keys(context.payments)[0] ?? 'p' };
  }
  if (pick === 2 && refundable > 0 && returns !== 'received') {
    // Now and then one minor unit too much, which must be refused.
    const amount = flag ? refundable + (intent.quantity === 3 ? 1 : 0) : Math.ceil(refundable / 2);
    return {
      type: 'RefundPayment',
      refundId: `rf${Object.keys(context.refunds).length}`,
      amount: eur(amount),
      reason: 'goodwill',
    };
  }
  const current = context.currentReturnId ?? '';
  if (returns === 'requested') {
    return flag
      ? { type: 'ApproveReturn', returnId: current }
      : { type: 'RejectReturn', returnId: current, reason: 'worn' };
  }
  if (returns === 'approved') return { type: 'ReceiveReturn', returnId: current, condition: 'resellable' };
  if (returns === 'received' && pick < 3) {
    return {
      type: 'RefundPayment',
      refundId: `rf-${current}`,
      amount: eur(Math.min(refundable, 100)),
      reason: 'return',
      returnId: current,
    };
  }
  const returnable = context.lines.find((l) => l.deliveredQuantity > l.returnedQuantity);
  const mayReturn = returns === 'none' || returns === 'rejected' || returns === 'refunded';
  if (returnable !== undefined && mayReturn && (pick === 3 || (pick < 3 && main !== 'fulfilment.inTransit'))) {
    const returnId = `r${Object.keys(context.returns).length}`;
    return { type: 'RequestReturn', returnId, lines: [{ lineId: returnable.lineId, quantity: 1 }], reason: 'broken' };
  }
  const dropped = Object.values(context.shipments).find((shipment) => shipment.status === 'cancelled');
  if (dropped !== undefined && pick === 5 && flag) return { type: 'StartPicking', shipmentId: dropped.shipmentId };
  const cancellables = context.lines.filter((l) => l.quantity > l.cancelledQuantity && l.dispatchedQuantity === 0);
  const cancellable = at(cancellables, Math.abs(intent.amount));
  if (pick >= 4 && !flag && cancellable !== undefined && main !== 'cancelled') {
    return pick === 5
      ? { type: 'CancelOrder', reason: 'customer asked' }
      : { type: 'CancelOrderLines', lines: [{ lineId: cancellable.lineId, quantity: 1 }], reason: 'out of stock' };
  }
  switch (main) {
    case 'placed':
      return flag ? { type: 'ConfirmOrder' } : { type: 'HoldOrder', reason: 'check' };
    case 'onHold':
      return { type: 'ReleaseOrder', reason: 'checked' };
    case 'awaitingApproval':
      return flag ? { type: 'ApproveOrder' } : { type: 'RejectOrder', reason: 'risky' };
    case 'confirmed': {
      const lines = context.lines
        .filter((l) => l.quantity > l.cancelledQuantity)
        .map((l) => ({ lineId: l.lineId, quantity: l.quantity - l.cancelledQuantity }));
      const n = Object.keys(context.shipments).length;
      const allocations = flag
        ? [{ shipmentId: `s${n}`, locationId: 'wh', lines }]
        : lines.map((line, i) => ({ shipmentId: `s${n + i}`, locationId: `loc${i}`, lines: [line] }));
      return { type: 'AllocateOrder', allocations };
    }
    case 'completed':
    case 'cancelled':
    case 'fulfilment.returnedToSender':
      return flag
        ? { type: 'CloseOrder' }
        : { type: 'AddNote', noteId: `n${pick}`, text: 'note', visibility: 'internal' };
    case 'fulfilment.delivered':
      return { type: 'CompleteOrder' };
  }
  const moving = Object.values(context.shipments).filter((s) => s.status !== 'cancelled' && s.status !== 'delivered');
  const shipment = at(moving, pick);
  const shipmentId = shipment?.shipmentId ?? 'zz';
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
      return { type: 'TagOrder', tag: `t${pick}` };
  }
}

function anyCommand(context: OrderContext, intent: OrderIntent): OrderCommandInput {
  const { pick, flag, quantity } = intent;
  const money = flag || pick < 5 ? eur(intent.amount) : { amount: intent.amount, currency: 'USD' };
  const shipmentId = at([...Object.keys(context.shipments), 'zz'], pick) ?? 'zz';
  const paymentId = at([...Object.keys(context.payments), 'p9'], pick) ?? 'p9';
  const returnId = at([...Object.keys(context.returns), 'r9'], pick) ?? 'r9';
  const lineId = at([...context.lines.map((l) => l.lineId), 'x'], pick) ?? 'x';
  const lines = [{ lineId, quantity }];
  const reason = pick === 5 ? '' : 'why';
  switch (intent.kind) {
    case 'PlaceOrder': {
      const base = placeOrderCommand();
      return flag ? base : { ...base, lines: [{ sku: 'S', name: 'n', quantity, unitPrice: money }] };
    }
    case 'AllocateOrder':
      return { type: 'AllocateOrder', allocations: [{ shipmentId: `s${pick}`, locationId: 'x', lines }] };
    case 'CancelOrderLines':
      return { type: 'CancelOrderLines', lines, reason };
    case 'RequestReturn':
      return { type: 'RequestReturn', returnId: `r${pick}`, lines, reason };
    case 'AuthorizePayment':
      return { type: 'AuthorizePayment', paymentId: `p${pick}`, amount: money, method: 'card' };
    case 'CapturePayment':
      return { type: 'CapturePayment', paymentId, ...(flag ? {} : { amount: money }) };
    case 'RefundPayment':
      return { type: 'RefundPayment', refundId: `rf${pick}`, amount: money, reason, ...(flag ? { returnId } : {}) };
    case 'DispatchShipment':
      return { type: 'DispatchShipment', shipmentId, carrier: reason, trackingNumber: 'T' };
    case 'ChangeShippingAddress':
      return { type: 'ChangeShippingAddress', address: { ...placeOrderCommand().shippingAddress, city: reason } };
    default: {
      // The rest take only ids and reasons: fill every field any of them may need.
      const fields = { shipmentId, paymentId, returnId, reason, role: 'risk', tag: `t${pick % 3}`, noteId: `n${pick}` };
      return {
        type: intent.kind,
        ...fields,
        text: 'x',
        visibility: 'internal',
        condition: 'damaged',
      } as OrderCommandInput;
    }
  }
}

/** What screening found for a PlaceOrder intent: now and then a hold or an approval. */
export function screeningFor(intent: OrderIntent): OrderScreening | undefined {
  if (intent.pick === 4) return { hold: { reason: 'address check', facts: { score: intent.amount } } };
  return intent.pick === 5 ? { approval: { role: 'risk', reason: 'large order' } } : undefined;
}

/** The command an intent stands for, given the order's current state. */
export function commandFor(intent: OrderIntent, state: OrderState): OrderCommand {
  const input = intent.drive ? nextStep(state.context, state, intent) : anyCommand(state.context, intent);
  return input.type === 'PlaceOrder' ? (input as OrderCommand) : forOrder(input);
}
