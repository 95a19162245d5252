import { join } from 'node:path';
import type { DefineProduct, LocationCommand } from '@ordinal/domain';
import { localTimeToUtc } from '@ordinal/domain';
import { readCsv } from '../datasets/olist/csv.reader.ts';
import { loadOlist } from '../datasets/olist/olist.loader.ts';
import { OLIST_FILES } from '../datasets/olist/olist.paths.ts';
import { sellerLocationId } from '../demo/olist-demo.plan.ts';
import type { HistoryStatus, OrderHistory } from './import.types.ts';

/** The zone Olist's timestamps are written in (local Brazilian time, no offset in the files). */
export const OLIST_TIME_ZONE = 'America/Sao_Paulo';

/** The files the importer reads besides the loader's. */
export const OLIST_IMPORT_FILES = {
  ...OLIST_FILES,
  payments: 'olist_order_payments_dataset.csv',
  reviews: 'olist_order_reviews_dataset.csv',
} as const;

/** Olist's order status in Ordinal's words; `unavailable` and `canceled` both end cancelled. */
export const OLIST_STATUSES: Readonly<Record<string, HistoryStatus>> = {
  created: 'placed',
  approved: 'paid',
  invoiced: 'allocated',
  processing: 'picking',
  shipped: 'shipped',
  delivered: 'delivered',
  canceled: 'cancelled',
  unavailable: 'cancelled',
};

/** The Olist data set as an import: sellers as locations, products as the catalogue, the orders' histories. */
export interface OlistImport {
  readonly locations: readonly LocationCommand[];
  readonly products: readonly DefineProduct[];
  readonly orders: readonly OrderHistory[];
}

const utc = (local: string | undefined) =>
  local === undefined || local === '' ? undefined : localTimeToUtc(local, OLIST_TIME_ZONE);
const centavos = (text: string | undefined) => Math.round(Number(text ?? '0') * 100);
/**
 * The catalogue tag naming a product's category, as the KPIs read it (`category-<name>`, at most
 * 40 characters like every tag): `bed_bath_table` → `category-bed-bath-table`.
 */
const tagOf = (category: string) =>
  `category-${
    category
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 31)
      .replace(/^-+|-+$/g, '') || 'unknown'
  }`;

async function rowsBy(file: string, key: string): Promise<Map<string, Readonly<Record<string, string>>[]>> {
  const by = new Map<string, Readonly<Record<string, string>>[]>();
  for await (const row of readCsv(file)) {
    const id = row[key] ?? '';
    const rows = by.get(id);
    if (rows === undefined) by.set(id, [row]);
    else rows.push(row);
  }
  return by;
}

/**
 * Reads the Olist CSVs in `dir` into histories (times converted from São Paulo local time to
 * UTC), the sellers as warehouses (those with coordinates) and the products as the catalogue
 * (named by category and weight, list price the first price sold at). `limit` keeps the first
 * N orders of the orders file.
 */
