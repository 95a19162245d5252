import { KPI_GROUP_BY } from '@ordinal/projections';
import { type Static, Type } from 'typebox';
import { closed, Instant, Label, nullable } from '../orders/order-values.schemas.ts';

/** A business day, `YYYY-MM-DD`. */
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A business day, YYYY-MM-DD.' });

/** The query of `GET /kpis`. */
export const KpiQuerySchema = closed({
  from: Day,
  to: Day,
  groupBy: Type.Optional(
    Type.Union(
      KPI_GROUP_BY.map((g) => Type.Literal(g)),
      { description: 'Group per business day (default) or per channel, region, location or category.' },
    ),
  ),
  channel: Type.Optional(Label),
  region: Type.Optional(Label),
  location: Type.Optional(Label),
  category: Type.Optional(Label),
});
export type KpiQueryInput = Static<typeof KpiQuerySchema>;

const Rate = nullable(Type.Number({ minimum: 0, maximum: 1 }));

/** The figures of one group (docs/kpis.md defines each). */
export const KpiGroupSchema = closed(
  {
    key: Type.String({ description: 'The day, channel, region, location or category.' }),
    orders: Type.Integer({ minimum: 0 }),
    gmv: Type.Number({ description: 'Sum of the orders’ totals at placement, in minor units.' }),
    averageOrderValue: nullable(Type.Number({ description: 'gmv / orders, in minor units.' })),
    currencies: Type.Array(Type.String()),
    delivered: Type.Integer({ minimum: 0 }),
    cycleTimeHours: nullable(
      closed(
        { mean: Type.Number(), median: Type.Number(), p90: Type.Number() },
        { title: 'CycleTime', description: 'Placed → delivered, in hours, over the delivered orders.' },
      ),
    ),
    promised: Type.Integer({ minimum: 0, description: 'Delivered orders that had a promised date.' }),
    onTimeRate: Rate,
    cancelled: Type.Integer({ minimum: 0 }),
    cancellationRate: Rate,
    returned: Type.Integer({ minimum: 0 }),
    returnRate: Rate,
  },
  { title: 'KpiGroup' },
);

/** The answer of `GET /kpis`. */
export const KpiAnswerSchema = closed(
  {
    from: Day,
    to: Day,
    groupBy: Type.String(),
    timeZone: Type.String({ description: 'The business time zone the days are read in (ORDINAL_BUSINESS_TIME_ZONE).' }),
    filters: Type.Record(Type.String(), Type.String()),
    asOf: Instant,
    groups: Type.Array(KpiGroupSchema),
  },
  { title: 'Kpis' },
);

/** The widgets the dashboard can show. */
export const KPI_WIDGETS = [
  'orders',
  'gmv',
  'averageOrderValue',
  'cycleTime',
  'onTimeRate',
  'cancellationRate',
  'returnRate',
] as const;
/** The filters the dashboard can show. */
export const KPI_VIEW_FILTERS = ['dateRange', 'groupBy', 'channel', 'region', 'location', 'category'] as const;

/** What a role sees on `/ops/kpis` by default. */
export const KpiViewBodySchema = closed(
  {
    widgets: Type.Array(Type.Union(KPI_WIDGETS.map((w) => Type.Literal(w))), { maxItems: KPI_WIDGETS.length }),
    filters: Type.Array(Type.Union(KPI_VIEW_FILTERS.map((f) => Type.Literal(f))), {
      maxItems: KPI_VIEW_FILTERS.length,
    }),
    groupBy: Type.Union(KPI_GROUP_BY.map((g) => Type.Literal(g))),
    days: Type.Integer({ minimum: 1, maximum: 366, description: 'How many business days, up to today, it opens on.' }),
    expectedVersion: Type.Optional(
      Type.Integer({ minimum: 0, description: 'The version this replaces (0: the built-in default); 409 when stale.' }),
    ),
  },
  { title: 'KpiViewChange' },
);
export type KpiViewBody = Static<typeof KpiViewBodySchema>;

/** A role's saved dashboard view. */
export const KpiViewSchema = closed(
  {
    role: Type.String(),
    version: Type.Integer({ minimum: 0, description: '0: the built-in default, never saved.' }),
    widgets: Type.Array(Type.String()),
    filters: Type.Array(Type.String()),
    groupBy: Type.String(),
    days: Type.Integer(),
    updatedAt: nullable(Instant),
    updatedBy: nullable(Type.String()),
    opensOn: closed(
      { from: Type.String(), to: Type.String(), timeZone: Type.String() },
      { description: 'The business days the view opens on now: the last `days` up to today in `timeZone`.' },
    ),
  },
  { title: 'KpiView' },
);

export const RoleParams = closed({ role: Type.String({ minLength: 1, maxLength: 40 }) });
