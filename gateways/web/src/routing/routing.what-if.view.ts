import type { SimulationTotals } from '@ordinal/domain';
import { fill, h } from '../shared/dom.ts';
import { formatMoney, type Money } from '../shared/format.ts';

interface Plan {
  readonly outcome: string;
  readonly plan: string;
  readonly shippingCost: Money | null;
  readonly distanceKm: number;
  readonly promiseMissed: boolean;
}

/** The answer of `POST /routing/policies/:version/simulate` (docs/routing.md). */
export interface Simulation {
  readonly policy: { readonly version: number; readonly name: string };
  readonly orders: number;
  readonly changed: readonly { readonly orderId: string; readonly before: Plan; readonly after: Plan }[];
  readonly totals: { readonly before: SimulationTotals; readonly after: SimulationTotals };
}

const costs = (money: readonly Money[]) => (money.length === 0 ? '—' : money.map(formatMoney).join(' + '));
const km = (value: number) => `${value.toFixed(1)} km`;

const ROWS: readonly (readonly [string, (t: SimulationTotals) => string])[] = [
  ['Orders replayed', (t) => String(t.orders)],
  ['Routed', (t) => String(t.routed)],
  ['Unroutable', (t) => String(t.unroutable)],
  ['Shipments', (t) => String(t.shipments)],
  ['Shipping cost', (t) => costs(t.shippingCosts)],
  ['Distance', (t) => km(t.distanceKm)],
  ['Split orders', (t) => `${t.splitOrders} (${(t.splitRate * 100).toFixed(1)}%)`],
  ['Late against the promise', (t) => String(t.promiseMisses)],
];

/** A what-if: a summary line, the totals as recorded and as they would be, and each order whose plan changes. */
export function showSimulation(
  summary: HTMLElement,
  totals: HTMLElement,
  changed: HTMLElement,
  report: Simulation,
): void {
  summary.textContent =
    `Under version ${report.policy.version} (${report.policy.name}), ${report.changed.length} of the ` +
    `${report.orders} most recently routed orders would ship differently.`;
  const { before, after } = report.totals;
  fill(
    totals,
    h('tr', {}, h('th', {}, ''), h('th', { class: 'num' }, 'As recorded'), h('th', { class: 'num' }, 'Would be')),
    ...ROWS.map(([label, value]) =>
      h(
        'tr',
        { class: value(before) === value(after) ? '' : 'changed' },
        h('th', {}, label),
        h('td', { class: 'num' }, value(before)),
        h('td', { class: 'num' }, value(after)),
      ),
    ),
  );
  const plan = (p: Plan) =>
    h(
      'div',
      {},
      p.plan,
      h(
        'div',
        { class: 'muted' },
        `${p.shippingCost === null ? 'no cost' : formatMoney(p.shippingCost)}, ${km(p.distanceKm)}${p.promiseMissed ? ', late' : ''}`,
      ),
    );
  fill(
    changed,
    h('tr', {}, h('th', {}, 'Order'), h('th', {}, 'As recorded'), h('th', {}, 'Would be')),
    ...(report.changed.length === 0
      ? [h('tr', {}, h('td', { colspan: 3 }, 'No order would ship differently.'))]
      : report.changed.map((c) =>
          h(
            'tr',
            { 'data-order-id': c.orderId },
            h('td', {}, h('a', { href: `/ops/orders/${encodeURIComponent(c.orderId)}` }, c.orderId)),
            h('td', {}, plan(c.before)),
            h('td', {}, plan(c.after)),
          ),
        )),
  );
}
