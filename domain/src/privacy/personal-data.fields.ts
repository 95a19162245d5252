/**
 * What erased personal data reads as: a string field becomes this marker, a list becomes empty
 * and any other value (coordinates) is left out.
 */
export const ERASED_MARKER = '[erased]';

/** The marker's type, so a view can tell an erased field from a real one. */
export type ErasedMarker = typeof ERASED_MARKER;

/** Where a personal field sits in an event's data: property names, `*` for every element of a list. */
export type PersonalPath = readonly string[];

/** The personal fields of an address; city, region, postal code and country stay readable (routing, KPIs). */
const ADDRESS_FIELDS = ['name', 'line1', 'line2', 'phone', 'coordinates'] as const;

/** The position a routing input records for the destination (its region, country and postal code stay readable). */
const DESTINATION_COORDINATES = ['lat', 'lng'] as const;

/**
 * Every field of every event type that holds personal data (name, e-mail, phone, street,
 * exact position — also as the routing input recorded it —, who signed for a parcel, address
 * fingerprints that contain the street, the raw documents kept for a retry). Each belongs to
 * the customer of the event's order, and the event store writes it encrypted with that
 * customer's key; a kept payload, which may name someone no order knows yet, is sealed under a
 * key of its own (kept-payloads.ts, docs/privacy.md).
 */
export const PERSONAL_DATA_FIELDS: Readonly<Record<string, readonly PersonalPath[]>> = {
  OrderPlaced: [
    ['customer', 'name'],
    ['customer', 'email'],
    ['customer', 'phone'],
    ...ADDRESS_FIELDS.map((field) => ['shippingAddress', field]),
  ],
  ShippingAddressChanged: ADDRESS_FIELDS.map((field) => ['address', field]),
  ShipmentDelivered: [['receivedBy']],
  CarrierScanRecorded: [['receivedBy']],
  // A risk hold records the account's address fingerprints (country, postal code and street);
  // a hold because no location could take the order records the routing input it was decided on.
  OrderHeld: [
    ['facts', 'facts', 'addresses'],
    ['facts', 'risk', 'facts', 'addresses'],
    ...DESTINATION_COORDINATES.map((field) => ['facts', 'routing', 'input', 'destination', field]),
  ],
  // The key of the address the parcel goes to: a fingerprint of name and street.
  ShipmentConsolidated: [['basis', 'addressKey']],
  // Where the router placed the parcel: the address's own coordinates are as exact as the street.
  OrderAllocated: DESTINATION_COORDINATES.map((field) => ['routing', 'input', 'destination', field]),
  // A channel's or carrier's own document, kept as received until a retry takes it.
  ChannelPayloadParked: [['payload']],
  CarrierPayloadParked: [['payload']],
};

/** Whether events of this type may carry personal data. */
export function holdsPersonalData(eventType: string): boolean {
  return PERSONAL_DATA_FIELDS[eventType] !== undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of the event data with every personal field present replaced by `replace(value)`
 * (left out when it returns undefined); the data itself is not changed. Fields the data does
 * not have are skipped, so older shapes pass through.
 */
export function mapPersonalFields<T>(eventType: string, data: T, replace: (value: unknown) => unknown): T {
  const paths = PERSONAL_DATA_FIELDS[eventType];
  if (paths === undefined) return data;
  let out: unknown = data;
  for (const path of paths) out = mapAt(out, path, replace);
  return out as T;
}

function mapAt(node: unknown, path: PersonalPath, replace: (value: unknown) => unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return node;
  if (head === '*') {
    if (!Array.isArray(node)) return node;
    return node.map((item) => (rest.length === 0 ? replace(item) : mapAt(item, rest, replace)));
  }
  if (!isRecord(node) || !(head in node) || node[head] === undefined) return node;
  const next = rest.length === 0 ? replace(node[head]) : mapAt(node[head], rest, replace);
  if (next === node[head]) return node;
  const copy: Record<string, unknown> = { ...node };
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** What a personal value reads as once erased: the marker for text, an empty list, else nothing. */
export function erasedValue(value: unknown): unknown {
  if (typeof value === 'string') return ERASED_MARKER;
  if (Array.isArray(value)) return value.length === 0 ? value : [];
  return undefined;
}

/** The event data with every personal field erased (as it reads after the customer's key is destroyed). */
export function erasePersonalData<T>(eventType: string, data: T): T {
  return mapPersonalFields(eventType, data, erasedValue);
}
