import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ActorHost, SqliteEventStore, SqliteSnapshotStore } from '@ordinal/actors';
import { type OrderCommand, type OrderEvent, type OrderState, orderDecider } from '@ordinal/domain';
import { buildApi } from '@ordinal/gateways';
import { InProcessBus, ORDER_TRACKING_COLLECTION, ReadSide, SqliteReadStore } from '@ordinal/projections';
import type { FastifyInstance } from 'fastify';
import type { OrdinalConfig } from '../config/config.ts';
import { lockDataDir } from './data-dir-lock.ts';

/** The files of the embedded profile inside the data directory. */
export function embeddedFiles(dataDir: string): { events: string; read: string; snapshots: string } {
  return {
    events: join(dataDir, 'events.db'),
    read: join(dataDir, 'read.db'),
    snapshots: join(dataDir, 'snapshots.db'),
  };
}

/** The whole OMS in one process: SQLite event store, actor host, in-process read side, API. */
export interface EmbeddedSystem {
  readonly app: FastifyInstance;
  /** Where the API listens, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly events: SqliteEventStore;
  readonly readStore: SqliteReadStore;
  readonly host: ActorHost<OrderCommand, OrderEvent, OrderState>;
  readonly readSide: ReadSide;
  /** Orders in the tracking view. */
  orderCount(): Promise<number>;
  /** Stops taking requests, finishes commands and projections in flight, closes the files. */
  close(): Promise<void>;
}

/** Opens the data directory's files, starts the read side and the API, and listens. */
export async function startEmbedded(
  config: OrdinalConfig,
  clock: () => Date = () => new Date(),
): Promise<EmbeddedSystem> {
  mkdirSync(config.dataDir, { recursive: true });
  const unlock = lockDataDir(config.dataDir, 'ordinal all');
  const files = embeddedFiles(config.dataDir);
  let events: SqliteEventStore;
  let readStore: SqliteReadStore;
  let snapshots: SqliteSnapshotStore | undefined;
  try {
    events = SqliteEventStore.open({ file: files.events, synchronous: config.eventStore.synchronous });
    readStore = new SqliteReadStore({ path: files.read });
    // A cache of order states in its own file: deleting it only makes the next loads fold more.
    if (config.actors.snapshotEvery > 0) snapshots = SqliteSnapshotStore.open({ file: files.snapshots });
  } catch (error) {
    unlock();
    throw error;
  }
  const bus = new InProcessBus();
  const readSide = new ReadSide({ events, store: readStore, bus });
  const host = new ActorHost({
    store: events,
    decider: orderDecider,
    clock,
    idleTimeoutMs: config.actors.idleTimeoutMs,
    maxLiveActors: config.actors.maxLiveActors,
    maxConflictRetries: config.actors.maxConflictRetries,
    mailboxCapacity: config.actors.mailboxCapacity,
    ...(snapshots === undefined
      ? {}
      : {
          snapshots: {
            store: snapshots,
            every: config.actors.snapshotEvery,
            // Only reached while serving commands, so the app exists by then.
            onError: (error: unknown, streamId: string) =>
              app.log.warn({ err: error, streamId }, 'order snapshot not used or not written; folding the stream'),
          },
        }),
  });
  const app = buildApi({
    orders: host,
    events,
    readStore,
    clock,
    newId: randomUUID,
    bodyLimit: config.http.bodyLimitBytes,
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    ready: async () => {
      const status = await readSide.status();
      const lag = status.relay.lagPositions ?? 0;
      return {
        ready: status.relay.running && status.projections.every((p) => p.running),
        checks: {
          eventStore: { head: await events.headPosition() },
          relay: { running: status.relay.running, checkpoint: status.relay.checkpoint, lagPositions: lag },
          projections: status.projections.map((p) => ({
            name: p.name,
            running: p.running,
            lastPosition: p.lastPosition,
          })),
          parked: status.parked.length,
          liveActors: host.stats().liveActors,
        },
      };
    },
  });
  let closing: Promise<void> | undefined;
  const closeAll = () => {
    closing ??= (async () => {
      await app.close();
      await host.close();
      await readSide.stop();
      await bus.close();
      await events.close();
      await readStore.close();
      await snapshots?.close();
      unlock();
    })();
    return closing;
  };
  let address: string;
  try {
    await readSide.start();
    address = await app.listen({ host: config.http.host, port: config.http.port });
  } catch (error) {
    // A port in use (or a read side that cannot start) must not leave the relay running and
    // the files open: the process would print the error and then never exit.
    await closeAll().catch(() => {});
    throw error;
  }
  const port = new URL(address).port;
  const url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;
  return {
    app,
    url,
    events,
    readStore,
    host,
    readSide,
    orderCount: () => readStore.collection(ORDER_TRACKING_COLLECTION).count(),
    close: closeAll,
  };
}
