import { type Rejection, reject } from '../shared/rejection.ts';
import { LOCATION_CAPABILITIES, LOCATION_KINDS, type Location } from './location.types.ts';

const COUNTRY = /^[A-Z]{2}$/;

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function inRange(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

/** The first field of a location that is wrong, and why; undefined when all are right. */
function problem(location: Location): { field: string; reason: string } | undefined {
  if (!isText(location.locationId)) return { field: 'locationId', reason: 'must not be blank' };
  if (!isText(location.name)) return { field: 'name', reason: 'must not be blank' };
  if (!(LOCATION_KINDS as readonly string[]).includes(location.kind)) {
    return { field: 'kind', reason: `must be one of ${LOCATION_KINDS.join(', ')}` };
  }
  if (!inRange(location.coordinates?.lat, -90, 90)) {
    return { field: 'coordinates.lat', reason: 'must be a number from -90 to 90' };
  }
  if (!inRange(location.coordinates?.lng, -180, 180)) {
    return { field: 'coordinates.lng', reason: 'must be a number from -180 to 180' };
  }
  if (!isText(location.region)) return { field: 'region', reason: 'must not be blank' };
  if (typeof location.country !== 'string' || !COUNTRY.test(location.country)) {
    return { field: 'country', reason: 'must be an ISO 3166-1 alpha-2 code such as CN' };
  }
  const capabilities = location.capabilities;
  if (!Array.isArray(capabilities)) return { field: 'capabilities', reason: 'must be a list' };
  const unknown = capabilities.find((c) => !(LOCATION_CAPABILITIES as readonly string[]).includes(c));
  if (unknown !== undefined) {
    return { field: 'capabilities', reason: `${String(unknown)} is not one of ${LOCATION_CAPABILITIES.join(', ')}` };
  }
  if (new Set(capabilities).size !== capabilities.length)
    return { field: 'capabilities', reason: 'lists a capability twice' };
  if (!Number.isSafeInteger(location.dailyCapacity) || location.dailyCapacity < 0) {
    return { field: 'dailyCapacity', reason: 'must be an integer ≥ 0' };
  }
  if (typeof location.active !== 'boolean') return { field: 'active', reason: 'must be true or false' };
  return undefined;
}

/** `location.invalid-field` naming the first wrong field, or undefined when the location is valid. */
export function invalidLocation(location: Location): Rejection | undefined {
  const found = problem(location);
  return found === undefined
    ? undefined
    : reject('location.invalid-field', `${found.field} ${found.reason}`, { ...found, locationId: location.locationId });
}

/** The location's data alone, without a command's `type`, capabilities in catalogue order. */
export function locationData(location: Location): Location {
  const { locationId, name, kind, coordinates, region, country, capabilities, dailyCapacity, active } = location;
  // One order for the same set, so an update that only reorders them is no change.
  const sorted = LOCATION_CAPABILITIES.filter((c) => capabilities.includes(c));
  return {
    locationId,
    name,
    kind,
    coordinates: { lat: coordinates.lat, lng: coordinates.lng },
    region,
    country,
    capabilities: sorted,
    dailyCapacity,
    active,
  };
}

/** True when two locations hold the same data. */
export function sameLocation(a: Location, b: Location): boolean {
  return JSON.stringify(locationData(a)) === JSON.stringify(locationData(b));
}
