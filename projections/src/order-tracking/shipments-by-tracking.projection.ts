import { type OrderEventOf, type RecordedEvent, streamEntityId } from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';

/** Collection of dispatched shipments by tracking number (id = tracking number). */
export const SHIPMENTS_BY_TRACKING_COLLECTION = 'shipmentsByTracking';

/** Which order and shipment a carrier's tracking number belongs to. */
export interface ShipmentByTrackingDocument {
  readonly id: string;
  readonly trackingNumber: string;
  readonly carrier: string;
  readonly orderId: string;
  readonly shipmentId: string;
  readonly dispatchedAt: string;
}

/**
 * Answers "whose parcel is this tracking number?" for carrier scans. Only `ShipmentDispatched`
 * writes, and it writes the whole document, so applying it again changes nothing.
 */
export const shipmentsByTrackingProjection: Projection = {
  name: 'shipmentsByTracking',
  categories: ['order'],
  collections: [SHIPMENTS_BY_TRACKING_COLLECTION],
  async apply(recorded, { store }) {
    // Nothing to write for the other order events; they are taken, not seen twice.
    if (recorded.type !== 'ShipmentDispatched') return 'applied';
    const event = recorded as RecordedEvent<OrderEventOf<'ShipmentDispatched'>>;
    const { trackingNumber, carrier, shipmentId } = event.data;
    const orderId = streamEntityId(event.streamId);
    const collection = store.collection<ShipmentByTrackingDocument>(SHIPMENTS_BY_TRACKING_COLLECTION);
    const current = await collection.get(trackingNumber);
    if (current?.orderId === orderId && current.shipmentId === shipmentId) return 'duplicate';
    const dispatchedAt = event.metadata.occurredAt;
    await collection.put({ id: trackingNumber, trackingNumber, carrier, orderId, shipmentId, dispatchedAt });
    return 'applied';
  },
};
