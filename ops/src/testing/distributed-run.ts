import { copyFile } from 'node:fs/promises';
import { SqliteEventStore } from '@ordinal/actors';
import { ORDER_TRACKING_COLLECTION, SqliteReadStore, type StoredDocument } from '@ordinal/projections';
import { eventually } from '@ordinal/projections/testing';
import { embeddedFiles } from '../profile/adapters.ts';
import { type TempDataDir, tempDataDir, testConfig } from './data-dir.ts';
import { EVENTS_PER_ORDER, writeOrderLog } from './order-log.ts';

/** A data directory holding a ready-made order log, copied for each run that needs one. */
export interface LogTemplate {
  readonly dir: TempDataDir;
  readonly orders: number;
  readonly events: number;
  /** A fresh data directory with a copy of the log (and nothing else). */
  copy(): Promise<TempDataDir>;
}

/** Writes a log of about `events` order events once. */
export async function orderLogTemplate(
  events: number,
  options: { prefix?: string; burst?: number } = {},
): Promise<LogTemplate> {
  const dir = await tempDataDir('ordinal-log-');
  const orders = Math.ceil(events / EVENTS_PER_ORDER);
  const store = SqliteEventStore.open({ file: embeddedFiles(dir.path).events, synchronous: 'NORMAL' });
  let written: number;
  try {
    written = (await writeOrderLog(store, { orders, prefix: options.prefix ?? 'ord-', burst: options.burst ?? 1 }))
      .events;
  } finally {
    await store.close();
  }
  return {
    dir,
    orders,
    events: written,
    copy: async () => {
      const copy = await tempDataDir('ordinal-run-');
      await copyFile(embeddedFiles(dir.path).events, embeddedFiles(copy.path).events);
      return copy;
    },
  };
}

/** The environment of a distributed-profile process on SQLite files and a NATS server. */
export function distributedEnv(dataDir: string, natsUrl: string, extra: Record<string, string> = {}) {
  return {
    PORT: '0',
    ORDINAL_DATA_DIR: dataDir,
    ORDINAL_LOG_LEVEL: 'silent',
    ORDINAL_NATS_URL: natsUrl,
    ORDINAL_SQLITE_SYNCHRONOUS: 'NORMAL',
    // Every api process of a distributed run signs and verifies with the same secret.
    ORDINAL_AUTH_SECRETS: 'the-distributed-test-secret-of-32+-chars',
    ...extra,
  };
}

/** The configuration of such a process, for parts started inside the test process. */
export function distributedConfig(dataDir: string, natsUrl: string, extra: Record<string, string> = {}) {
  return testConfig(dataDir, distributedEnv(dataDir, natsUrl, extra));
}

/** The tracking documents in a data directory's read store, as stored. */
export function trackingDocuments(dataDir: string): StoredDocument[] {
  const store = new SqliteReadStore({ path: embeddedFiles(dataDir).read });
  try {
    return store.storedDocuments(ORDER_TRACKING_COLLECTION);
  } finally {
    void store.close();
  }
}

/**
 * Waits until every order's tracking document is at the revision of the order's last event
 * (the read side has seen the whole log), and returns the documents.
 */
export async function untilEveryOrderIsAtItsLastRevision(
  dataDir: string,
  expected: { readonly orders: number; readonly events: number },
  timeoutMs: number,
): Promise<StoredDocument[]> {
  return eventually(
    () => {
      const docs = trackingDocuments(dataDir);
      const revisions = docs.reduce((sum, doc) => sum + (JSON.parse(doc.json) as { revision: number }).revision, 0);
      if (docs.length !== expected.orders || revisions !== expected.events) {
        throw new Error(`${docs.length}/${expected.orders} orders, ${revisions}/${expected.events} revisions`);
      }
      return docs;
    },
    timeoutMs,
    250,
  );
}
