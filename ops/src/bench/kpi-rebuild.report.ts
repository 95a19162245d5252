import type { KpiRebuildFigures } from './kpi-rebuild.ts';

const rate = (eventsPerSecond: number) => Math.round(eventsPerSecond).toLocaleString('en');

/** The KPI rebuild section: events/s of `rebuild(kpisProjection)` beside a raw read of the same log. */
export function kpiRebuildSection(k: KpiRebuildFigures | undefined): string {
  const intro = `## KPI rebuild

The \`kpis\` projection rebuilt from the log, as \`ordinal rebuild kpis\` does it: the log is an
interleaved order log in a SQLite event store (each order a long legal history: placement,
allocation in two shipments, deliveries, a return); the rebuild reads it with \`readAll\` in pages
and folds every order event into the order's KPI document (read, fold, conditional write) in a
fresh SQLite read store, and the run checks every order's document reached its last revision. The
ceiling is \`readAll\` over the same log in the same pages, doing nothing with the events.
`;
  if (k === undefined) return `${intro}\nNot measured in this run.\n`;
  const ratio = k.rebuild.eventsPerSecond / k.rawRead.eventsPerSecond;
  return `${intro}
| scenario | events/s | events | time | × raw read |
|---|---|---|---|---|
| raw read: \`readAll\`, pages of ${k.pageSize} (ceiling) | ${rate(k.rawRead.eventsPerSecond)} | ${k.rawRead.events} | ${k.rawRead.seconds.toFixed(2)} s | 1.00× |
| **rebuild of \`kpis\`** | ${rate(k.rebuild.eventsPerSecond)} | ${k.rebuild.events} | ${k.rebuild.seconds.toFixed(2)} s | ${ratio.toFixed(2)}× |

On ${k.orders.toLocaleString('en')} orders the rebuild runs at **${(ratio * 100).toFixed(0)}%** of the raw read. Reading the
log is the small part; each event costs a document read and a conditional write in the read
store, one at a time, since a projection applies the events of the log in order.
`;
}
