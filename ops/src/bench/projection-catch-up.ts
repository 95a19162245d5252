import { join } from 'node:path';
import type { EventBus, EventStore } from '@ordinal/domain';
import {
  InProcessBus,
  NatsBus,
  ORDER_TRACKING_COLLECTION,
  orderTrackingProjection,
  ProjectionRunner,
  ReadSide,
  SqliteReadStore,
} from '@ordinal/projections';
import { RELAY_STREAM, type Throughput, throughput } from './relay.ts';

/** The log the projection catches up on. */
export interface CatchUpLog {
  readonly events: EventStore;
  readonly orders: number;
  readonly total: number;
}

/** The consumer's default events in flight, as a projector process runs it (ORDINAL_PROJECTOR_MAX_IN_FLIGHT). */
export const PROJECTOR_MAX_IN_FLIGHT = 64;

/**
 * orderTracking consuming the whole log from a NATS stream the relay has already filled: a
 * ProjectionRunner on a durable NatsBus subscription (64 in flight) into a fresh SQLite read
 * store, until every order's document is at its last revision.
 */
export async function catchUpOverNats(
  log: CatchUpLog,
  natsUrl: string,
  dir: string,
  onProgress: (handled: number) => void,
): Promise<Throughput> {
  const bus = await NatsBus.connect({ servers: natsUrl, stream: RELAY_STREAM, name: 'bench-projector' });
  const store = new SqliteReadStore({ path: join(dir, 'read-nats.db') });
  try {
    const done = countHandled(log.total, onProgress);
    const runner = new ProjectionRunner({
      projection: orderTrackingProjection,
      bus,
      store,
      events: log.events,
      maxInFlight: PROJECTOR_MAX_IN_FLIGHT,
      onApplied: done.handled,
      onError: done.failed,
    });
    const started = performance.now();
    await runner.start();
    await done.all;
    const figures = throughput(log.total, started);
    await runner.stop();
    assertCaughtUp(store, log);
    return figures;
  } finally {
    await bus.close();
    await store.close();
  }
}

/**
 * The embedded profile's read side on the same log: ReadSide (relay + orderTracking runner,
 * in order, one in flight) on an InProcessBus into a fresh SQLite read store.
 */
export async function catchUpInProcess(
  log: CatchUpLog,
  dir: string,
  onProgress: (handled: number) => void,
): Promise<Throughput> {
  const bus: EventBus = new InProcessBus();
  const store = new SqliteReadStore({ path: join(dir, 'read-in-process.db') });
  try {
    const done = countHandled(log.total, onProgress);
    // orderTracking alone, as over NATS: each projection counts its own applied events.
    const readSide = new ReadSide({
      events: log.events,
      store,
      bus,
      projections: [orderTrackingProjection],
      runners: { onApplied: done.handled, onError: done.failed },
      relay: { onError: done.failed },
    });
    const started = performance.now();
    await readSide.start();
    await done.all;
    const figures = throughput(log.total, started);
    await readSide.stop();
    assertCaughtUp(store, log);
    return figures;
  } finally {
    await bus.close();
    await store.close();
  }
}

/** Resolves once `total` events were applied or found already applied; rejects on the first error. */
function countHandled(total: number, onProgress: (handled: number) => void) {
  let count = 0;
  let resolve: () => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const all = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return {
    all,
    handled: () => {
      count += 1;
      if (count % 10_000 === 0) onProgress(count);
      if (count === total) resolve();
    },
    failed: (error: unknown) => reject(error),
  };
}

/** Every order has its document, each at the revision of the order's last event. */
function assertCaughtUp(store: SqliteReadStore, log: CatchUpLog): void {
  const docs = store.storedDocuments(ORDER_TRACKING_COLLECTION);
  const revisions = docs.reduce((sum, doc) => sum + (JSON.parse(doc.json) as { revision: number }).revision, 0);
  if (docs.length !== log.orders || revisions !== log.total) {
    throw new Error(`read model incomplete: ${docs.length}/${log.orders} orders, ${revisions}/${log.total} revisions`);
  }
}
