import { formatMoney } from '../shared/format.ts';

/** One group of `GET /kpis` (docs/kpis.md). */
export interface KpiGroup {
  readonly key: string;
  readonly orders: number;
  readonly gmv: number;
  readonly averageOrderValue: number | null;
  readonly currencies: readonly string[];
  readonly delivered: number;
  readonly cycleTimeHours: { readonly mean: number; readonly median: number; readonly p90: number } | null;
  readonly promised: number;
  readonly onTimeRate: number | null;
  readonly cancelled: number;
  readonly cancellationRate: number | null;
  readonly returned: number;
  readonly returnRate: number | null;
}

/** One figure a widget shows: its column, its value in a group, and how it reads. */
export interface KpiFigure {
  readonly field: string;
  readonly label: string;
  readonly value: (group: KpiGroup) => number | null;
  readonly text: (value: number, group: KpiGroup) => string;
}

/** A widget: a column group in the table and a chart. */
export interface KpiWidget {
  readonly id: string;
  readonly title: string;
  readonly colour: string;
  readonly figures: readonly KpiFigure[];
}

const count = (value: number) => value.toLocaleString();
const money = (value: number, group: KpiGroup) =>
  group.currencies.length === 1
    ? formatMoney({ amount: Math.round(value), currency: group.currencies[0] as string })
    : count(value);
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const hours = (value: number) => `${value.toFixed(1)} h`;

/** Every widget, in the order the API's views name them (`KPI_WIDGETS`). */
export const WIDGETS: readonly KpiWidget[] = [
  {
    id: 'orders',
    title: 'Orders',
    colour: '#0b5cad',
    figures: [{ field: 'orders', label: 'Orders', value: (g) => g.orders, text: count }],
  },
  {
    id: 'gmv',
    title: 'GMV',
    colour: '#1a7f37',
    figures: [{ field: 'gmv', label: 'GMV', value: (g) => g.gmv, text: money }],
  },
  {
    id: 'averageOrderValue',
    title: 'Average order value',
    colour: '#8250df',
    figures: [{ field: 'averageOrderValue', label: 'Avg order', value: (g) => g.averageOrderValue, text: money }],
  },
  {
    id: 'cycleTime',
    title: 'Cycle time placed → delivered (hours)',
    colour: '#bf8700',
    figures: [
      { field: 'cycleTime.mean', label: 'Cycle mean', value: (g) => g.cycleTimeHours?.mean ?? null, text: hours },
      { field: 'cycleTime.median', label: 'Cycle median', value: (g) => g.cycleTimeHours?.median ?? null, text: hours },
      { field: 'cycleTime.p90', label: 'Cycle p90', value: (g) => g.cycleTimeHours?.p90 ?? null, text: hours },
    ],
  },
  {
    id: 'onTimeRate',
    title: 'On-time delivery rate',
    colour: '#1a7f37',
    figures: [{ field: 'onTimeRate', label: 'On time', value: (g) => g.onTimeRate, text: percent }],
  },
  {
    id: 'cancellationRate',
    title: 'Cancellation rate',
    colour: '#cf222e',
    figures: [{ field: 'cancellationRate', label: 'Cancelled', value: (g) => g.cancellationRate, text: percent }],
  },
  {
    id: 'returnRate',
    title: 'Return rate',
    colour: '#9a6700',
    figures: [{ field: 'returnRate', label: 'Returned', value: (g) => g.returnRate, text: percent }],
  },
];
