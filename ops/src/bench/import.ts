import { join } from 'node:path';
import { SqliteEventStore } from '@ordinal/actors';
import Database from 'better-sqlite3';
import { olistPresent } from '../datasets/olist/olist.paths.ts';
import { planHistory } from '../import/history.plan.ts';
import { runImport } from '../import/import.runner.ts';
import { importHosts } from '../import/import.session.ts';
import { readOlist } from '../import/olist.source.ts';

/** The Olist import replayed through the order decider, beside a raw SQLite insert loop of the same rows. */
export interface ImportFigures {
  readonly orders: number;
  readonly events: number;
  readonly concurrency: number;
  readonly importSeconds: number;
  readonly eventsPerSecond: number;
  readonly ordersPerSecond: number;
  /** The same rows inserted by a bare better-sqlite3 loop, same pragmas, `rawBatch` rows a transaction. */
  readonly rawEventsPerSecond: number;
  readonly rawBatch: number;
  readonly meanRowBytes: number;
  readonly synchronous: 'FULL';
}

/** Either the figures, or why the import was not measured. */
export type ImportBench = { readonly figures: ImportFigures } | { readonly skipped: string };

const CONCURRENCY = 256;
const RAW_BATCH = 256;

/**
 * Imports the Olist subset into a fresh event store (synchronous=FULL, as shipped) and measures
 * events per second from the first command to the last answer; then inserts the very rows it
 * wrote into a fresh file with the same table, WAL and synchronous=FULL, `RAW_BATCH` rows a
 * transaction: the ceiling the store could reach if deciding, checking idempotency and group
 * commit cost nothing. Skipped when the data set is absent.
 */
export async function measureImport(dir: string, olist: string, say: (line: string) => void): Promise<ImportBench> {
  if (!olistPresent(olist)) return { skipped: `the Olist data set is not at ${olist} (set ORDINAL_OLIST_DIR)` };
  say('• import: reading the Olist data set');
  const data = await readOlist(olist);
  const plans = { ...data, orders: data.orders.map(planHistory) };
  const file = join(dir, 'import-events.db');
  const store = SqliteEventStore.open({ file, synchronous: 'FULL' });
  const hosts = importHosts(store, CONCURRENCY);
  say(`• import: ${data.orders.length} orders, ${CONCURRENCY} at a time`);
  const started = performance.now();
  let totals: Awaited<ReturnType<typeof runImport>>;
  try {
    totals = await runImport(plans, hosts, {
      source: 'olist',
      runId: 'bench',
      concurrency: CONCURRENCY,
      onIssue: () => {},
    });
  } finally {
    await hosts.close();
  }
  const importSeconds = (performance.now() - started) / 1000;
  const head = await store.headPosition();
  await store.close();
  // Every event of the log (orders, locations, products), as the raw loop will insert it: the
  // chain hashes the store recorded are copied, not computed, so the ceiling writes the same bytes.
  const source = new Database(file, { readonly: true });
  const rows = source
    .prepare(
      'SELECT stream_id, revision, event_id, type, data, metadata, recorded_at, hash FROM events ORDER BY position',
    )
    .all() as Record<string, string | number>[];
  source.close();
  const rawFile = join(dir, 'import-raw.db');
  const raw = new Database(rawFile);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec(`CREATE TABLE events (
    position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL CHECK (revision >= 1),
    event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL CHECK (json_valid(data)),
    metadata TEXT NOT NULL CHECK (json_valid(metadata)), recorded_at TEXT NOT NULL, hash TEXT NOT NULL,
    UNIQUE (stream_id, revision)
  ) STRICT`);
  const insert = raw.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at, hash) VALUES (@stream_id, @revision, @event_id, @type, @data, @metadata, @recorded_at, @hash)',
  );
  const batch = raw.transaction((slice: readonly Record<string, string | number>[]) => {
    for (const row of slice) insert.run(row);
  });
  say(`• import: raw insert loop of the same ${rows.length} rows`);
  const rawStarted = performance.now();
  for (let i = 0; i < rows.length; i += RAW_BATCH) batch(rows.slice(i, i + RAW_BATCH));
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  raw.close();
  const bytes = rows.reduce((sum, r) => sum + String(r.data).length + String(r.metadata).length, 0);
  const events = head;
  const figures: ImportFigures = {
    orders: totals.orders,
    events,
    concurrency: CONCURRENCY,
    importSeconds,
    eventsPerSecond: events / importSeconds,
    ordersPerSecond: totals.orders / importSeconds,
    rawEventsPerSecond: rows.length / rawSeconds,
    rawBatch: RAW_BATCH,
    meanRowBytes: rows.length === 0 ? 0 : bytes / rows.length,
    synchronous: 'FULL',
  };
  say(
    `  ${Math.round(figures.eventsPerSecond)} events/s (${importSeconds.toFixed(1)} s), raw loop ${Math.round(figures.rawEventsPerSecond)} events/s`,
  );
  return { figures };
}
