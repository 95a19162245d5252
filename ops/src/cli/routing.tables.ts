import { describeActor, formatMoney, type SimulationTotals } from '@ordinal/domain';
import type { SimulationReport } from '@ordinal/gateways';
import type { RoutingPoliciesDocument } from '@ordinal/projections';

/** Changed orders printed before the rest are only counted (`--json` prints them all). */
const SHOWN_CHANGES = 50;

/** Rows of cells as aligned columns, the first row a header. */
export function columns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Every policy version: status, who drafted it, its latest activation. */
export function policyTable(view: RoutingPoliciesDocument): string {
  const rows = view.versions.map((v) => [
    String(v.version),
    v.name,
    v.status,
    v.builtIn ? 'built in' : `${v.draftedAt ?? ''} ${v.draftedBy ? describeActor(v.draftedBy) : ''}`.trim(),
    v.lastActivation
      ? `${v.lastActivation.activatedAt} ${describeActor(v.lastActivation.activatedBy)}: ${v.lastActivation.reason}`
      : '',
  ]);
  return columns([['version', 'name', 'status', 'drafted', 'last activated'], ...rows]);
}

const km = (value: number) => `${value.toLocaleString('en-US', { maximumFractionDigits: 1 })} km`;
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
const signed = (change: number, text: string) => (change > 0 ? `+${text}` : text);

/** One row per currency either side holds (a policy prices each destination country in its own). */
function costRows(before: SimulationTotals, after: SimulationTotals): string[][] {
  const currencies = [...new Set([...before.shippingCosts, ...after.shippingCosts].map((m) => m.currency))].sort();
  if (currencies.length === 0) return [['shipping cost', '-', '-', '']];
  return currencies.map((currency) => {
    const of = (totals: SimulationTotals) => totals.shippingCosts.find((m) => m.currency === currency)?.amount ?? 0;
    const change = of(after) - of(before);
    return [
      currencies.length === 1 ? 'shipping cost' : `shipping cost ${currency}`,
      formatMoney({ amount: of(before), currency }),
      formatMoney({ amount: of(after), currency }),
      signed(change, formatMoney({ amount: change, currency })),
    ];
  });
}

function totalsRows(before: SimulationTotals, after: SimulationTotals): string[][] {
  return [
    ['', 'before', 'after', 'change'],
    ...costRows(before, after),
    [
      'distance',
      km(before.distanceKm),
      km(after.distanceKm),
      signed(after.distanceKm - before.distanceKm, km(after.distanceKm - before.distanceKm)),
    ],
    ['shipments', String(before.shipments), String(after.shipments), ''],
    ['split rate', percent(before.splitRate), percent(after.splitRate), ''],
    ['promise misses', String(before.promiseMisses), String(after.promiseMisses), ''],
    ['unroutable', String(before.unroutable), String(after.unroutable), ''],
  ];
}

/** A simulation as a person reads it: the orders whose plan changes, then the totals. */
export function simulationTables(report: SimulationReport): string {
  const { policy, orders, changed, totals } = report;
  const lines = [
    `Policy ${policy.version} "${policy.name}" over the last ${orders} routed orders: ${changed.length} would change.`,
  ];
  if (changed.length > 0) {
    const rows = changed
      .slice(0, SHOWN_CHANGES)
      .map((o) => [o.orderId, `v${o.before.policyVersion} ${o.before.plan}`, o.after.plan]);
    lines.push('', columns([['order', 'before', 'after'], ...rows]));
    if (changed.length > SHOWN_CHANGES)
      lines.push(`… and ${changed.length - SHOWN_CHANGES} more (--json lists them all)`);
  }
  lines.push('', columns(totalsRows(totals.before, totals.after)));
  return lines.join('\n');
}
