import type { Geocoder } from '@ordinal/actors';
import type { Address, RoutingDestination } from '@ordinal/domain';
import type { PostalTable } from './postal-table.ts';

const inRange = (degrees: unknown, limit: number): degrees is number =>
  typeof degrees === 'number' && Number.isFinite(degrees) && Math.abs(degrees) <= limit;

/** The coordinates the address came with, when they are there and in range. */
export function fromAddress(address: Address): RoutingDestination | undefined {
  const at = address.coordinates;
  if (at === undefined || !inRange(at.lat, 90) || !inRange(at.lng, 180)) return undefined;
  const { region = '', country, postalCode } = address;
  return { lat: at.lat, lng: at.lng, region, country, postalCode, source: 'address' };
}

/**
 * The centre of the address's postal-code area. The table's region wins over the address's: it
 * is written in the same codes as the locations (an address may say `浙江省` where the
 * locations say `CN-33`), and store pickup compares the two.
 */
export function fromPostalTable(table: PostalTable, address: Address): RoutingDestination | undefined {
  const area = table.lookup(address.country, address.postalCode);
  if (area === undefined) return undefined;
  const region = area.region ?? address.region ?? '';
  const { country, postalCode } = address;
  return { lat: area.lat, lng: area.lng, region, country, postalCode, source: 'postal-table' };
}

/**
 * The geocoder the routing process uses: the address's own coordinates, else its postal-code
 * area from the table, else undefined (the process then takes the middle of the region's
 * locations). Each answer names its source, which the routing input records.
 */
export function geocoderChain(table: PostalTable | undefined): Geocoder {
  return (address) => fromAddress(address) ?? (table === undefined ? undefined : fromPostalTable(table, address));
}
