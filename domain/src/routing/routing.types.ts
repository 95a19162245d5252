import type { Coordinates, LocationKind } from '../inventory/location.types.ts';

/** What a line needs from the location that ships it; each maps to a location capability of the same name. */
export type LineConstraint = 'fragile' | 'cold-chain' | 'oversized';

/** Every line constraint, in a fixed order. */
export const LINE_CONSTRAINTS: readonly LineConstraint[] = ['fragile', 'cold-chain', 'oversized'];

/** How a destination was placed on the map, from the most to the least precise. */
export type DestinationSource = 'address' | 'postal-table' | 'region-centroid';

/** Every destination source, most precise first. */
export const DESTINATION_SOURCES: readonly DestinationSource[] = ['address', 'postal-table', 'region-centroid'];

/**
 * Where the order goes: coordinates for distance, region (a state, e.g. `SP`) for store pickup,
 * country for the tariff.
 */
export interface RoutingDestination extends Coordinates {
  readonly region: string;
  /** ISO 3166-1 alpha-2: it picks the policy's tariff. */
  readonly country: string;
  readonly postalCode: string;
  /**
   * Which geocoder answered: the address's own coordinates, a postal-code table, or the middle of
   * the region's locations. Absent in inputs recorded before it was kept.
   */
  readonly source?: DestinationSource;
}

/** One order line as routing sees it: what, how many, how heavy, what it needs. */
export interface RoutingLine {
  readonly lineId: string;
  readonly sku: string;
  readonly quantity: number;
  /** Weight of one unit. */
  readonly weightGrams: number;
  readonly dimensionsCm?: { readonly length: number; readonly width: number; readonly height: number };
  readonly constraints: readonly LineConstraint[];
}

/**
 * A location that might ship the order, with the facts seen when the order was routed: what it
 * can handle, how many shipments it can still send today, and its stock of the order's SKUs.
 */
export interface RoutingCandidate {
  readonly locationId: string;
  readonly kind: LocationKind;
  readonly coordinates: Coordinates;
  readonly region: string;
  /**
   * ISO 3166-1 alpha-2. Absent in inputs recorded before tariffs were per country: such a
   * location counts as in the destination's country, which is how it was priced then.
   */
  readonly country?: string;
  /** e.g. `fragile`, `cold-chain`, `oversized`, `store-pickup`, `express`. */
  readonly capabilities: readonly string[];
  /** Shipments the location can still send today. */
  readonly remainingCapacity: number;
  /** Units available per SKU; a SKU that is absent has none. */
  readonly stock: Readonly<Record<string, number>>;
}

/** A location routing must not use for this order, and why (e.g. it rejected the allocation). */
export interface ExcludedLocation {
  readonly locationId: string;
  readonly reason: string;
}

/** Everything a routing decision depends on; the clock is `now`, never read. */
export interface RoutingInput {
  readonly orderId: string;
  /** ISO 8601 instant the decision is taken at. */
  readonly now: string;
  readonly destination: RoutingDestination;
  /** ISO 8601 instant the customer was promised delivery by, when there is a promise. */
  readonly promisedBy?: string;
  readonly lines: readonly RoutingLine[];
  readonly candidates: readonly RoutingCandidate[];
  readonly excludedLocations?: readonly ExcludedLocation[];
}
