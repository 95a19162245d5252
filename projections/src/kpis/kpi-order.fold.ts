import type { OrderEventDataMap, RecordedEvent } from '@ordinal/domain';
import { type KpiOrderDocument, type KpiShipment, NO_REGION } from './kpis.view.ts';

/** An order's KPI document before its first event. */
export function emptyKpiOrder(id: string): KpiOrderDocument {
  return {
    id,
    revision: 0,
    placedAt: null,
    channel: '',
    region: NO_REGION,
    skus: [],
    total: 0,
    currency: '',
    promisedBy: null,
    shipments: {},
    locations: [],
    deliveredAt: null,
    cancelled: false,
    returned: false,
  };
}

function dataOf<T extends keyof OrderEventDataMap>(event: RecordedEvent, _type: T): OrderEventDataMap[T] {
  return event.data as OrderEventDataMap[T];
}

function earliest(a: string | null, b: string): string {
  return a === null || b < a ? b : a;
}

function delivered(shipments: Readonly<Record<string, KpiShipment>>, id: string, at: string) {
  const shipment = shipments[id];
  if (shipment === undefined) return shipments;
  return { ...shipments, [id]: { ...shipment, deliveredAt: earliest(shipment.deliveredAt, at) } };
}

/** The shipments after the one named was given back: its whole allocation, but what already left. */
function withdrawn(shipments: Readonly<Record<string, KpiShipment>>, id: string) {
  const rejected = shipments[id];
  if (rejected === undefined) return shipments;
  return Object.fromEntries(
    Object.entries(shipments).filter(([, s]) => s.allocation !== rejected.allocation || s.dispatched),
  );
}

function facts(order: Omit<KpiOrderDocument, 'locations' | 'deliveredAt'>): KpiOrderDocument {
  const inForce = Object.values(order.shipments);
  const locations = [...new Set(inForce.map((s) => s.locationId))].sort();
  const all = inForce.length > 0 && inForce.every((s) => s.deliveredAt !== null);
  const deliveredAt =
    all && !order.cancelled
      ? (inForce
          .map((s) => s.deliveredAt as string)
          .sort()
          .at(-1) ?? null)
      : null;
  return { ...order, locations, deliveredAt };
}

/**
 * The order's KPI facts after one more event of its stream, in revision order. Pure: the
 * projection, a rebuild and a replay all fold the same events to the same document.
 */
export function evolveKpiOrder(doc: KpiOrderDocument, event: RecordedEvent): KpiOrderDocument {
  const next = { ...doc, revision: event.revision };
  switch (event.type) {
    case 'OrderPlaced': {
      const data = dataOf(event, 'OrderPlaced');
      return facts({
        ...next,
        placedAt: data.placedAt,
        channel: data.channel.salesChannel,
        region: data.shippingAddress.region ?? NO_REGION,
        skus: [...new Set(data.lines.map((line) => line.sku))].sort(),
        total: data.total.amount,
        currency: data.total.currency,
        promisedBy: data.promisedBy ?? null,
      });
    }
    case 'RulesApplied': {
      const added = dataOf(event, 'RulesApplied').addedLines.map((line) => line.sku);
      if (added.length === 0) return next;
      return { ...next, skus: [...new Set([...doc.skus, ...added])].sort() };
    }
    case 'OrderAllocated': {
      const shipments = { ...doc.shipments };
      for (const { shipmentId, locationId } of dataOf(event, 'OrderAllocated').allocations) {
        shipments[shipmentId] = { locationId, allocation: event.revision, dispatched: false, deliveredAt: null };
      }
      return facts({ ...next, shipments });
    }
    case 'AllocationRejected':
      return facts({ ...next, shipments: withdrawn(doc.shipments, dataOf(event, 'AllocationRejected').shipmentId) });
    case 'ShipmentDispatched': {
      const { shipmentId } = dataOf(event, 'ShipmentDispatched');
      const shipment = doc.shipments[shipmentId];
      if (shipment === undefined) return next;
      return { ...next, shipments: { ...doc.shipments, [shipmentId]: { ...shipment, dispatched: true } } };
    }
    case 'ShipmentDelivered': {
      const { shipmentId } = dataOf(event, 'ShipmentDelivered');
      return facts({ ...next, shipments: delivered(doc.shipments, shipmentId, event.metadata.occurredAt) });
    }
    case 'CarrierScanRecorded': {
      const scan = dataOf(event, 'CarrierScanRecorded');
      if (scan.kind !== 'delivered') return next;
      return facts({ ...next, shipments: delivered(doc.shipments, scan.shipmentId, scan.occurredAt) });
    }
    case 'OrderCancelled':
    case 'OrderRejected':
      return facts({ ...next, cancelled: true });
    case 'ReturnReceived':
      return { ...next, returned: true };
    default:
      return next;
  }
}
