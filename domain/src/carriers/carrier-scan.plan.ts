import type { OrderCommand } from '../order/order.commands.ts';
import type { ShipmentStatus } from '../order/order.context.ts';
import type { CarrierScan } from './carrier-scan.types.ts';

/** How far along a dispatched shipment is; a scan never moves it to a lower rank. */
const RANK: Partial<Record<ShipmentStatus, number>> = {
  shipped: 0,
  inTransit: 1,
  outForDelivery: 2,
  deliveryFailed: 3,
  delivered: 4,
};

/** What a scan does to its shipment: the commands that move it, empty when it is only recorded. */
export interface ScanPlan {
  readonly applied: boolean;
  readonly commands: readonly OrderCommand[];
}

const recordOnly: ScanPlan = { applied: false, commands: [] };

/**
 * The order commands a carrier scan turns into, from the shipment's status now. A scan that
 * would move the shipment backwards (a late `in-transit` after `delivered`) moves nothing; a
 * scan that skips steps (`delivered` before its `out-for-delivery` arrived) brings the steps
 * it implies, so the shipment ends where the latest milestone says whatever the arrival order.
 * Location pings repeat at the same rank while the parcel travels.
 */
export function planScan(orderId: string, shipmentId: string, status: ShipmentStatus, scan: CarrierScan): ScanPlan {
  const rank = RANK[status];
  if (rank === undefined) return recordOnly;
  const ids = { orderId, shipmentId };
  const window = scan.estimatedDelivery === undefined ? {} : { estimatedDelivery: scan.estimatedDelivery };
  const outForDelivery: OrderCommand = { type: 'RecordOutForDelivery', ...ids, ...window };
  switch (scan.kind) {
    case 'handed-over':
      return recordOnly;
    case 'in-transit':
      if (rank > 1) return recordOnly;
      return {
        applied: true,
        commands: [{ type: 'RecordShipmentInTransit', ...ids, ...(scan.location ? { location: scan.location } : {}) }],
      };
    case 'out-for-delivery':
      return rank < 2 ? { applied: true, commands: [outForDelivery] } : recordOnly;
    case 'failed-attempt': {
      if (rank > 2) return recordOnly;
      const failed: OrderCommand = { type: 'RecordDeliveryFailure', ...ids, reason: scan.reason ?? 'failed attempt' };
      return { applied: true, commands: rank < 2 ? [outForDelivery, failed] : [failed] };
    }
    case 'delivered': {
      if (rank > 3) return recordOnly;
      const delivered: OrderCommand = {
        type: 'RecordDelivery',
        ...ids,
        ...(scan.receivedBy ? { receivedBy: scan.receivedBy } : {}),
      };
      // A reattempt sends the parcel out for delivery again.
      const before: OrderCommand[] =
        rank === 3 ? [{ type: 'ReattemptDelivery', ...ids }] : rank < 2 ? [outForDelivery] : [];
      return { applied: true, commands: [...before, delivered] };
    }
  }
}

/** The order note that records a scan on the order's timeline, whether or not it moved the shipment. */
export function scanNoteText(carrier: string, scan: CarrierScan): string {
  const where = scan.location ? ` at ${scan.location}` : '';
  const why = scan.reason ? ` (${scan.reason})` : '';
  return `${carrier} scan ${scan.carrierEventId}: ${scan.kind}${where}${why} on ${scan.occurredAt} [${scan.trackingNumber}]`;
}

/** The note id of a scan, unique per (carrier, carrier event id): the scan's idempotency key. */
export function scanNoteId(carrier: string, carrierEventId: string): string {
  return `carrier:${carrier}:${carrierEventId}`;
}
