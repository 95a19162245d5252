import { estimateRepurchase, REPURCHASE_HISTORY_LIMIT, type ReadStore } from '@ordinal/domain';
import {
  REPURCHASE_ORDERS_COLLECTION,
  type RepurchaseEstimatesDocument,
  type RepurchaseOrderDocument,
  type RepurchaseSku,
} from './repurchase.view.ts';

/** The customer's estimates from all their orders' documents. */
export function renderRepurchaseEstimates(
  customerId: string,
  orders: readonly RepurchaseOrderDocument[],
): RepurchaseEstimatesDocument {
  const bySku = new Map<string, string[]>();
  for (const order of orders) {
    if (!order.counts || order.placedAt === null) continue;
    for (const sku of order.skus) {
      const times = bySku.get(sku);
      if (times === undefined) bySku.set(sku, [order.placedAt]);
      else times.push(order.placedAt);
    }
  }
  const skus = [...bySku]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([sku, times]): RepurchaseSku => {
      const latest = times.sort().slice(-REPURCHASE_HISTORY_LIMIT);
      const estimate = estimateRepurchase(sku, latest);
      return {
        sku,
        purchases: latest.length,
        lastPurchase: latest.at(-1) as string,
        ...(estimate === undefined ? {} : { estimate }),
      };
    });
  return {
    id: customerId,
    customerId,
    skus,
    revisions: orders
      .map((o) => ({ orderId: o.id, revision: o.relevantRevision }))
      .sort((a, b) => a.orderId.localeCompare(b.orderId)),
  };
}

/**
 * The customer's estimates, rendered from their `repurchaseOrders` (an indexed query on the
 * customer) when asked; undefined when no order of theirs is known. Reading costs the
 * customer's orders, so no event pays for it: a document per customer, rewritten on each of
 * their orders' events, made a customer with many orders slower to place with every order.
 */
export async function readRepurchaseEstimates(
  store: ReadStore,
  customerId: string,
): Promise<RepurchaseEstimatesDocument | undefined> {
  const orders = await store.collection<RepurchaseOrderDocument>(REPURCHASE_ORDERS_COLLECTION).find({ customerId });
  return orders.length === 0 ? undefined : renderRepurchaseEstimates(customerId, orders);
}
