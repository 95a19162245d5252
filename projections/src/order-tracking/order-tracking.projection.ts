import type { ReadStore } from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { foldOrderEvent } from './order-fold.ts';
import { ORDER_TRACKING_INDEXES, orderTrackingDocument } from './order-tracking.view.ts';

/** Collection of the order tracking documents (one per order, id = orderId). */
export const ORDER_TRACKING_COLLECTION = 'orderTracking';

/** Answers "where is this order and what happened to it?": the `orderTracking` documents. */
export const orderTrackingProjection: Projection = {
  name: 'orderTracking',
  categories: ['order'],
  collections: [ORDER_TRACKING_COLLECTION],

  async setup(store: ReadStore): Promise<void> {
    const collection = store.collection(ORDER_TRACKING_COLLECTION);
    for (const fields of ORDER_TRACKING_INDEXES) await collection.ensureIndex(fields);
  },

  async apply(event, context) {
    const { outcome } = await foldOrderEvent(event, context, ORDER_TRACKING_COLLECTION, (orderId, state, last) =>
      orderTrackingDocument(orderId, state, last.revision, last.metadata.occurredAt),
    );
    return outcome;
  },
};
