/** Kinds of places stock is held at. */
export const LOCATION_KINDS = ['warehouse', 'store'] as const;
/** A warehouse or a store. */
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** What a location can handle; routing matches them against what an order needs. */
export const LOCATION_CAPABILITIES = ['fragile', 'cold-chain', 'oversized', 'store-pickup', 'express'] as const;
/** One capability of a location. */
export type LocationCapability = (typeof LOCATION_CAPABILITIES)[number];

/** A point on the globe in decimal degrees. */
export interface Coordinates {
  readonly lat: number;
  readonly lng: number;
}

/** A warehouse or store as registered: the complete data every location event carries. */
export interface Location {
  readonly locationId: string;
  readonly name: string;
  readonly kind: LocationKind;
  readonly coordinates: Coordinates;
  /** A state or province code, e.g. `CN-31` or `CA`. */
  readonly region: string;
  /** ISO 3166-1 alpha-2, e.g. `CN`. */
  readonly country: string;
  readonly capabilities: readonly LocationCapability[];
  /** Shipments the location can send per day. */
  readonly dailyCapacity: number;
  /** An inactive location keeps its stock figures but takes no new orders. */
  readonly active: boolean;
}

/** Commands of the location aggregate. Imperative; the type name is the `type` string. */
export type LocationCommand =
  | ({ readonly type: 'RegisterLocation' } & Location)
  | ({ readonly type: 'UpdateLocation' } & Location);

/** The data of every location event, by type: the whole location, never a diff. */
export interface LocationEventDataMap {
  LocationRegistered: Location;
  LocationUpdated: Location;
}

/** Every location event type, in catalogue order. */
export const LOCATION_EVENT_TYPES = [
  'LocationRegistered',
  'LocationUpdated',
] as const satisfies readonly (keyof LocationEventDataMap)[];

/** The stream category of locations: `location-<locationId>`. */
export const LOCATION_CATEGORY = 'location';

/** The stream a location's events live in. */
export function locationStreamId(locationId: string): string {
  return `${LOCATION_CATEGORY}-${locationId}`;
}
