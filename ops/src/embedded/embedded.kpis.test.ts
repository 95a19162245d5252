import { join } from 'node:path';
import type { OrderEventDataMap, RecordedEvent } from '@ordinal/domain';
import {
  KPI_GROUP_BY,
  KPI_ORDERS_COLLECTION,
  KPI_PRODUCTS_COLLECTION,
  type KpiOrderDocument,
  type KpiProductDocument,
  type KpiQuery,
  kpiFigures,
  kpisProjection,
  SqliteReadStore,
} from '@ordinal/projections';
import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRebuild } from '../cli/rebuild.command.ts';
import { embeddedBed, type StartedOms } from '../testing/embedded-bed.ts';

const TIME_ZONE = 'America/New_York';
const START = Date.parse('2025-03-01T12:00:00.000Z');
const HOUR = 3_600_000;
const ORDERS = 48;
const CHANNELS = ['webshop', 'pos', 'tmall'];
const REGIONS = ['ARA', 'IDF', 'PAC'];
const LOCATIONS = ['wh-1', 'wh-2', 'store-3'];
/** SKU-6 has no category tag: uncategorised. */
const PRODUCTS: [string, string[]][] = [
  ['SKU-1', ['category-kitchen']],
  ['SKU-2', ['category-kitchen', 'fragile']],
  ['SKU-3', ['category-garden']],
  ['SKU-4', ['category-toys']],
  ['SKU-5', ['bulky', 'category-garden']],
  ['SKU-6', ['clearance']],
];

