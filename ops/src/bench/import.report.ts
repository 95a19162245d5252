import type { ImportBench } from './import.ts';

const n = (value: number) => Math.round(value).toLocaleString('en-US');

/** The "Bulk import" section of docs/benchmarks.md. */
export function importSection(bench: ImportBench | undefined): string {
  if (bench === undefined) return '';
  if ('skipped' in bench) return `## Bulk import (Olist)\n\nNot measured: ${bench.skipped}.\n`;
  const f = bench.figures;
  return `## Bulk import (Olist)

\`ordinal import olist\`'s path without the file reading: ${n(f.orders)} Olist orders replayed through the
actor host and the order decider (${f.concurrency} orders at a time, each order's commands in order), with
their sellers and products, into a fresh event store with synchronous=${f.synchronous}. The ceiling is a bare
better-sqlite3 loop inserting the very rows the import wrote (mean data + metadata ${n(f.meanRowBytes)} bytes)
into the same table, WAL and synchronous=${f.synchronous}, ${f.rawBatch} rows a transaction.

| | events | seconds | events/s | orders/s |
|---|---|---|---|---|
| import (decide + append, group commit) | ${n(f.events)} | ${f.importSeconds.toFixed(1)} | **${n(f.eventsPerSecond)}** | ${n(f.ordersPerSecond)} |
| raw insert loop (ceiling) | ${n(f.events)} | ${(f.events / f.rawEventsPerSecond).toFixed(1)} | ${n(f.rawEventsPerSecond)} | |

The import runs at **${((f.eventsPerSecond / f.rawEventsPerSecond) * 100).toFixed(1)}%** of the raw insert rate: the rest is
deciding each command (the order machine's legality checks), the idempotency look-ups of the host
(a command id it has not seen costs a read of \`command-<id>\`), building envelopes and JSON.
`;
}