export async function readOlist(dir: string, limit = Number.POSITIVE_INFINITY): Promise<OlistImport> {
  const data = await loadOlist(dir);
  const items = await rowsBy(join(dir, OLIST_IMPORT_FILES.items), 'order_id');
  const payments = await rowsBy(join(dir, OLIST_IMPORT_FILES.payments), 'order_id');
  const reviews = await rowsBy(join(dir, OLIST_IMPORT_FILES.reviews), 'order_id');
  const customers = new Map<string, Readonly<Record<string, string>>>();
  for await (const row of readCsv(join(dir, OLIST_IMPORT_FILES.customers))) customers.set(row.customer_id ?? '', row);
  const names = new Map<string, string>();
  const firstPrice = new Map<string, number>();
  const orders: OrderHistory[] = [];
  let line = 1;
  for await (const row of readCsv(join(dir, OLIST_IMPORT_FILES.orders))) {
    line += 1;
    if (orders.length >= limit) break;
    const orderId = row.order_id ?? '';
    const customer = customers.get(row.customer_id ?? '') ?? {};
    const customerKey = customer.customer_unique_id ?? row.customer_id ?? '';
    const name = `Olist customer ${customerKey.slice(0, 6)}`;
    const sellers: string[] = [];
    const shipmentLines = new Map<string, string[]>();
    let freight = 0;
    const lines = (items.get(orderId) ?? []).map((item) => {
      const sku = item.product_id ?? '';
      const product = data.catalogue.get(sku);
      const productName = product ? `${product.category.replaceAll('_', ' ')}, ${product.weightGrams} g` : sku;
      names.set(sku, productName);
      const price = centavos(item.price);
      if (!firstPrice.has(sku)) firstPrice.set(sku, price);
      freight += centavos(item.freight_value);
      const seller = item.seller_id ?? '';
      if (!sellers.includes(seller)) sellers.push(seller);
      const lineId = item.order_item_id ?? String(sellers.length);
      shipmentLines.set(seller, [...(shipmentLines.get(seller) ?? []), lineId]);
      return { lineId, sku, name: productName, quantity: 1, unitPrice: { amount: price, currency: 'BRL' } };
    });
    const paid = (payments.get(orderId) ?? []).sort(
      (a, b) => Number(a.payment_sequential) - Number(b.payment_sequential),
    );
    const methods = [...new Set(paid.map((p) => p.payment_type ?? ''))].filter((m) => m !== '' && m !== 'not_defined');
    const status = OLIST_STATUSES[row.order_status ?? ''] ?? 'placed';
    const history: OrderHistory = {
      orderId,
      record: `${OLIST_IMPORT_FILES.orders}:${line}`,
      status,
      ...(status === 'cancelled' ? { cancelReason: `olist status ${row.order_status}` } : {}),
      place: {
        customer: { customerId: `olist-${customerKey}`, name },
        channel: { salesChannel: 'olist', externalOrderId: orderId },
        lines,
        shippingAddress: {
          name,
          line1: 'Street not in the Olist data',
          city: customer.customer_city ?? 'unknown',
          region: customer.customer_state ?? '',
          postalCode: customer.customer_zip_code_prefix || '00000',
          country: 'BR',
        },
        shippingFee: { amount: freight, currency: 'BRL' },
        currency: 'BRL',
        ...(utc(row.order_estimated_delivery_date) ? { promisedBy: utc(row.order_estimated_delivery_date) } : {}),
      },
      ...optional('placedAt', utc(row.order_purchase_timestamp)),
      ...optional('paidAt', utc(row.order_approved_at)),
      ...optional('paymentMethod', methods.length > 0 ? methods.join('+') : undefined),
      ...optional('shippedAt', utc(row.order_delivered_carrier_date)),
      ...optional('deliveredAt', utc(row.order_delivered_customer_date)),
      shipments: sellers.map((seller, i) => ({
        shipmentId: `s${i + 1}`,
        locationId: sellerLocationId(seller),
        lineIds: shipmentLines.get(seller) ?? [],
      })),
      reviews: (reviews.get(orderId) ?? []).flatMap((review) => {
        const at = utc(review.review_creation_date);
        if (at === undefined) return [];
        const words = [review.review_comment_title, review.review_comment_message]
          .map((t) => t?.trim())
          .filter(Boolean);
        const text = `review ${review.review_score}/5${words.length > 0 ? `: ${words.join(' — ')}` : ''}`;
        return [{ reviewId: review.review_id ?? '', at, text }];
      }),
    };
    orders.push(history);
  }
  const locations: LocationCommand[] = data.locations.map(
    ({ locationId, coordinates, region, city, capabilities, dailyCapacity }) => ({
      type: 'RegisterLocation',
      locationId: sellerLocationId(locationId),
      name: `Olist seller ${locationId.slice(0, 8)} (${city.split(',')[0]}, ${region})`,
      kind: 'warehouse',
      coordinates,
      region,
      country: 'BR',
      capabilities: capabilities as LocationCommand['capabilities'],
      dailyCapacity,
      active: true,
    }),
  );
  const products: DefineProduct[] = [...firstPrice].map(([sku, price]) => ({
    type: 'DefineProduct',
    sku,
    name: names.get(sku) ?? sku,
    tags: [tagOf(data.catalogue.get(sku)?.category ?? 'unknown')],
    listPrice: { amount: price, currency: 'BRL' },
  }));
  return { locations, products, orders };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
