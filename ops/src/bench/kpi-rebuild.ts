import { join } from 'node:path';
import { SqliteEventStore } from '@ordinal/actors';
import { KPI_ORDERS_COLLECTION, kpisProjection, rebuild, SqliteReadStore } from '@ordinal/projections';
import { EVENTS_PER_ORDER, writeOrderLog } from '../testing/order-log.ts';
import { type Throughput, throughput } from './relay.ts';

/** The KPI rebuild beside a raw read of the same log, in the same run. */
export interface KpiRebuildFigures {
  readonly orders: number;
  readonly events: number;
  /** `readAll` pages of PAGE events from position 0 to the head, nothing done with them: the ceiling. */
  readonly rawRead: Throughput;
  /** `rebuild(kpisProjection)` into a fresh SQLite read store, the way `ordinal rebuild kpis` runs it. */
  readonly rebuild: Throughput;
  readonly pageSize: number;
}

const PAGE = 1_000;

/**
 * Writes an interleaved order log of about `targetEvents` events into a SQLite event store,
 * reads it whole with `readAll` (the ceiling), then rebuilds the kpis projection from it and
 * checks every order's document reached the order's last revision.
 */
export async function measureKpiRebuild(
  dir: string,
  targetEvents: number,
  say: (line: string) => void,
): Promise<KpiRebuildFigures> {
  const orders = Math.ceil(targetEvents / EVENTS_PER_ORDER);
  const events = SqliteEventStore.open({ file: join(dir, 'kpi-events.db'), synchronous: 'NORMAL' });
  const store = new SqliteReadStore({ path: join(dir, 'kpi-read.db') });
  try {
    say(`• KPI rebuild: writing ${orders} orders (about ${orders * EVENTS_PER_ORDER} events) to a SQLite event store`);
    const written = await writeOrderLog(events, { orders, prefix: 'kpi-' });

    say(`  raw read of the log: readAll in pages of ${PAGE}`);
    let started = performance.now();
    let position = 0;
    let read = 0;
    for (;;) {
      const page = await events.readAll({ afterPosition: position, maxCount: PAGE });
      if (page.length === 0) break;
      read += page.length;
      position = page[page.length - 1]?.position ?? position;
    }
    const rawRead = throughput(read, started);
    say(`  ${Math.round(rawRead.eventsPerSecond)} events/s`);

    say('  rebuild of the kpis projection into a fresh SQLite read store');
    started = performance.now();
    const result = await rebuild(kpisProjection, { events, store, pageSize: PAGE });
    const rebuilt = throughput(result.applied + result.duplicates + result.skipped, started);
    const docs = store.storedDocuments(KPI_ORDERS_COLLECTION);
    const revisions = docs.reduce((sum, doc) => sum + (JSON.parse(doc.json) as { revision: number }).revision, 0);
    if (docs.length !== orders || revisions !== written.events || read !== written.events) {
      throw new Error(
        `KPI rebuild incomplete: ${docs.length}/${orders} orders, ${revisions}/${written.events} revisions`,
      );
    }
    say(
      `  ${Math.round(rebuilt.eventsPerSecond)} events/s; rebuild / raw read ${(rebuilt.eventsPerSecond / rawRead.eventsPerSecond).toFixed(2)}`,
    );
    return { orders, events: written.events, rawRead, rebuild: rebuilt, pageSize: PAGE };
  } finally {
    await store.close();
    await events.close();
  }
}
