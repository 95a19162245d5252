import type { RepurchaseEstimate } from '@ordinal/domain';

/** Per order: who bought which SKUs when, and whether it still counts (id = order id). */
export const REPURCHASE_ORDERS_COLLECTION = 'repurchaseOrders';
/**
 * The estimates view's name: per customer the repurchase estimate of every SKU they bought,
 * read from their `repurchaseOrders` when asked (`readRepurchaseEstimates`). No collection of
 * this name is written any more; the one earlier versions kept is cleared when the projection starts.
 */
export const REPURCHASE_ESTIMATES_COLLECTION = 'repurchaseEstimates';

/** One order as the estimates read it; fed by the order's stream alone (revision-guarded). */
export interface RepurchaseOrderDocument {
  readonly id: string;
  readonly revision: number;
  readonly customerId: string | null;
  readonly placedAt: string | null;
  /** The SKUs of the customer's own lines (not gift lines), once each, sorted. */
  readonly skus: readonly string[];
  /** False once the order is cancelled or its approval refused: it is no purchase. */
  readonly counts: boolean;
  /** Revision of the last event that changed what the estimates read. */
  readonly relevantRevision: number;
}

/** One SKU a customer bought: how many times, and the estimate once there are enough purchases. */
export interface RepurchaseSku {
  readonly sku: string;
  readonly purchases: number;
  readonly lastPurchase: string;
  /** Absent below three purchases (docs/rules.md, "Repurchase hints"). */
  readonly estimate?: RepurchaseEstimate;
}

/** A customer's repurchase estimates, rendered from all their orders' documents when asked. */
export interface RepurchaseEstimatesDocument {
  readonly id: string;
  readonly customerId: string;
  /** By SKU. */
  readonly skus: readonly RepurchaseSku[];
  /** Per source stream (order), the last revision the view reflects. */
  readonly revisions: readonly { readonly orderId: string; readonly revision: number }[];
}
