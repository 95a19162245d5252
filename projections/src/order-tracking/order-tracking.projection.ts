import { CUSTOMER_CATEGORY, type CustomerErased, type ReadStore, streamCategory } from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { foldOrderEvent } from './order-fold.ts';
import { eraseTrackedOrders } from './order-tracking.erasure.ts';
import { ORDER_TRACKING_INDEXES, orderTrackingDocument } from './order-tracking.view.ts';

/** Collection of the order tracking documents (one per order, id = orderId). */
export const ORDER_TRACKING_COLLECTION = 'orderTracking';

/**
 * Answers "where is this order and what happened to it?": the `orderTracking` documents. A
 * customer's erasure replaces the personal data of their orders' documents with the marker.
 */
export const orderTrackingProjection: Projection = {
  name: 'orderTracking',
  categories: ['order', CUSTOMER_CATEGORY],
  collections: [ORDER_TRACKING_COLLECTION],

  async setup(store: ReadStore): Promise<void> {
    const collection = store.collection(ORDER_TRACKING_COLLECTION);
    for (const fields of ORDER_TRACKING_INDEXES) await collection.ensureIndex(fields);
  },

  async apply(event, context) {
    if (streamCategory(event.streamId) === CUSTOMER_CATEGORY) {
      if (event.type !== 'CustomerErased') return 'duplicate';
      return eraseTrackedOrders(event as CustomerErased, context.store, ORDER_TRACKING_COLLECTION);
    }
    const { outcome } = await foldOrderEvent(event, context, ORDER_TRACKING_COLLECTION, (orderId, state, last) =>
      orderTrackingDocument(orderId, state, last.revision, last.metadata.occurredAt),
    );
    return outcome;
  },
};
