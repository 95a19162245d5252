import type { Location } from '../inventory/location.types.ts';
import type { OrderLineState } from '../order/order.context.ts';
import type { OrderEvent } from '../order/order.events.ts';
import type { Allocation, StockReservationRef } from '../order/order.types.ts';
import type { RoutedDecision } from '../routing/routing.decision.ts';
import type {
  ExcludedLocation,
  LineConstraint,
  RoutingCandidate,
  RoutingDestination,
  RoutingInput,
  RoutingLine,
} from '../routing/routing.types.ts';

/** What routing needs to know of a SKU: its weight and what it needs from a location. */
export interface CatalogueItem {
  readonly weightGrams: number;
  readonly constraints: readonly LineConstraint[];
  readonly dimensionsCm?: RoutingLine['dimensionsCm'];
}

/** A SKU nobody described: half a kilo, no constraint (recorded in the input like any other). */
export const UNKNOWN_ITEM: CatalogueItem = { weightGrams: 500, constraints: [] };

/** The facts gathered for one routing attempt; all of them end up in the recorded input. */
export interface RoutingFacts {
  readonly now: string;
  readonly destination: RoutingDestination;
  readonly promisedBy?: string;
  /** Every known location; inactive ones and those holding none of the order's SKUs are left out. */
  readonly locations: readonly Location[];
  /** Units available now, by SKU then location. */
  readonly available: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Shipments each location was given today. */
  readonly shipmentsToday: Readonly<Record<string, number>>;
  readonly item: (sku: string) => CatalogueItem | undefined;
  readonly excluded?: readonly ExcludedLocation[];
}

/** The lines still to ship: each line's quantity less what was cancelled. */
export function openLines(lines: readonly OrderLineState[]): { lineId: string; sku: string; quantity: number }[] {
  return lines
    .map((line) => ({ lineId: line.lineId, sku: line.sku, quantity: line.quantity - line.cancelledQuantity }))
    .filter((line) => line.quantity > 0);
}

/** The routing engine's input for an order's open lines, from facts gathered now. */
export function routingInputFor(
  orderId: string,
  lines: readonly { lineId: string; sku: string; quantity: number }[],
  facts: RoutingFacts,
): RoutingInput {
  const skus = [...new Set(lines.map((line) => line.sku))];
  const candidates: RoutingCandidate[] = [];
  for (const location of [...facts.locations].sort((a, b) => (a.locationId < b.locationId ? -1 : 1))) {
    if (!location.active) continue;
    const stock: Record<string, number> = {};
    for (const sku of skus) {
      const units = facts.available[sku]?.[location.locationId] ?? 0;
      if (units > 0) stock[sku] = units;
    }
    if (Object.keys(stock).length === 0) continue;
    candidates.push({
      locationId: location.locationId,
      kind: location.kind,
      coordinates: location.coordinates,
      region: location.region,
      country: location.country,
      capabilities: location.capabilities,
      remainingCapacity: Math.max(0, location.dailyCapacity - (facts.shipmentsToday[location.locationId] ?? 0)),
      stock,
    });
  }
  return {
    orderId,
    now: facts.now,
    destination: facts.destination,
    ...(facts.promisedBy === undefined ? {} : { promisedBy: facts.promisedBy }),
    lines: lines.map((line) => {
      const item = facts.item(line.sku) ?? UNKNOWN_ITEM;
      return {
        lineId: line.lineId,
        sku: line.sku,
        quantity: line.quantity,
        weightGrams: item.weightGrams,
        ...(item.dimensionsCm === undefined ? {} : { dimensionsCm: item.dimensionsCm }),
        constraints: item.constraints,
      };
    }),
    candidates,
    ...(facts.excluded === undefined || facts.excluded.length === 0 ? {} : { excludedLocations: facts.excluded }),
  };
}

/**
 * Every location that rejected or failed a shipment of the order so far, once each (with the
 * reason of its latest rejection, in words), in the order they first did. Read from the order's
 * own events, so a restarted process excludes the same locations.
 */
export function excludedLocations(events: readonly OrderEvent[]): ExcludedLocation[] {
  const reasons = new Map<string, string>();
  for (const event of events) {
    if (event.type !== 'AllocationRejected') continue;
    const { shipmentId, locationId, kind, reason } = event.data;
    reasons.set(
      locationId,
      kind === 'rejected'
        ? `it rejected shipment ${shipmentId} (${reason})`
        : `shipment ${shipmentId} failed there (${reason})`,
    );
  }
  return [...reasons].map(([locationId, reason]) => ({ locationId, reason }));
}

/** The reservation of one line for one routing attempt: the same id whenever that attempt is retried. */
export function reservationId(orderId: string, attempt: number, lineId: string): string {
  return `${orderId}:${attempt}:${lineId}`;
}

/** The stock to reserve for a routed plan: one reservation per line, at the location shipping it. */
export function reservationsFor(
  orderId: string,
  attempt: number,
  decision: RoutedDecision,
  skuOf: (lineId: string) => string,
): StockReservationRef[] {
  return decision.plan.flatMap((shipment) =>
    shipment.lines.map((line) => ({
      reservationId: reservationId(orderId, attempt, line.lineId),
      sku: skuOf(line.lineId),
      lineId: line.lineId,
      locationId: shipment.locationId,
      quantity: line.quantity,
    })),
  );
}

/** The allocations that carry out a routed plan; shipment ids name the attempt so a re-route never reuses one. */
export function allocationsFor(attempt: number, decision: RoutedDecision): Allocation[] {
  return decision.plan.map((shipment, i) => ({
    shipmentId: `r${attempt}-s${i + 1}`,
    locationId: shipment.locationId,
    service: shipment.service,
    lines: shipment.lines.map(({ lineId, quantity }) => ({ lineId, quantity })),
  }));
}

/**
 * Where to route to when the address itself cannot be located: the mean point of the active
 * locations in the same country and region (a state, a province), or nothing. Coarse, but it
 * keeps the distances between candidates of that region meaningful, and it is recorded as the
 * destination like any other.
 */
export function regionCentroid(
  locations: readonly Location[],
  address: { readonly region?: string; readonly country: string; readonly postalCode: string },
): RoutingDestination | undefined {
  if (address.region === undefined) return undefined;
  const region = address.region.toUpperCase();
  const country = address.country.toUpperCase();
  const near = locations.filter(
    (l) => l.active && l.country.toUpperCase() === country && l.region.toUpperCase() === region,
  );
  if (near.length === 0) return undefined;
  const lat = near.reduce((sum, l) => sum + l.coordinates.lat, 0) / near.length;
  const lng = near.reduce((sum, l) => sum + l.coordinates.lng, 0) / near.length;
  return {
    lat,
    lng,
    region: address.region,
    country: address.country,
    postalCode: address.postalCode,
    source: 'region-centroid',
  };
}
