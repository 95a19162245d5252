import {
  estimateRepurchase,
  type OrderEventOf,
  REPURCHASE_HISTORY_LIMIT,
  type ReadStore,
  type RecordedEvent,
  streamEntityId,
} from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { applyToStreamDocument } from '../runtime/stream-document.ts';
import {
  REPURCHASE_ESTIMATES_COLLECTION,
  REPURCHASE_ORDERS_COLLECTION,
  type RepurchaseEstimatesDocument,
  type RepurchaseOrderDocument,
  type RepurchaseSku,
} from './repurchase.view.ts';

const MAX_ATTEMPTS = 5;

const emptyOrder = (id: string): RepurchaseOrderDocument => ({
  id,
  revision: 0,
  customerId: null,
  placedAt: null,
  skus: [],
  counts: false,
  relevantRevision: 0,
});

/** The order's document after one more event of its stream. */
function evolveRepurchaseOrder(doc: RepurchaseOrderDocument, event: RecordedEvent): RepurchaseOrderDocument {
  switch (event.type) {
    case 'OrderPlaced': {
      const data = event.data as OrderEventOf<'OrderPlaced'>['data'];
      const skus = [...new Set(data.lines.filter((l) => l.gift !== true).map((l) => l.sku))].sort();
      return {
        ...doc,
        revision: event.revision,
        relevantRevision: event.revision,
        customerId: data.customer.customerId,
        placedAt: data.placedAt,
        skus,
        counts: true,
      };
    }
    case 'OrderCancelled':
    case 'OrderRejected':
      return { ...doc, revision: event.revision, relevantRevision: event.revision, counts: false };
    default:
      return { ...doc, revision: event.revision };
  }
}

/** The customer's document from all their orders' documents. */
export function renderRepurchaseEstimates(
  customerId: string,
  orders: readonly RepurchaseOrderDocument[],
  version: number,
): RepurchaseEstimatesDocument {
  const bySku = new Map<string, string[]>();
  for (const order of orders) {
    if (!order.counts || order.placedAt === null) continue;
    for (const sku of order.skus) bySku.set(sku, [...(bySku.get(sku) ?? []), order.placedAt]);
  }
  const skus = [...bySku]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([sku, times]): RepurchaseSku => {
      const latest = [...times].sort().slice(-REPURCHASE_HISTORY_LIMIT);
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
    version,
  };
}

const reflects = (doc: RepurchaseEstimatesDocument | undefined, order: RepurchaseOrderDocument): boolean =>
  (doc?.revisions.find((r) => r.orderId === order.id)?.revision ?? 0) >= order.relevantRevision;

/** Rewrites the customer's estimates from their orders unless they reflect `order` already (conditional write). */
async function refreshEstimates(store: ReadStore, order: RepurchaseOrderDocument): Promise<boolean> {
  const customerId = order.customerId;
  if (customerId === null) return false;
  const estimates = store.collection<RepurchaseEstimatesDocument>(REPURCHASE_ESTIMATES_COLLECTION);
  const orders = store.collection<RepurchaseOrderDocument>(REPURCHASE_ORDERS_COLLECTION);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await estimates.get(customerId);
    if (reflects(current, order)) return false;
    const version = current?.version ?? 0;
    const doc = renderRepurchaseEstimates(customerId, await orders.find({ customerId }), version + 1);
    const written = await estimates.put(
      doc,
      current === undefined ? { kind: 'absent' } : { kind: 'field-equals', field: 'version', value: version },
    );
    if (written) return true;
  }
  throw new Error(`repurchase estimates ${customerId}: the document kept changing under ${MAX_ATTEMPTS} attempts`);
}

/**
 * Repurchase estimates for staff: per order who bought which SKUs when and whether it still
 * counts (`repurchaseOrders`, one stream each, revision-guarded), and per customer every SKU
 * they bought with its estimate (`repurchaseEstimates`, fed by many streams: it keeps the
 * revision it reflects per order and is rebuilt from `repurchaseOrders`, so a redelivered event
 * ends the same). The estimates are those the rules screen computes at placement; the hint
 * (days from now) is the reader's to take at its own clock.
 */
export const repurchaseEstimatesProjection: Projection = {
  name: 'repurchaseEstimates',
  categories: ['order'],
  collections: [REPURCHASE_ORDERS_COLLECTION, REPURCHASE_ESTIMATES_COLLECTION],
  async setup(store) {
    await store.collection(REPURCHASE_ORDERS_COLLECTION).ensureIndex(['customerId']);
  },
  async apply(event, context) {
    const outcome = await applyToStreamDocument<RepurchaseOrderDocument>(
      event,
      context,
      REPURCHASE_ORDERS_COLLECTION,
      (id, doc, events) => events.reduce(evolveRepurchaseOrder, doc ?? emptyOrder(id)),
    );
    const order = await context.store
      .collection<RepurchaseOrderDocument>(REPURCHASE_ORDERS_COLLECTION)
      .get(streamEntityId(event.streamId));
    if (order === undefined) return outcome;
    const refreshed = await refreshEstimates(context.store, order);
    return refreshed ? 'applied' : outcome;
  },
};
