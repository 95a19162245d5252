import { join } from 'node:path';
import type { Coordinates, LineConstraint, RoutingDestination } from '@ordinal/domain';
import { readCsv } from './csv.reader.ts';
import { dailyCapacity, productConstraints, type SellerRecord, sellerCapabilities } from './olist.derive.ts';
import { OLIST_FILES } from './olist.paths.ts';

/** A seller as a warehouse routing can ship from. */
export interface OlistLocation {
  readonly locationId: string;
  readonly kind: 'warehouse';
  readonly coordinates: Coordinates;
  /** The seller's state (`SP`). */
  readonly region: string;
  readonly city: string;
  readonly capabilities: readonly string[];
  readonly dailyCapacity: number;
}

/** A product as an order line needs it. */
export interface OlistProduct {
  readonly sku: string;
  readonly category: string;
  readonly weightGrams: number;
  readonly dimensionsCm?: { readonly length: number; readonly width: number; readonly height: number };
  readonly constraints: readonly LineConstraint[];
}

/** One item of a real order (a row per unit); amounts in integer centavos. */
export interface OlistItem {
  readonly productId: string;
  readonly sellerId: string;
  readonly price: number;
  readonly freight: number;
}

/** A real order: who bought it, where it went and what it held. */
export interface OlistOrder {
  readonly orderId: string;
  /** The customer across orders (`customer_unique_id`). */
  readonly customerId: string;
  /** Five digits, as the data set gives them (`01409`). */
  readonly zipPrefix: string;
  readonly city: string;
  /** The customer's state (`SP`). */
  readonly state: string;
  readonly items: readonly OlistItem[];
}

/** What the loader could not use, so a reader knows how much of the data set routing sees. */
export interface OlistReport {
  readonly sellers: number;
  readonly sellersWithoutCoordinates: number;
  readonly products: number;
  readonly productsWithoutWeight: number;
  readonly customerZipPrefixes: number;
  readonly customerZipPrefixesWithoutCoordinates: number;
  readonly geolocationSamples: number;
}

/** Locations, catalogue, destinations and orders of the Olist data set. */
export interface OlistData {
  readonly locations: readonly OlistLocation[];
  readonly catalogue: ReadonlyMap<string, OlistProduct>;
  /** By customer zip prefix. */
  readonly destinations: ReadonlyMap<string, RoutingDestination>;
  readonly orders: readonly OlistOrder[];
  readonly report: OlistReport;
}

// A zip prefix's point is the mean of its samples: the data set gives many per prefix.
async function zipCentres(dir: string): Promise<{ centres: Map<string, Coordinates>; samples: number }> {
  const sums = new Map<string, { lat: number; lng: number; n: number }>();
  let samples = 0;
  for await (const r of readCsv(join(dir, OLIST_FILES.geolocation))) {
    const lat = Number(r.geolocation_lat);
    const lng = Number(r.geolocation_lng);
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) continue;
    samples += 1;
    const sum = sums.get(r.geolocation_zip_code_prefix!) ?? { lat: 0, lng: 0, n: 0 };
    sum.lat += lat;
    sum.lng += lng;
    sum.n += 1;
    sums.set(r.geolocation_zip_code_prefix!, sum);
  }
  const centres = new Map([...sums].map(([zip, s]) => [zip, { lat: s.lat / s.n, lng: s.lng / s.n }] as const));
  return { centres, samples };
}

const positive = (text: string | undefined) => {
  const n = Number(text);
  return text !== undefined && text !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
};

/** BRL with a decimal point (`99.9`) as integer centavos; anything unreadable is 0. */
const centavos = (text: string | undefined) => {
  const n = Number(text);
  return text !== undefined && text !== '' && Number.isFinite(n) && n >= 0 ? Math.round(n * 100) : 0;
};

async function catalogue(dir: string) {
  const english = new Map<string, string>();
  for await (const r of readCsv(join(dir, OLIST_FILES.categories)))
    english.set(r.product_category_name!, r.product_category_name_english!);
  const products = new Map<string, OlistProduct>();
  let withoutWeight = 0;
  for await (const r of readCsv(join(dir, OLIST_FILES.products))) {
    const pt = r.product_category_name ?? '';
    // Two categories have no translation; their Portuguese name is still a name.
    const category = pt === '' ? 'unknown' : (english.get(pt) ?? pt);
    const weight = positive(r.product_weight_g);
    if (weight === undefined) withoutWeight += 1;
    const [length, width, height] = [r.product_length_cm, r.product_width_cm, r.product_height_cm].map(positive);
    const dimensionsCm = length && width && height ? { length, width, height } : undefined;
    // A product without a weight ships as 500 g: the loader keeps it rather than lose its orders.
    const weightGrams = Math.round(weight ?? 500);
    const constraints = productConstraints(category, weightGrams, dimensionsCm);
    const sku = r.product_id!;
    products.set(sku, { sku, category, weightGrams, ...(dimensionsCm ? { dimensionsCm } : {}), constraints });
  }
  return { products, withoutWeight };
}

