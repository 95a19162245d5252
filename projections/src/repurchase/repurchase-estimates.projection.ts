import type { OrderEventOf, RecordedEvent } from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { applyToStreamDocument } from '../runtime/stream-document.ts';
import {
  REPURCHASE_ESTIMATES_COLLECTION,
  REPURCHASE_ORDERS_COLLECTION,
  type RepurchaseOrderDocument,
} from './repurchase.view.ts';

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

/**
 * Repurchase estimates for staff: per order who bought which SKUs when and whether it still
 * counts (`repurchaseOrders`, one stream each, revision-guarded). A customer's estimates (every
 * SKU they bought, with its estimate) are rendered from their orders when asked
 * (`readRepurchaseEstimates`), so an event writes its order's document alone, whatever the
 * number of the customer's orders. The estimates are those the rules screen computes at
 * placement; the hint (days from now) is the reader's to take at its own clock.
 */
export const repurchaseEstimatesProjection: Projection = {
  name: 'repurchaseEstimates',
  categories: ['order'],
  collections: [REPURCHASE_ORDERS_COLLECTION],
  async setup(store) {
    await store.collection(REPURCHASE_ORDERS_COLLECTION).ensureIndex(['customerId']);
    // Earlier versions kept a document per customer here; it is read from the orders now.
    await store.collection(REPURCHASE_ESTIMATES_COLLECTION).clear();
  },
  apply(event, context) {
    return applyToStreamDocument<RepurchaseOrderDocument>(
      event,
      context,
      REPURCHASE_ORDERS_COLLECTION,
      (id, doc, events) => events.reduce(evolveRepurchaseOrder, doc ?? emptyOrder(id)),
    );
  },
};