/** A small seeded generator (mulberry32), so the history is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// ---- The recomputation: its own simple reading of the log, not the projection's code. ----

interface Recomputed {
  placedAt: string;
  channel: string;
  region: string;
  skus: Set<string>;
  total: number;
  currency: string;
  promisedBy?: string;
  shipments: Map<string, { location: string; deliveredAt?: string }>;
  cancelled: boolean;
  returned: boolean;
}

function recompute(events: readonly RecordedEvent[], query: KpiQuery) {
  const categories = new Map<string, string>();
  const orders = new Map<string, Recomputed>();
  for (const event of events) {
    if (event.streamId.startsWith('catalogue-') && event.type === 'ProductDefined') {
      const { sku, tags } = event.data as { sku: string; tags: string[] };
      const tag = tags.find((t) => t.startsWith('category-'));
      categories.set(sku, tag ? tag.slice('category-'.length) : 'uncategorised');
    }
    if (!event.streamId.startsWith('order-')) continue;
    const id = event.streamId.slice('order-'.length);
    if (event.type === 'OrderPlaced') {
      const placed = event.data as OrderEventDataMap['OrderPlaced'];
      orders.set(id, {
        placedAt: placed.placedAt,
        channel: placed.channel.salesChannel,
        region: placed.shippingAddress.region ?? 'none',
        skus: new Set(placed.lines.map((line) => line.sku)),
        total: placed.total.amount,
        currency: placed.total.currency,
        ...(placed.promisedBy ? { promisedBy: placed.promisedBy } : {}),
        shipments: new Map(),
        cancelled: false,
        returned: false,
      });
      continue;
    }
    const order = orders.get(id);
    if (order === undefined) continue;
    if (event.type === 'OrderAllocated') {
      for (const a of (event.data as OrderEventDataMap['OrderAllocated']).allocations) {
        order.shipments.set(a.shipmentId, { location: a.locationId });
      }
    }
    if (event.type === 'ShipmentDelivered') {
      const shipment = order.shipments.get((event.data as { shipmentId: string }).shipmentId);
      if (shipment && shipment.deliveredAt === undefined) shipment.deliveredAt = event.metadata.occurredAt;
    }
    if (event.type === 'OrderCancelled' || event.type === 'OrderRejected') order.cancelled = true;
    if (event.type === 'ReturnReceived') order.returned = true;
  }

  const groups = new Map<string, Recomputed[]>();
  for (const order of orders.values()) {
    const day = new Date(order.placedAt).toLocaleDateString('sv-SE', { timeZone: query.timeZone });
    if (day < query.from || day > query.to) continue;
    const locations =
      order.shipments.size === 0 ? ['unallocated'] : [...order.shipments.values()].map((s) => s.location);
    const cats = [...order.skus].map((sku) => categories.get(sku) ?? 'uncategorised');
    const keys: Record<string, string[]> = {
      day: [day],
      channel: [order.channel],
      region: [order.region],
      location: [...new Set(locations)],
      category: [...new Set(cats)],
    };
    if (query.channel !== undefined && !keys.channel!.includes(query.channel)) continue;
    if (query.region !== undefined && !keys.region!.includes(query.region)) continue;
    if (query.location !== undefined && !keys.location!.includes(query.location)) continue;
    if (query.category !== undefined && !keys.category!.includes(query.category)) continue;
    for (const key of keys[query.groupBy]!) groups.set(key, [...(groups.get(key) ?? []), order]);
  }

  return [...groups.keys()].sort().map((key) => {
    const members = groups.get(key)!;
    const delivered = members.filter(
      (o) => !o.cancelled && o.shipments.size > 0 && [...o.shipments.values()].every((s) => s.deliveredAt),
    );
    const deliveredAt = (o: Recomputed) =>
      Math.max(...[...o.shipments.values()].map((s) => Date.parse(s.deliveredAt!)));
    const hours = delivered.map((o) => (deliveredAt(o) - Date.parse(o.placedAt)) / HOUR).sort((a, b) => a - b);
    const promised = delivered.filter((o) => o.promisedBy !== undefined);
    const onTime = promised.filter((o) => deliveredAt(o) <= Date.parse(o.promisedBy!));
    const gmv = members.reduce((sum, o) => sum + o.total, 0);
    const cancelled = members.filter((o) => o.cancelled).length;
    const returned = delivered.filter((o) => o.returned).length;
    const n = hours.length;
    return {
      key,
      orders: members.length,
      gmv,
      averageOrderValue: gmv / members.length,
      currencies: [...new Set(members.map((o) => o.currency))].sort(),
      delivered: delivered.length,
      cycleTimeHours:
        n === 0
          ? null
          : {
              mean: hours.reduce((a, b) => a + b, 0) / n,
              median: n % 2 ? hours[(n - 1) / 2]! : (hours[n / 2 - 1]! + hours[n / 2]!) / 2,
              p90: hours[Math.ceil(0.9 * n) - 1]!,
            },
      promised: promised.length,
      onTimeRate: promised.length === 0 ? null : onTime.length / promised.length,
      cancelled,
      cancellationRate: cancelled / members.length,
      returned,
      returnRate: delivered.length === 0 ? null : returned / delivered.length,
    };
  });
}

/** Numbers to 9 decimals: sums taken in another order may differ in the last bit. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e9) / 1e9;
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

/** Every groupBy, unfiltered and with one filter per dimension, over all days and over two. */
function queries(): KpiQuery[] {
  const filters = [{}, { channel: 'pos' }, { region: 'IDF' }, { location: 'wh-2' }, { category: 'garden' }];
  const spans = [
    { from: '2025-02-28', to: '2025-03-12' },
    { from: '2025-03-02', to: '2025-03-03' },
  ];
  return spans.flatMap((span) =>
    KPI_GROUP_BY.flatMap((groupBy) => filters.map((f) => ({ ...span, ...f, groupBy, timeZone: TIME_ZONE }))),
  );
}

function queryString(query: KpiQuery): string {
  const { timeZone: _, ...rest } = query;
  return new URLSearchParams(rest as Record<string, string>).toString();
}

// ---- The live run ----

