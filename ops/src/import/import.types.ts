import type { OrderCommand, OrderCommandOf, PlaceOrderLine } from '@ordinal/domain';

/** How far a historical order got, in the words of Ordinal's lifecycle. */
export const HISTORY_STATUSES = [
  'placed',
  'paid',
  'allocated',
  'picking',
  'shipped',
  'delivered',
  'cancelled',
] as const;
/** One of HISTORY_STATUSES. */
export type HistoryStatus = (typeof HISTORY_STATUSES)[number];

/** One shipment of a historical order: the location (a seller, a warehouse) and the lines it sent. */
export interface HistoricalShipment {
  readonly shipmentId: string;
  readonly locationId: string;
  readonly lineIds: readonly string[];
}

/**
 * A historical order as a source gives it, every time already an ISO UTC instant: what was
 * ordered and when each step of its life happened. `record` names the source row (file and line).
 */
export interface OrderHistory {
  readonly orderId: string;
  readonly record: string;
  readonly status: HistoryStatus;
  /** Why it was cancelled, in the source's words (`canceled`, `unavailable`). */
  readonly cancelReason?: string;
  readonly place: Omit<OrderCommandOf<'PlaceOrder'>, 'type' | 'orderId' | 'lines'> & {
    readonly lines: readonly (PlaceOrderLine & { readonly lineId: string })[];
  };
  readonly placedAt?: string;
  readonly paidAt?: string;
  readonly paymentMethod?: string;
  readonly shippedAt?: string;
  readonly deliveredAt?: string;
  readonly cancelledAt?: string;
  readonly shipments: readonly HistoricalShipment[];
  readonly reviews?: readonly { readonly reviewId: string; readonly at: string; readonly text: string }[];
}

/** One command of an order's replayed history: its step name (part of its command id) and when it happened. */
export interface ImportStep {
  readonly step: string;
  readonly at: string;
  readonly command: OrderCommand;
}

/** What the import did with a source row it could not take as it was. */
export type IssueAction = 'refused' | 'adjusted' | 'kept';

/** One line of the import report. */
export interface ImportIssue {
  readonly record: string;
  readonly orderId: string;
  readonly action: IssueAction;
  /** Stable, for counting: `no-items`, `cancelled-with-delivery-dates`, … */
  readonly code: string;
  readonly reason: string;
}

/** An order ready to import: its commands in order, or nothing when the row is refused; the issues either way. */
export interface PlannedOrder {
  readonly orderId: string;
  readonly record: string;
  readonly steps: readonly ImportStep[];
  readonly issues: readonly ImportIssue[];
}
