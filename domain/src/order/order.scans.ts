import type { OrderContext, ShipmentScan, ShipmentState, ShipmentStatus } from './order.context.ts';
import type { OrderEventOf } from './order.events.ts';
import { entryOf, withEntry } from './order.records.ts';
import { stampMilestones } from './order.stage.ts';
import { at, defined } from './order.updates.ts';

// A shipment's tracking from its carrier scans. The scans are kept sorted by time, and the
// shipment's carrier-facing fields are walked from them in that order every time one is
// recorded, so the same scans give the same shipment whatever order they arrived in.

/** Statuses a shipment may receive scans in: dispatched, whatever happened since. */
export const SCANNABLE_STATUSES: readonly ShipmentStatus[] = [
  'shipped',
  'inTransit',
  'outForDelivery',
  'deliveryFailed',
  'returnedToSender',
  'delivered',
];

// How far along the parcel is. Scans never move a shipment to a lower rank, except that an
// out-for-delivery scan after a failed attempt is the next attempt.
const RANK: Partial<Record<ShipmentStatus, number>> = {
  shipped: 0,
  inTransit: 1,
  outForDelivery: 2,
  deliveryFailed: 3,
  delivered: 4,
};

/** Scans in the order they happened: by time, then by the carrier's event id. */
export function compareScans(a: ShipmentScan, b: ShipmentScan): number {
  const byTime = Date.parse(a.occurredAt) - Date.parse(b.occurredAt);
  if (byTime !== 0) return byTime;
  if (a.carrier !== b.carrier) return a.carrier < b.carrier ? -1 : 1;
  return a.carrierEventId < b.carrierEventId ? -1 : a.carrierEventId > b.carrierEventId ? 1 : 0;
}

// A state persisted before shipments kept scans has none; folds must never throw on it.
function scansOf(shipment: ShipmentState): readonly ShipmentScan[] {
  return shipment.scans ?? [];
}

/** True when the shipment holds a scan under this (carrier, carrier event id). */
export function hasScan(shipment: ShipmentState, carrier: string, carrierEventId: string): boolean {
  return scansOf(shipment).some((scan) => scan.carrier === carrier && scan.carrierEventId === carrierEventId);
}

/** The fields a walk over the scans sets. */
type Tracked = Pick<
  ShipmentState,
  | 'status'
  | 'lastLocation'
  | 'estimatedDelivery'
  | 'deliveryAttempts'
  | 'failureReason'
  | 'receivedBy'
  | 'inTransitAt'
  | 'outForDeliveryAt'
  | 'deliveryFailedAt'
  | 'deliveredAt'
>;

function sendOut(tracked: Tracked, when: string): Tracked {
  return {
    ...tracked,
    status: 'outForDelivery',
    deliveryAttempts: tracked.deliveryAttempts + 1,
    outForDeliveryAt: when,
  };
}

function step(tracked: Tracked, scan: ShipmentScan): Tracked {
  const when = scan.occurredAt;
  const seen: Tracked = {
    ...tracked,
    lastLocation: scan.location ?? tracked.lastLocation,
    estimatedDelivery: scan.estimatedDelivery ?? tracked.estimatedDelivery,
  };
  const status = seen.status;
  switch (scan.kind) {
    case 'handed-over':
      return seen;
    case 'in-transit':
      if (status !== 'shipped' && status !== 'inTransit') return seen;
      return { ...seen, status: 'inTransit', inTransitAt: seen.inTransitAt ?? when };
    case 'out-for-delivery':
      return status === 'outForDelivery' || status === 'delivered' ? seen : sendOut(seen, when);
    case 'failed-attempt': {
      if (status === 'delivered') return seen;
      // A failed attempt without its out-for-delivery scan was an attempt all the same.
      const out = status === 'outForDelivery' ? seen : sendOut(seen, when);
      return {
        ...out,
        status: 'deliveryFailed',
        failureReason: scan.reason ?? 'failed attempt',
        deliveryFailedAt: when,
      };
    }
    case 'delivered': {
      if (status === 'delivered') return seen;
      const out = status === 'outForDelivery' ? seen : sendOut(seen, when);
      return { ...out, status: 'delivered', receivedBy: scan.receivedBy, deliveredAt: when };
    }
  }
}

/**
 * The shipment's tracking after its scans, walked in time order from the shipment as it left
 * (status `shipped`, no attempt yet); location and ETA fall back to what the shipment had.
 */
export function trackFromScans(shipment: ShipmentState, scans: readonly ShipmentScan[]): Tracked {
  const start: Tracked = {
    status: 'shipped',
    lastLocation: shipment.lastLocation,
    estimatedDelivery: shipment.estimatedDelivery,
    deliveryAttempts: 0,
  };
  return scans.reduce(step, start);
}

// Scans never undo what was recorded by hand: a shipment returned to sender stays so, and the
// walk is taken only when it is at least as far along (or is the next attempt after a failure).
function follows(current: ShipmentStatus, tracked: ShipmentStatus): boolean {
  const now = RANK[current];
  const next = RANK[tracked];
  if (now === undefined || next === undefined) return false;
  return next >= now || (current === 'deliveryFailed' && tracked === 'outForDelivery');
}

function scanOf(data: OrderEventOf<'CarrierScanRecorded'>['data']): ShipmentScan {
  const { carrier, carrierEventId, kind, occurredAt, location, estimatedDelivery, reason, receivedBy } = data;
  return defined({ carrier, carrierEventId, kind, occurredAt, location, estimatedDelivery, reason, receivedBy });
}

/** Records a scan on its shipment and moves the shipment to where all its scans, in time order, say. */
export function recordScan(context: OrderContext, event: OrderEventOf<'CarrierScanRecorded'>): OrderContext {
  const { shipmentId, carrier, carrierEventId } = event.data;
  const shipment = entryOf(context.shipments, shipmentId);
  if (shipment === undefined || hasScan(shipment, carrier, carrierEventId)) return context;
  const scans = [...scansOf(shipment), scanOf(event.data)].sort(compareScans);
  const tracked = trackFromScans(shipment, scans);
  if (!follows(shipment.status, tracked.status)) {
    return { ...context, shipments: withEntry(context.shipments, shipmentId, { ...shipment, scans }) };
  }
  const moved: ShipmentState = defined({ ...shipment, ...tracked, scans });
  const delivered = shipment.status !== 'delivered' && moved.status === 'delivered';
  const lines = delivered
    ? context.lines.map((line) => {
        const quantity = shipment.lines.filter((l) => l.lineId === line.lineId).reduce((t, l) => t + l.quantity, 0);
        return quantity === 0 ? line : { ...line, deliveredQuantity: line.deliveredQuantity + quantity };
      })
    : context.lines;
  const next = { ...context, lines, shipments: withEntry(context.shipments, shipmentId, moved) };
  // The order's milestones take the scans' times, not the arrival's, so they do not depend on it either.
  return stampMilestones(next, moved.deliveredAt ?? at(event));
}
