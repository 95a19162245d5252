import { type KpiOrderDocument, UNALLOCATED } from './kpis.view.ts';

/** What `GET /kpis` groups by. */
export const KPI_GROUP_BY = ['day', 'channel', 'region', 'location', 'category'] as const;
export type KpiGroupBy = (typeof KPI_GROUP_BY)[number];

/** Dimensions a query may filter on; an order passes when it has the value asked. */
export interface KpiFilters {
  readonly channel?: string;
  readonly region?: string;
  readonly location?: string;
  readonly category?: string;
}

/** Which orders, grouped how: days are business days (`YYYY-MM-DD` in `timeZone`), both ends included. */
export interface KpiQuery extends KpiFilters {
  readonly from: string;
  readonly to: string;
  readonly groupBy: KpiGroupBy;
  readonly timeZone: string;
}

/** Placed → delivered, in hours; null when no order of the group was delivered. */
export interface CycleTime {
  readonly mean: number;
  readonly median: number;
  readonly p90: number;
}

/** The figures of one group (docs/kpis.md defines each). Money in minor units of the orders' currency. */
export interface KpiGroup {
  readonly key: string;
  readonly orders: number;
  readonly gmv: number;
  readonly averageOrderValue: number | null;
  readonly currencies: readonly string[];
  readonly delivered: number;
  readonly cycleTimeHours: CycleTime | null;
  /** Delivered orders that had a promised date, and the share of them delivered by it. */
  readonly promised: number;
  readonly onTimeRate: number | null;
  readonly cancelled: number;
  readonly cancellationRate: number | null;
  readonly returned: number;
  /** Returned orders over delivered orders. */
  readonly returnRate: number | null;
}

const HOUR_MS = 3_600_000;
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The business day (`YYYY-MM-DD`) an instant falls on in `timeZone`. */
export function localDay(instant: string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(instant));
}

/** Median of sorted values (the mean of the two middle ones when even). */
function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** The figures of a group of orders (each counted once). */
export function groupFigures(key: string, orders: readonly KpiOrderDocument[]): KpiGroup {
  const gmv = orders.reduce((sum, order) => sum + order.total, 0);
  const delivered = orders.filter((order) => order.deliveredAt !== null);
  const cycles = delivered
    .map((order) => Date.parse(order.deliveredAt as string) - Date.parse(order.placedAt as string))
    .sort((a, b) => a - b);
  const promised = delivered.filter((order) => order.promisedBy !== null);
  const onTime = promised.filter(
    (order) => Date.parse(order.deliveredAt as string) <= Date.parse(order.promisedBy as string),
  );
  const cancelled = orders.filter((order) => order.cancelled).length;
  const returned = delivered.filter((order) => order.returned).length;
  return {
    key,
    orders: orders.length,
    gmv,
    averageOrderValue: rate(gmv, orders.length),
    currencies: [...new Set(orders.map((order) => order.currency))].sort(),
    delivered: delivered.length,
    cycleTimeHours:
      cycles.length === 0
        ? null
        : {
            mean: cycles.reduce((sum, ms) => sum + ms, 0) / cycles.length / HOUR_MS,
            median: median(cycles) / HOUR_MS,
            p90: percentile(cycles, 0.9) / HOUR_MS,
          },
    promised: promised.length,
    onTimeRate: rate(onTime.length, promised.length),
    cancelled,
    cancellationRate: rate(cancelled, orders.length),
    returned,
    returnRate: rate(returned, delivered.length),
  };
}

/** The order's keys under a dimension: one value, or several (locations, categories). */
function keysOf(order: KpiOrderDocument, dimension: KpiGroupBy, day: string, categoryOf: (sku: string) => string) {
  switch (dimension) {
    case 'day':
      return [day];
    case 'channel':
      return [order.channel];
    case 'region':
      return [order.region];
    case 'location':
      return order.locations.length === 0 ? [UNALLOCATED] : order.locations;
    case 'category':
      return [...new Set(order.skus.map(categoryOf))].sort();
  }
}

/**
 * The KPIs of the orders placed on the query's business days that pass its filters, per group
 * (sorted by key). An order with several locations or categories counts once in each.
 */
export function kpiFigures(
  orders: readonly KpiOrderDocument[],
  categoryOf: (sku: string) => string,
  query: KpiQuery,
): KpiGroup[] {
  const groups = new Map<string, KpiOrderDocument[]>();
  for (const order of orders) {
    if (order.placedAt === null) continue;
    const day = localDay(order.placedAt, query.timeZone);
    if (day < query.from || day > query.to) continue;
    const passes = (['channel', 'region', 'location', 'category'] as const).every(
      (dimension) =>
        query[dimension] === undefined || keysOf(order, dimension, day, categoryOf).includes(query[dimension]),
    );
    if (!passes) continue;
    for (const key of keysOf(order, query.groupBy, day, categoryOf)) {
      const members = groups.get(key);
      if (members === undefined) groups.set(key, [order]);
      else members.push(order);
    }
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, members]) => groupFigures(key, members));
}

/**
 * The placedAt window that surely holds every order of the business days `from`..`to`: a day
 * wider each side than the days read as UTC, since no time zone is more than 14 hours off.
 */
export function placedAtWindow(from: string, to: string): { readonly from: string; readonly to: string } {
  const day = 24 * HOUR_MS;
  return {
    from: new Date(Date.parse(`${from}T00:00:00.000Z`) - day).toISOString(),
    to: new Date(Date.parse(`${to}T00:00:00.000Z`) + 2 * day).toISOString(),
  };
}
