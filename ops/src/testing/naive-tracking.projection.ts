import { type OrderEvent, orderDecider, type RecordedEvent, restoreOrderState, streamEntityId } from '@ordinal/domain';
import {
  ORDER_TRACKING_COLLECTION,
  type OrderTrackingDocument,
  orderTrackingDocument,
  orderTrackingProjection,
  type Projection,
} from '@ordinal/projections';

/** The field the naive guard keeps beside the tracking document. */
export const NAIVE_POSITION_FIELD = 'lastPosition';

type NaiveDocument = OrderTrackingDocument & { readonly lastPosition: number };

/**
 * The order tracking projection with the guard many systems start with, kept as a control for
 * the fault tests: "skip an event whose global position is not above the last one applied to
 * the document". It looks safe and is not: once events of one order arrive out of order (after
 * a crash, redeliveries come after newer events), an older event is skipped for good and the
 * next one is folded onto the wrong state. The real projection guards on the stream revision
 * and fills gaps from the log.
 */
export const naiveOrderTrackingProjection: Projection = {
  ...orderTrackingProjection,
  async apply(event: RecordedEvent, { store }) {
    const collection = store.collection<NaiveDocument>(ORDER_TRACKING_COLLECTION);
    const orderId = streamEntityId(event.streamId);
    const doc = await collection.get(orderId);
    if (doc !== undefined && doc.lastPosition >= event.position) return 'duplicate';
    const state = orderDecider.evolve(
      doc === undefined ? orderDecider.initialState() : restoreOrderState(doc.machine),
      event as RecordedEvent<OrderEvent>,
    );
    const rendered = orderTrackingDocument(orderId, state, event.revision, event.metadata.occurredAt);
    await collection.put({ ...rendered, lastPosition: event.position });
    return 'applied';
  },
};