/** Places ORDERS orders over five days and takes each to its fate; answers the clock's setter. */
async function trade(oms: StartedOms, setTime: (at: number) => void): Promise<void> {
  const { api } = oms;
  for (const [sku, tags] of PRODUCTS) {
    const defined = await api.put(`/catalogue/products/${sku}`, {
      name: sku,
      tags,
      listPrice: { amount: 1000, currency: 'EUR' },
    });
    expect(defined.status, JSON.stringify(defined.body)).toBe(200);
  }
  const random = seeded(8);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < ORDERS; i++) {
    const placedAt = START + i * 2.5 * HOUR;
    setTime(placedAt);
    const fate = i % 6;
    const skus = [pick(PRODUCTS)[0], pick(PRODUCTS)[0]];
    const placed = await api.post<{ orderId: string }>('/orders', {
      customer: { customerId: `c-${i % 7}`, name: 'Jane Doe', email: 'jane@example.com' },
      channel: { salesChannel: pick(CHANNELS) },
      lines: skus.map((sku, n) => ({
        lineId: String(n + 1),
        sku,
        name: sku,
        quantity: 1 + (i % 3),
        unitPrice: { amount: 500 + 137 * n + 11 * i, currency: 'EUR' },
      })),
      shippingAddress: {
        name: 'Jane Doe',
        line1: '1 Main St',
        city: 'Lyon',
        region: pick(REGIONS),
        postalCode: '69001',
        country: 'FR',
      },
      shippingFee: { amount: 490, currency: 'EUR' },
      currency: 'EUR',
      ...(i % 4 === 3 ? {} : { promisedBy: new Date(placedAt + 72 * HOUR).toISOString() }),
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const { orderId } = placed.body;
    const send = (command: Record<string, unknown>) => api.command(orderId, command);
    if (fate === 0) {
      await send({ type: 'CancelOrder', reason: 'customer asked' });
      continue;
    }
    if (fate === 5) {
      // A partial cancellation: the order stays, with one line less, and is never allocated.
      await send({ type: 'CancelOrderLines', lines: [{ lineId: '2', quantity: 1 + (i % 3) }], reason: 'out of stock' });
      continue;
    }
    const quantity = 1 + (i % 3);
    const split = fate === 4;
    const first = pick(LOCATIONS);
    const second = LOCATIONS.find((l) => l !== first)!;
    const allocations = split
      ? [
          { shipmentId: 's1', locationId: first, lines: [{ lineId: '1', quantity }] },
          { shipmentId: 's2', locationId: second, lines: [{ lineId: '2', quantity }] },
        ]
      : [
          {
            shipmentId: 's1',
            locationId: first,
            lines: [
              { lineId: '1', quantity },
              { lineId: '2', quantity },
            ],
          },
        ];
    await send({ type: 'AllocateOrder', allocations });
    if (i % 12 === 7) continue; // allocated, not shipped yet
    const shipments = allocations.map((a) => a.shipmentId);
    for (const shipmentId of shipments) {
      await send({ type: 'StartPicking', shipmentId });
      await send({ type: 'PackShipment', shipmentId, parcels: 1 });
      await send({
        type: 'DispatchShipment',
        shipmentId,
        carrier: 'colissimo',
        trackingNumber: `T-${orderId}-${shipmentId}`,
      });
      await send({ type: 'RecordShipmentInTransit', shipmentId });
      await send({ type: 'RecordOutForDelivery', shipmentId });
    }
    // On time within the promise, or late (fate 2); the second shipment of a split a day after the first.
    const hours = fate === 2 ? 80 + 40 * random() : 12 + 50 * random();
    for (const [n, shipmentId] of shipments.entries()) {
      setTime(placedAt + (hours + 24 * n) * HOUR);
      await send({ type: 'RecordDelivery', shipmentId });
    }
    if (fate === 3) {
      await send({ type: 'RequestReturn', returnId: 'r1', lines: [{ lineId: '1', quantity: 1 }], reason: 'chipped' });
      await send({ type: 'ApproveReturn', returnId: 'r1' });
      await send({ type: 'ReceiveReturn', returnId: 'r1', condition: 'damaged' });
    }
  }
}

async function readLog(oms: StartedOms): Promise<RecordedEvent[]> {
  return oms.system.events.readAll({ afterPosition: 0, maxCount: 1_000_000 });
}

/** Waits until every order's KPI document holds its stream's last revision. */
async function caughtUp(oms: StartedOms, log: readonly RecordedEvent[]): Promise<void> {
  const last = new Map<string, number>();
  for (const event of log) if (event.streamId.startsWith('order-')) last.set(event.streamId.slice(6), event.revision);
  const docs = oms.system.readStore.collection<KpiOrderDocument>(KPI_ORDERS_COLLECTION);
  await eventually(async () => {
    const held = new Map((await docs.find()).map((doc) => [doc.id, doc.revision]));
    expect(held).toEqual(last);
  }, 15_000);
}

/** Asks the API every query and compares each answer with the recomputation. */
async function expectApiMatches(oms: StartedOms, log: readonly RecordedEvent[]): Promise<number> {
  let groups = 0;
  for (const query of queries()) {
    const answer = await oms.api.get<{ timeZone: string; groups: unknown[] }>(`/kpis?${queryString(query)}`);
    expect(answer.status).toBe(200);
    expect(answer.body.timeZone).toBe(TIME_ZONE);
    expect({ query, groups: rounded(answer.body.groups) }).toEqual({ query, groups: rounded(recompute(log, query)) });
    groups += answer.body.groups.length;
  }
  return groups;
}

describe('the KPIs against a recomputation from the event log', () => {
  const bed = embeddedBed({ beforeEach, afterEach });
  let now = START;
  const clock = () => {
    const at = new Date(now);
    now += 1_000;
    return at;
  };
  const env = { ORDINAL_ROUTER: 'off', ORDINAL_BUSINESS_TIME_ZONE: TIME_ZONE };

  it('match after a live run, after a rebuild, and after duplicated and reordered deliveries', async () => {
    const live = await bed.start(env, clock);
    await trade(live, (at) => {
      now = at;
    });
    const log = await readLog(live);
    await caughtUp(live, log);

    // The history covers every case the KPIs distinguish.
    const all = recompute(log, { from: '2025-02-28', to: '2025-03-12', groupBy: 'channel', timeZone: TIME_ZONE });
    const sum = (field: 'orders' | 'delivered' | 'cancelled' | 'returned' | 'promised') =>
      all.reduce((total, group) => total + group[field], 0);
    expect(sum('orders')).toBe(ORDERS);
    expect(sum('cancelled')).toBe(ORDERS / 6);
    expect(sum('returned')).toBeGreaterThan(0);
    expect(all.map((g) => g.key)).toEqual([...CHANNELS].sort());
    expect(all.some((g) => g.onTimeRate !== null && g.onTimeRate > 0 && g.onTimeRate < 1)).toBe(true);
    expect(sum('delivered')).toBeGreaterThan(sum('promised'));

    const compared = await expectApiMatches(live, log);
    expect(compared).toBeGreaterThan(100);

    // (b) The projection thrown away and rebuilt from the log answers the same.
    await live.system.close();
    const kpisBefore = new SqliteReadStore({ path: join(bed.dir, 'read.db') });
    const before = kpisBefore.storedDocuments(KPI_ORDERS_COLLECTION);
    await kpisBefore.close();
    expect(await runRebuild(live.config, 'kpis')).toBe(0);
    const rebuilt = await bed.start(env, clock);
    expect(rebuilt.system.readStore.storedDocuments(KPI_ORDERS_COLLECTION)).toEqual(before);
    await expectApiMatches(rebuilt, log);

    // (c) The same events, each delivered twice and shuffled, into a fresh store: the same documents and figures.
    const random = seeded(21);
    const deliveries = [...log, ...log.filter(() => random() < 0.5)]
      .map((event) => ({ event, key: random() }))
      .sort((a, b) => a.key - b.key)
      .map(({ event }) => event);
    const shuffled = new SqliteReadStore({ path: join(bed.dir, 'kpis-shuffled.db') });
    try {
      await kpisProjection.setup?.(shuffled);
      const context = { store: shuffled, events: rebuilt.system.events };
      const outcomes = { applied: 0, duplicate: 0 };
      for (const event of deliveries) {
        if (!event.streamId.startsWith('order-') && !event.streamId.startsWith('catalogue-')) continue;
        outcomes[await kpisProjection.apply(event, context)] += 1;
      }
      expect(outcomes.duplicate).toBeGreaterThan(log.length / 2);
      expect(shuffled.storedDocuments(KPI_ORDERS_COLLECTION)).toEqual(before);
      const orders = await shuffled.collection<KpiOrderDocument>(KPI_ORDERS_COLLECTION).find();
      const products = await shuffled.collection<KpiProductDocument>(KPI_PRODUCTS_COLLECTION).find();
      const categoryOf = (sku: string) => products.find((p) => p.id === sku)?.category ?? 'uncategorised';
      for (const query of queries()) {
        expect({ query, groups: rounded(kpiFigures(orders, categoryOf, query)) }).toEqual({
          query,
          groups: rounded(recompute(log, query)),
        });
      }
    } finally {
      await shuffled.close();
    }
  }, 120_000);
});
