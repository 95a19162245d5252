import {
  ORDER_COMMAND_TYPES,
  type OrderCommand,
  type OrderCommandType,
  type OrderState,
  orderStatus,
} from '@ordinal/domain';
import fc from 'fast-check';

// Random order commands for the host's properties: most take the order's next sensible step
// (so runs get deep into fulfilment, payment and returns), the others send any command type
// with data that is often, but not always, valid. A smaller cousin of domain's own generator,
// which its package does not export.

/** A command to be, drawn before the state it will be built from is known. */
export interface OrderIntent {
  readonly drive: boolean;
  readonly kind: OrderCommandType;
  readonly pick: number;
  readonly amount: number;
}

/** Three in four intents drive the journey forward. */
export const orderIntent: fc.Arbitrary<OrderIntent> = fc.record({
  drive: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
  kind: fc.constantFrom(...ORDER_COMMAND_TYPES),
  pick: fc.nat({ max: 5 }),
  amount: fc.integer({ min: -100, max: 7000 }),
});

type Fields = { readonly type: OrderCommandType } & Record<string, unknown>;

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** Two lines (2 × 15.00 and 1 × 25.00 EUR) and 5.00 shipping: 60.00 EUR. */
function placeOrder(): Fields {
  return {
    type: 'PlaceOrder',
    customer: { customerId: 'c-42', name: 'Jane Doe' },
    channel: { salesChannel: 'webshop' },
    lines: [
      { sku: 'SKU-A', name: 'Mug', quantity: 2, unitPrice: eur(1500) },
      { sku: 'SKU-B', name: 'Teapot', quantity: 1, unitPrice: eur(2500) },
    ],
    shippingAddress: { name: 'Jane Doe', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
    shippingFee: eur(500),
    currency: 'EUR',
  };
}

function at<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

function nextStep(state: OrderState, { pick, amount }: OrderIntent): Fields {
  const { context } = state;
  const { main, payment, returns } = orderStatus(state);
  if (main === 'new') return placeOrder();
  const refundable = context.payment.captured.amount - context.payment.refunded.amount;
  if (pick === 0 && payment === 'pending') {
    return { type: 'AuthorizePayment', paymentId: 'p1', amount: context.total, method: 'card' };
  }
  if (pick === 1 && payment === 'authorized') return { type: 'CapturePayment', paymentId: 'p1' };
  if (pick === 2 && refundable > 0) {
    const refundId = `rf${Object.keys(context.refunds).length}`;
    return { type: 'RefundPayment', refundId, amount: eur(Math.ceil(refundable / 2)), reason: 'goodwill' };
  }
  const current = context.currentReturnId ?? '';
  if (returns === 'requested') return { type: 'ApproveReturn', returnId: current };
  if (returns === 'approved') return { type: 'ReceiveReturn', returnId: current, condition: 'resellable' };
  const returnable = context.lines.find((line) => line.deliveredQuantity > line.returnedQuantity);
  if (pick === 3 && returnable !== undefined && returns !== 'received') {
    const returnId = `r${Object.keys(context.returns).length}`;
    return { type: 'RequestReturn', returnId, lines: [{ lineId: returnable.lineId, quantity: 1 }], reason: 'broken' };
  }
  if (pick === 5 && amount % 4 === 0) return { type: 'CancelOrder', reason: 'customer asked' };
  switch (main) {
    case 'placed':
      return pick === 4 ? { type: 'HoldOrder', reason: 'check' } : { type: 'ConfirmOrder' };
    case 'onHold':
      return { type: 'ReleaseOrder', reason: 'checked' };
    case 'awaitingApproval':
      return { type: 'ApproveOrder' };
    case 'confirmed': {
      const lines = context.lines
        .filter((line) => line.quantity > line.cancelledQuantity)
        .map((line) => ({ lineId: line.lineId, quantity: line.quantity - line.cancelledQuantity }));
      const shipmentId = `s${Object.keys(context.shipments).length}`;
      return { type: 'AllocateOrder', allocations: [{ shipmentId, locationId: 'wh', lines }] };
    }
    case 'fulfilment.delivered':
      return { type: 'CompleteOrder' };
    case 'completed':
    case 'cancelled':
    case 'fulfilment.returnedToSender':
      return pick < 2
        ? { type: 'CloseOrder' }
        : { type: 'AddNote', noteId: `n${pick}`, text: 'x', visibility: 'internal' };
  }
  const moving = Object.values(context.shipments).filter((s) => s.status !== 'cancelled' && s.status !== 'delivered');
  const shipmentId = at(moving, pick)?.shipmentId ?? 'zz';
  switch (at(moving, pick)?.status) {
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
      return { type: 'ReattemptDelivery', shipmentId };
    default:
      return { type: 'TagOrder', tag: `t${pick}` };
  }
}

function anyCommand(state: OrderState, { kind, pick, amount }: OrderIntent): Fields {
  const { context } = state;
  const money = pick < 5 ? eur(amount) : { amount, currency: 'USD' };
  const shipmentId = at([...Object.keys(context.shipments), 'zz'], pick) ?? 'zz';
  const lineId = at([...context.lines.map((line) => line.lineId), 'x'], pick) ?? 'x';
  const lines = [{ lineId, quantity: (amount % 4) - 1 }];
  const reason = pick === 5 ? '' : 'why';
  switch (kind) {
    case 'PlaceOrder':
      return placeOrder();
    case 'AllocateOrder':
      return { type: kind, allocations: [{ shipmentId: `s${pick}`, locationId: 'x', lines }] };
    case 'CancelOrderLines':
      return { type: kind, lines, reason };
    case 'RequestReturn':
      return { type: kind, returnId: `r${pick}`, lines, reason };
    case 'AuthorizePayment':
      return { type: kind, paymentId: `p${pick}`, amount: money, method: 'card' };
    case 'RefundPayment':
      return { type: kind, refundId: `rf${pick}`, amount: money, reason };
    case 'DispatchShipment':
      return { type: kind, shipmentId, carrier: reason, trackingNumber: 'T' };
    case 'ChangeShippingAddress':
      return { type: kind, address: { name: 'J', line1: '2 Rue', city: reason, postalCode: '1', country: 'FR' } };
    default: {
      // The rest take ids and reasons only: fill every field any of them may need.
      const ids = { shipmentId, paymentId: `p${pick % 2}`, returnId: `r${pick % 2}`, noteId: `n${pick}` };
      return { type: kind, ...ids, reason, role: 'risk', tag: `t${pick % 3}`, text: 'x', visibility: 'internal' };
    }
  }
}

/** The command an intent stands for, for the given order in its current state. */
export function orderCommandFor(intent: OrderIntent, state: OrderState, orderId: string): OrderCommand {
  const fields = intent.drive ? nextStep(state, intent) : anyCommand(state, intent);
  return { ...fields, orderId } as unknown as OrderCommand;
}
