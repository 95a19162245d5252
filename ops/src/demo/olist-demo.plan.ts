import type { OlistData, OlistLocation, OlistOrder, OlistProduct } from '../datasets/olist/olist.loader.ts';
import { seededRandom } from './demo.plan.ts';

/** A `POST /locations` body: an Olist seller as a warehouse. */
export interface OlistLocationBody {
  readonly locationId: string;
  readonly name: string;
  readonly kind: 'warehouse';
  readonly coordinates: { readonly lat: number; readonly lng: number };
  readonly region: string;
  readonly country: 'BR';
  readonly capabilities: readonly string[];
  readonly dailyCapacity: number;
  readonly active: true;
}

/** Goods arriving at a seller: a `ReceiveStock` for `POST /inventory/:sku/commands`. */
export interface OlistReceipt {
  readonly sku: string;
  readonly locationId: string;
  readonly quantity: number;
}

/** One real Olist order as the demo sends it: the PlaceOrder body and its payment. */
export interface OlistDemoOrder {
  readonly key: string;
  readonly olistOrderId: string;
  readonly place: Readonly<Record<string, unknown>>;
  readonly authorize: { readonly type: 'AuthorizePayment' } & Readonly<Record<string, unknown>>;
}

/** Everything an Olist demo run sends, in order: locations, stock, orders. */
export interface OlistDemoPlan {
  readonly locations: readonly OlistLocationBody[];
  readonly receipts: readonly OlistReceipt[];
  readonly orders: readonly OlistDemoOrder[];
  /** The products the stock and the orders are about. */
  readonly catalogue: ReadonlyMap<string, OlistProduct>;
}

/** The share of products the demo leaves out of stock everywhere, so some orders cannot be routed. */
export const OUT_OF_STOCK_SHARE = 0.06;

/** A location id for a seller. */
export const sellerLocationId = (sellerId: string) => `seller-${sellerId}`;

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function locationBody(seller: OlistLocation): OlistLocationBody {
  const { locationId, coordinates, region, city, capabilities, dailyCapacity } = seller;
  return {
    locationId: sellerLocationId(locationId),
    name: `Olist seller ${locationId.slice(0, 8)} (${city.split(',')[0]}, ${region})`,
    kind: 'warehouse',
    coordinates,
    region,
    country: 'BR',
    capabilities,
    dailyCapacity,
    active: true,
  };
}

function orderBody(order: OlistOrder, catalogue: ReadonlyMap<string, OlistProduct>) {
  // The data set has a row per unit: units of one product make one line.
  const lines = new Map<string, { quantity: number; price: number }>();
  for (const item of order.items) {
    const line = lines.get(item.productId) ?? { quantity: 0, price: item.price };
    line.quantity += 1;
    lines.set(item.productId, line);
  }
  const name = `Olist customer ${order.customerId.slice(0, 6)}`;
  const freight = order.items.reduce((sum, item) => sum + item.freight, 0);
  return {
    customer: { customerId: `olist-${order.customerId}`, name },
    channel: { salesChannel: 'olist', externalOrderId: order.orderId },
    lines: [...lines].map(([sku, { quantity, price }], i) => {
      const product = catalogue.get(sku)!;
      return {
        lineId: String(i + 1),
        sku,
        // The API takes no weights: the line's name says what the catalogue knows.
        name: `${product.category.replaceAll('_', ' ')}, ${product.weightGrams} g`,
        quantity,
        unitPrice: { amount: price, currency: 'BRL' },
      };
    }),
    shippingAddress: {
      name,
      line1: 'Street not in the Olist data',
      city: order.city,
      region: order.state,
      postalCode: order.zipPrefix,
      country: 'BR',
    },
    shippingFee: { amount: freight, currency: 'BRL' },
    currency: 'BRL',
  };
}

/**
 * Plans a demo over real Olist data: `count` orders drawn at random (seeded) among those whose
 * sellers have coordinates; as locations their sellers, one seller in each customer state none
 * of them is in (so every address can be placed in its region), and as many more at random;
 * stock of each ordered product at the sellers that sold it (enough for the sample, plus a few)
 * and now and then at one or two other sellers, except a few products out of stock everywhere.
 */
export function planOlistDemo(data: OlistData, count: number, seed: number, runId: string): OlistDemoPlan {
  const random = seededRandom(seed);
  const sellers = new Map(data.locations.map((l) => [l.locationId, l]));
  const placeable = data.orders.filter((o) =>
    o.items.every((i) => sellers.has(i.sellerId) && data.catalogue.has(i.productId)),
  );
  const picked = shuffled(placeable, random).slice(0, count);
  const chosen = new Map<string, OlistLocation>();
  for (const order of picked) for (const item of order.items) chosen.set(item.sellerId, sellers.get(item.sellerId)!);
  const others = shuffled(data.locations, random);
  for (const state of new Set(picked.map((o) => o.state))) {
    if ([...chosen.values()].some((l) => l.region === state)) continue;
    const local = others.find((l) => l.region === state);
    if (local !== undefined) chosen.set(local.locationId, local);
  }
  for (const extra of others.slice(0, picked.length)) chosen.set(extra.locationId, extra);

  const needed = new Map<string, Map<string, number>>(); // product → seller → units in the sample
  for (const order of picked) {
    for (const { productId, sellerId } of order.items) {
      const bySeller = needed.get(productId) ?? new Map<string, number>();
      bySeller.set(sellerId, (bySeller.get(sellerId) ?? 0) + 1);
      needed.set(productId, bySeller);
    }
  }
  const registered = [...chosen.keys()];
  const receipts: OlistReceipt[] = [];
  for (const [sku, bySeller] of needed) {
    if (random() < OUT_OF_STOCK_SHARE) continue;
    const stock = new Map<string, number>();
    for (const [sellerId, units] of bySeller) stock.set(sellerId, units + Math.floor(random() * 4));
    for (let i = 0; i < 2; i += 1) {
      const other = registered[Math.floor(random() * registered.length)]!;
      if (random() < 0.5 && !stock.has(other)) stock.set(other, 1 + Math.floor(random() * 4));
    }
    for (const [sellerId, quantity] of stock) receipts.push({ sku, locationId: sellerLocationId(sellerId), quantity });
  }

  const orders = picked.map((order): OlistDemoOrder => {
    const place = orderBody(order, data.catalogue);
    const total = place.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice.amount, place.shippingFee.amount);
    return {
      key: `${runId}-${order.orderId}`,
      olistOrderId: order.orderId,
      place,
      authorize: {
        type: 'AuthorizePayment',
        paymentId: `pay-${order.orderId}`,
        amount: { amount: total, currency: 'BRL' },
        method: 'credit_card',
      },
    };
  });
  const catalogue = new Map([...needed.keys()].map((sku) => [sku, data.catalogue.get(sku)!] as const));
  return { locations: [...chosen.values()].map(locationBody), receipts, orders, catalogue };
}
