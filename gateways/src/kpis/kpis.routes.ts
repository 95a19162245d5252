import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ReadStore } from '@ordinal/domain';
import {
  KPI_ORDERS_COLLECTION,
  KPI_PRODUCTS_COLLECTION,
  type KpiFilters,
  type KpiOrderDocument,
  type KpiProductDocument,
  kpiFigures,
  placedAtWindow,
  UNCATEGORISED,
} from '@ordinal/projections';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { KpiAnswerSchema, type KpiQueryInput, KpiQuerySchema } from './kpis.schemas.ts';

/** The longest span one query may cover, in days. */
export const KPI_MAX_DAYS = 731;
const DAY_MS = 86_400_000;

/** What the KPI routes read: the read store, and the business time zone days are read in. */
export interface KpiDeps {
  readonly timeZone: string;
}

function dayNumber(field: 'from' | 'to', day: string): number {
  const at = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day) {
    throw new ApiError(400, 'kpis.invalid-date', `${field} ${day} is not a calendar day`, {
      field: `/${field}`,
      reason: 'not a calendar day (YYYY-MM-DD)',
    });
  }
  return at / DAY_MS;
}

/** The filters of a query, as given. */
function filtersOf(query: KpiQueryInput): KpiFilters {
  const filters: Record<string, string> = {};
  for (const key of ['channel', 'region', 'location', 'category'] as const) {
    const value = query[key];
    if (value !== undefined) filters[key] = value;
  }
  return filters;
}

/**
 * `GET /kpis`: orders, GMV, average order value, cycle time, on-time, cancellation and return
 * rates of the orders placed on business days `from`..`to`, per day or dimension, from the
 * `kpis` projection (docs/kpis.md).
 */
export const kpiRoutes: FastifyPluginAsyncTypebox<
  KpiDeps & { readonly readStore: ReadStore; readonly clock: () => Date }
> = async (app, { readStore, timeZone, clock }) => {
  const orders = readStore.collection<KpiOrderDocument>(KPI_ORDERS_COLLECTION);
  const products = readStore.collection<KpiProductDocument>(KPI_PRODUCTS_COLLECTION);
  app.get(
    '/kpis',
    {
      config: { roles: ROUTE_ROLES.readKpis },
      schema: {
        tags: ['kpis'],
        summary: 'KPIs per business day, channel, region, location or category',
        description:
          'Read from the kpis projection, which may trail the event store for a moment. Days are business days in ' +
          'the configured time zone (answered as `timeZone`); both ends are included. An order with several ' +
          'locations or categories counts once in each. 400 `kpis.invalid-date` for a day that does not exist, ' +
          `\`kpis.invalid-range\` when \`to\` is before \`from\` or the span is over ${KPI_MAX_DAYS} days.`,
        headers: ApiHeaders,
        querystring: KpiQuerySchema,
        response: { 200: KpiAnswerSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const query = request.query;
      const from = dayNumber('from', query.from);
      const to = dayNumber('to', query.to);
      if (to < from || to - from >= KPI_MAX_DAYS) {
        throw new ApiError(
          400,
          'kpis.invalid-range',
          `${query.from}..${query.to} is not a span of 1 to ${KPI_MAX_DAYS} days`,
          {
            field: '/to',
            reason: to < from ? 'before from' : `more than ${KPI_MAX_DAYS} days after from`,
          },
        );
      }
      const filters = filtersOf(query);
      const groupBy = query.groupBy ?? 'day';
      const window = placedAtWindow(query.from, query.to);
      const found = await orders.find({
        placedAt: { $gte: window.from, $lt: window.to },
        ...(filters.channel === undefined ? {} : { channel: filters.channel }),
        ...(filters.region === undefined ? {} : { region: filters.region }),
      });
      const skus = [...new Set(found.flatMap((order) => order.skus))];
      const categories = new Map((await products.getMany(skus)).map((p) => [p.id, p.category]));
      const categoryOf = (sku: string) => categories.get(sku) ?? UNCATEGORISED;
      const groups = kpiFigures(found, categoryOf, { ...filters, from: query.from, to: query.to, groupBy, timeZone });
      return {
        from: query.from,
        to: query.to,
        groupBy,
        timeZone,
        filters: { ...filters },
        asOf: clock().toISOString(),
        groups: groups.map((g) => ({ ...g, currencies: [...g.currencies] })),
      };
    },
  );
};
