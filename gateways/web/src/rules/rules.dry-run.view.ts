import { fill, h } from '../shared/dom.ts';
import { differenceWords } from './rule.words.ts';

/** The answer of `POST /rules/sets/:name/versions/:version/dry-run` (docs/rules.md). */
export interface DryRunReport {
  readonly ruleSet: { readonly name: string; readonly version: number };
  readonly orders: number;
  readonly changed: number;
  readonly differencesByField: Readonly<Record<string, number>>;
  readonly results: readonly {
    readonly orderId: string;
    readonly recordedVersion: number | null;
    readonly recordedMatched: readonly string[];
    readonly wouldMatch: readonly string[];
    readonly differences: readonly { field: string; recorded: unknown; wouldBe: unknown }[];
  }[];
}

/** A dry-run as a summary line and a table: per order, the version it met and what would change, in words. */
export function showDryRun(summary: HTMLElement, table: HTMLElement, report: DryRunReport): void {
  const { name, version } = report.ruleSet;
  const fields = Object.entries(report.differencesByField)
    .map(([field, count]) => `${field} ${count}`)
    .join(', ');
  summary.textContent =
    `${name} version ${version} would change ${report.changed} of the ${report.orders} most recent orders` +
    (fields === '' ? '.' : ` (${fields}).`);
  const changedFirst = [...report.results].sort(
    (a, b) => Number(b.differences.length > 0) - Number(a.differences.length > 0),
  );
  fill(
    table,
    h(
      'tr',
      {},
      h('th', {}, 'Order'),
      h('th', {}, 'Met version'),
      h('th', {}, 'Matched then'),
      h('th', {}, 'Would match'),
      h('th', {}, 'What would change'),
    ),
    ...changedFirst.map((r) =>
      h(
        'tr',
        { 'data-order-id': r.orderId, class: r.differences.length > 0 ? 'changed' : '' },
        h('td', {}, h('a', { href: `/ops/orders/${encodeURIComponent(r.orderId)}` }, r.orderId)),
        h('td', {}, r.recordedVersion === null ? 'none' : String(r.recordedVersion)),
        h('td', {}, r.recordedMatched.join(', ') || 'none'),
        h('td', {}, r.wouldMatch.join(', ') || 'none'),
        h(
          'td',
          {},
          r.differences.length === 0
            ? 'nothing'
            : h(
                'ul',
                { class: 'differences' },
                ...r.differences.map((d) => h('li', { 'data-difference': d.field }, differenceWords(d))),
              ),
        ),
      ),
    ),
  );
}
