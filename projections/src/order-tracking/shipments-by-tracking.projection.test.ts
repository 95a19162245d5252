import { describe, expect, it } from 'vitest';
import { projectionSpec } from '../testing/projection-spec.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import { SHIPMENTS_BY_TRACKING_COLLECTION, shipmentsByTrackingProjection } from './shipments-by-tracking.projection.ts';

describe('shipmentsByTracking projection', () => {
  const byTracking = projectionSpec(shipmentsByTrackingProjection, {
    collection: SHIPMENTS_BY_TRACKING_COLLECTION,
    idOf: (event) => (event.data as { trackingNumber?: string }).trackingNumber ?? '',
  });
  const dispatched = recordedEvent({
    streamId: 'order-o1',
    revision: 5,
    position: 5,
    type: 'ShipmentDispatched',
    occurredAt: '2026-03-01T10:00:00.000Z',
    data: { shipmentId: 's1', carrier: 'sf-express', trackingNumber: 'SF1' },
  });

  it('ShipmentDispatched files the shipment under its tracking number, applied twice changes nothing', async () => {
    const result = await byTracking.given([]).when(dispatched, dispatched).then({
      id: 'SF1',
      trackingNumber: 'SF1',
      carrier: 'sf-express',
      orderId: 'o1',
      shipmentId: 's1',
      dispatchedAt: '2026-03-01T10:00:00.000Z',
    });
    expect(result.outcomes).toEqual(['applied', 'duplicate']);
  });

  it('ignores every other order event', async () => {
    const other = recordedEvent({ streamId: 'order-o1', revision: 6, position: 6, type: 'ShipmentInTransit' });
    const result = await byTracking
      .given([])
      .when(other)
      .then(({ stored }) => expect(stored.size).toBe(0));
    expect(result.outcomes).toEqual(['applied']);
  });
});
