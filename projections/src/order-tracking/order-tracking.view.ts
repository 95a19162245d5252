import {
  type Address,
  type ApprovalState,
  type Customer,
  type DeliveryWindowState,
  type Document,
  type HoldState,
  type Money,
  type OrderMilestones,
  type OrderState,
  type OrderStatus,
  orderStatus,
  type PaymentFailure,
  type PersistedOrderState,
  type ReturnState,
  type SalesChannel,
  type ShipmentState,
  toPersistedOrderState,
} from '@ordinal/domain';
import { maskPersistedState } from './pii-masking.ts';

/** One order line as tracked: what was ordered and what happened to its quantity. */
export interface TrackedLine {
  readonly lineId: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly lineTotal: Money;
  readonly cancelledQuantity: number;
  readonly dispatchedQuantity: number;
  readonly deliveredQuantity: number;
  readonly returnedQuantity: number;
  /** A gift a rule added at no charge (absent on the lines ordered). */
  readonly gift?: true;
}

/** A notice a rule attached for the customer (a remote-area surcharge). */
export interface CustomerNotice {
  readonly code: string;
  readonly text: string;
}

/** Amounts of the order. */
export interface OrderTotals {
  /** Σ quantity × unit price of the lines as ordered. */
  readonly subtotal: Money;
  readonly shipping: Money;
  /** As recorded when the order was placed. */
  readonly total: Money;
  /** What the rules took off at placement (zero when nothing). */
  readonly discount: Money;
  /** What the customer pays: total − discount. */
  readonly payable: Money;
  readonly authorized: Money;
  readonly captured: Money;
  readonly refunded: Money;
}

/** A note the customer may see. */
export interface CustomerNote {
  readonly noteId: string;
  readonly text: string;
  readonly addedAt: string;
}

/**
 * The `orderTracking` document: one per order (id = orderId), what a tracking page, customer
 * service or an ops board shows. Personal data is masked. `machine` is the order machine's
 * state (its context masked too), kept so the next event can be folded in; it is not for display.
 */
export interface OrderTrackingDocument extends Document {
  readonly orderId: string;
  /** The order stream's revision this document reflects. */
  readonly revision: number;
  readonly status: OrderStatus;
  /** The first segment of `status.main` (`fulfilment` for `fulfilment.inTransit`), for filtering by stage. */
  readonly stage: string;
  readonly customerId: string | null;
  readonly customer: Customer | null;
  readonly channel: SalesChannel | null;
  readonly currency: string;
  readonly lines: readonly TrackedLine[];
  readonly totals: OrderTotals;
  /** Failed authorizations and captures, latest last. */
  readonly paymentFailures: readonly PaymentFailure[];
  readonly milestones: OrderMilestones;
  readonly promisedBy: string | null;
  /** Each shipment with its carrier scans (`scans`, in the order they happened). */
  readonly shipments: readonly ShipmentState[];
  /** The delivery window the customer chose; null until they choose one. */
  readonly deliveryWindow: DeliveryWindowState | null;
  readonly returns: readonly ReturnState[];
  readonly tags: readonly string[];
  readonly notes: readonly CustomerNote[];
  /** Notices rules attached for the customer; staff notices stay on the order's record. */
  readonly notices: readonly CustomerNotice[];
  /** The priority rules gave the order; null when none did. */
  readonly priority: string | null;
  readonly hold: HoldState | null;
  readonly approval: ApprovalState | null;
  readonly cancellationReason: string | null;
  readonly shippingAddress: Address | null;
  readonly placedAt: string | null;
  /** Business time of the last event applied (never the projector's clock). */
  readonly updatedAt: string;
  readonly machine: PersistedOrderState;
}

/** The fields the query API filters and sorts orderTracking on, as index declarations. */
export const ORDER_TRACKING_INDEXES: readonly (readonly string[])[] = [
  ['customerId', 'placedAt'],
  ['status.main', 'placedAt'],
  ['stage', 'placedAt'],
  ['channel.salesChannel', 'placedAt'],
  ['placedAt'],
];

function times(price: Money, quantity: number): Money {
  return { amount: price.amount * quantity, currency: price.currency };
}

/** The tracking document for an order's state after the event at `revision`, which occurred at `occurredAt`. */
export function orderTrackingDocument(
  orderId: string,
  state: OrderState,
  revision: number,
  occurredAt: string,
): OrderTrackingDocument {
  const machine = maskPersistedState(toPersistedOrderState(state));
  const context = machine.context;
  const status = orderStatus(state);
  const lines = context.lines.map((line) => ({
    lineId: line.lineId,
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    lineTotal: times(line.unitPrice, line.quantity),
    cancelledQuantity: line.cancelledQuantity,
    dispatchedQuantity: line.dispatchedQuantity,
    deliveredQuantity: line.deliveredQuantity,
    returnedQuantity: line.returnedQuantity,
    ...(line.gift === true ? { gift: true as const } : {}),
  }));
  const discount = context.discountTotal?.amount ?? 0;
  const subtotal = lines.reduce((sum, line) => sum + line.lineTotal.amount, 0);
  return {
    id: orderId,
    orderId,
    revision,
    status,
    stage: status.main.split('.')[0] ?? status.main,
    customerId: context.customer?.customerId ?? null,
    customer: context.customer,
    channel: context.channel,
    currency: context.currency,
    lines,
    totals: {
      subtotal: { amount: subtotal, currency: context.currency },
      shipping: context.shippingFee,
      total: context.total,
      discount: { amount: discount, currency: context.currency },
      payable: { amount: Math.max(0, context.total.amount - discount), currency: context.currency },
      authorized: context.payment.authorized,
      captured: context.payment.captured,
      refunded: context.payment.refunded,
    },
    paymentFailures: context.paymentFailures,
    milestones: context.milestones,
    promisedBy: context.promisedBy ?? null,
    shipments: Object.values(context.shipments),
    deliveryWindow: context.deliveryWindow ?? null,
    returns: Object.values(context.returns),
    tags: context.tags,
    notes: context.notes
      .filter((note) => note.visibility === 'customer')
      .map((note) => ({ noteId: note.noteId, text: note.text, addedAt: note.addedAt })),
    notices: (context.notices ?? [])
      .filter((notice) => notice.audience === 'customer')
      .map(({ code, text }) => ({ code, text })),
    priority: context.priority ?? null,
    hold: context.hold,
    approval: context.approval,
    cancellationReason: context.cancellationReason,
    shippingAddress: context.shippingAddress,
    placedAt: context.milestones.placedAt ?? null,
    updatedAt: occurredAt,
    machine,
  };
}
