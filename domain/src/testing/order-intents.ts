import fc from 'fast-check';
import { ORDER_COMMAND_TYPES, type OrderCommand, type OrderCommandType } from '../order/order.commands.ts';
import type { OrderContext } from '../order/order.context.ts';
import type { OrderScreening } from '../order/order.decision.ts';
import type { OrderState } from '../order/order.state.ts';
import { forOrder, fx, type OrderCommandInput, placeOrderCommand } from './order-fixtures.ts';
import { at, nextStep, ODD_IDS } from './order-journey.ts';

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

function anyCommand(context: OrderContext, intent: OrderIntent): OrderCommandInput {
  const { pick, flag, quantity } = intent;
  const money = flag || pick < 5 ? eur(intent.amount) : { amount: intent.amount, currency: 'USD' };
  // Known ids, an unknown one and one named like an inherited property.
  const odd = ODD_IDS[pick % ODD_IDS.length]!;
  const shipmentId = at([...Object.keys(context.shipments), 'zz', odd], pick) ?? 'zz';
  const paymentId = at([...Object.keys(context.payments), 'p9', odd], pick) ?? 'p9';
  const returnId = at([...Object.keys(context.returns), 'r9', odd], pick) ?? 'r9';
  const lineId = at([...context.lines.map((l) => l.lineId), 'x'], pick) ?? 'x';
  const lines = [{ lineId, quantity }];
  const reason = pick === 5 ? '' : 'why';
  switch (intent.kind) {
    case 'PlaceOrder': {
      const base = placeOrderCommand();
      return flag ? base : { ...base, lines: [{ sku: 'S', name: 'n', quantity, unitPrice: money }] };
    }
    case 'AllocateOrder':
      return { type: 'AllocateOrder', allocations: [{ shipmentId: flag ? odd : `s${pick}`, locationId: 'x', lines }] };
    case 'RejectAllocation': {
      // The shipment's own location, or one it is not at.
      const locationId = flag ? (context.shipments[shipmentId]?.locationId ?? 'x') : 'x';
      return { type: 'RejectAllocation', shipmentId, locationId, kind: pick % 2 ? 'failed' : 'rejected', reason };
    }
    case 'CancelOrderLines':
      return { type: 'CancelOrderLines', lines, reason };
    case 'RequestReturn':
      return { type: 'RequestReturn', returnId: `r${pick}`, lines, reason };
    case 'AuthorizePayment':
      return { type: 'AuthorizePayment', paymentId: flag ? odd : `p${pick}`, amount: money, method: 'card' };
    case 'CapturePayment':
      return { type: 'CapturePayment', paymentId, ...(flag ? {} : { amount: money }) };
    case 'RefundPayment':
      return {
        type: 'RefundPayment',
        refundId: flag ? `rf${pick}` : odd,
        amount: money,
        reason,
        ...(flag ? { returnId } : {}),
      };
    case 'DispatchShipment':
      return { type: 'DispatchShipment', shipmentId, carrier: reason, trackingNumber: 'T' };
    case 'ChangeShippingAddress':
      return { type: 'ChangeShippingAddress', address: { ...placeOrderCommand().shippingAddress, city: reason } };
    case 'RecordCarrierScan':
    case 'RecordCarrierScans': {
      const kinds = ['handed-over', 'in-transit', 'out-for-delivery', 'failed-attempt', 'delivered'] as const;
      const scan = {
        shipmentId,
        carrier: flag ? 'dhl' : reason,
        carrierEventId: `e${quantity}`,
        kind: kinds[pick % kinds.length]!,
        occurredAt: new Date(Date.parse('2026-03-02T09:00:00Z') + intent.amount * 60_000).toISOString(),
      };
      return intent.kind === 'RecordCarrierScan'
        ? { type: 'RecordCarrierScan', ...scan }
        : { type: 'RecordCarrierScans', scans: [scan] };
    }
    case 'ChooseDeliveryWindow':
      return { type: 'ChooseDeliveryWindow', window: { from: '2030-01-01T08:00:00Z', to: '2030-01-01T12:00:00Z' } };
    default: {
      // The rest take only ids and reasons: fill every field any of them may need.
      const fields = { shipmentId, paymentId, returnId, reason, role: 'risk', tag: odd, noteId: `n${pick}` };
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