async function ordersAndSellers(dir: string, products: ReadonlyMap<string, OlistProduct>) {
  const customers = new Map<string, { uniqueId: string; zip: string; city: string; state: string }>();
  for await (const r of readCsv(join(dir, OLIST_FILES.customers)))
    customers.set(r.customer_id!, {
      uniqueId: r.customer_unique_id!,
      zip: r.customer_zip_code_prefix!,
      city: r.customer_city!,
      state: r.customer_state!,
    });
  const orderRows = new Map<string, { customerId: string; approved: string; handed: string }>();
  for await (const r of readCsv(join(dir, OLIST_FILES.orders)))
    orderRows.set(r.order_id!, {
      customerId: r.customer_id!,
      approved: r.order_approved_at ?? '',
      handed: r.order_delivered_carrier_date ?? '',
    });
  const items = new Map<string, OlistItem[]>();
  const sellers = new Map<string, SellerRecord>();
  for await (const r of readCsv(join(dir, OLIST_FILES.items))) {
    const sellerId = r.seller_id!;
    const productId = r.product_id!;
    const item = { productId, sellerId, price: centavos(r.price), freight: centavos(r.freight_value) };
    items.set(r.order_id!, [...(items.get(r.order_id!) ?? []), item]);
    const record = sellers.get(sellerId) ?? { items: 0, constraints: new Set<LineConstraint>(), handoverDays: [] };
    record.items += 1;
    for (const c of products.get(productId)?.constraints ?? []) record.constraints.add(c);
    const order = orderRows.get(r.order_id!);
    // Some orders were handed over before approval: a negative handover says nothing of speed.
    const days = order ? (Date.parse(order.handed) - Date.parse(order.approved)) / 86_400_000 : Number.NaN;
    if (Number.isFinite(days) && days >= 0) record.handoverDays.push(days);
    sellers.set(sellerId, record);
  }
  const orders: OlistOrder[] = [];
  for (const [orderId, row] of orderRows) {
    const customer = customers.get(row.customerId);
    const lines = items.get(orderId);
    if (customer === undefined || lines === undefined) continue;
    const { uniqueId, zip, city, state } = customer;
    orders.push({ orderId, customerId: uniqueId, zipPrefix: zip, city, state, items: lines });
  }
  return { customers, orders, sellers };
}

/** Reads the Olist CSVs from `dir` (streamed, never copied) into routing's locations, catalogue and destinations. */
export async function loadOlist(dir: string): Promise<OlistData> {
  const { centres, samples } = await zipCentres(dir);
  const { products, withoutWeight } = await catalogue(dir);
  const { customers, orders, sellers } = await ordersAndSellers(dir, products);
  const locations: OlistLocation[] = [];
  let sellerCount = 0;
  for await (const r of readCsv(join(dir, OLIST_FILES.sellers))) {
    sellerCount += 1;
    const coordinates = centres.get(r.seller_zip_code_prefix!);
    if (coordinates === undefined) continue;
    const record = sellers.get(r.seller_id!);
    locations.push({
      locationId: r.seller_id!,
      kind: 'warehouse',
      coordinates,
      region: r.seller_state!,
      city: r.seller_city!,
      capabilities: sellerCapabilities(record),
      dailyCapacity: dailyCapacity(record),
    });
  }
  const destinations = new Map<string, RoutingDestination>();
  const prefixes = new Set<string>();
  for (const { zip, state } of customers.values()) {
    prefixes.add(zip);
    const centre = centres.get(zip);
    if (centre !== undefined) destinations.set(zip, { ...centre, region: state, country: 'BR', postalCode: zip });
  }
  return {
    locations,
    catalogue: products,
    destinations,
    orders: orders.filter((o) => destinations.has(o.zipPrefix)),
    report: {
      sellers: sellerCount,
      sellersWithoutCoordinates: sellerCount - locations.length,
      products: products.size,
      productsWithoutWeight: withoutWeight,
      customerZipPrefixes: prefixes.size,
      customerZipPrefixesWithoutCoordinates: prefixes.size - destinations.size,
      geolocationSamples: samples,
    },
  };
}
