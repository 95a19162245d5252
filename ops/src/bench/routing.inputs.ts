import type { RoutingCandidate, RoutingInput, RoutingLine } from '@ordinal/domain';
import type { OlistData, OlistOrder } from '../datasets/olist/olist.loader.ts';

// A small seeded generator (mulberry32): the same seed gives the same stock on every run.
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// One number in [0, 1) per (seed, text), so a seller's stock of a SKU is the same in every order.
function draw(seed: number, text: string): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return generator(h)();
}

/**
 * Stock a seller holds of a SKU: a seller that sold the product in the data set holds 1–20 of it;
 * any other seller holds 1–5 with a chance of 2%, so a SKU is at a few dozen of the 1,600 sellers
 * and an order's lines are often at different ones.
 */
export function stockOf(seed: number, sold: ReadonlySet<string>, sellerId: string, sku: string): number {
  const key = `${sellerId}:${sku}`;
  const u = draw(seed, key);
  if (sold.has(key)) return 1 + Math.floor(u * 20);
  return u < 0.02 ? 1 + Math.floor(draw(seed + 1, key) * 5) : 0;
}

/** Routing inputs for real orders against every real seller, with seeded stock and capacity. */
export function routingInputs(data: OlistData, count: number, seed: number): RoutingInput[] {
  const random = generator(seed);
  const sold = new Set(data.orders.flatMap((o) => o.items.map((i) => `${i.sellerId}:${i.productId}`)));
  // Capacity left today: 3% of sellers are full, the others somewhere below their daily capacity.
  const remaining = new Map(
    data.locations.map((l) => [l.locationId, random() < 0.03 ? 0 : 1 + Math.floor(random() * l.dailyCapacity)]),
  );
  const now = Date.parse('2026-12-04T12:00:00.000Z');
  const orders: OlistOrder[] = [...data.orders].sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
  const inputs: RoutingInput[] = [];
  for (let i = 0; i < count; i += 1) {
    const order = orders[Math.floor(random() * orders.length)]!;
    const quantities = new Map<string, number>();
    for (const item of order.items) quantities.set(item.productId, (quantities.get(item.productId) ?? 0) + 1);
    const lines: RoutingLine[] = [...quantities].map(([sku, quantity], n) => {
      const p = data.catalogue.get(sku)!;
      return {
        lineId: `l${n + 1}`,
        sku,
        quantity,
        weightGrams: p.weightGrams,
        ...(p.dimensionsCm ? { dimensionsCm: p.dimensionsCm } : {}),
        constraints: p.constraints,
      };
    });
    const candidates: RoutingCandidate[] = data.locations.map((l) => ({
      locationId: l.locationId,
      kind: l.kind,
      coordinates: l.coordinates,
      region: l.region,
      capabilities: l.capabilities,
      remainingCapacity: remaining.get(l.locationId)!,
      stock: Object.fromEntries(lines.map((line) => [line.sku, stockOf(seed, sold, l.locationId, line.sku)])),
    }));
    const promise =
      random() < 0.5 ? { promisedBy: new Date(now + (3 + Math.floor(random() * 8)) * 86_400_000).toISOString() } : {};
    inputs.push({
      orderId: `${order.orderId}-${i}`,
      now: new Date(now).toISOString(),
      destination: data.destinations.get(order.zipPrefix)!,
      ...promise,
      lines,
      candidates,
    });
  }
  return inputs;
}
