import { mkdirSync } from 'node:fs';
import { type ActorHost, type AuditCheckpointer, EncryptingEventStore, SqliteEventStore } from '@ordinal/actors';
import type { EventStore, OrderCommand, OrderEvent, OrderState, ReadStore } from '@ordinal/domain';
import type { OrdinalMetrics } from '@ordinal/gateways';
import { ORDER_TRACKING_COLLECTION, ReadSide, SqliteReadStore } from '@ordinal/projections';
import type { FastifyInstance } from 'fastify';
import { type RunningCheckpointer, startAuditCheckpointer } from '../audit/audit-checkpoints.ts';
import type { OrdinalConfig } from '../config/config.ts';
import { startApi } from '../processes/api.process.ts';
import { readSideMetricSources, readSideReadiness } from '../processes/read-side.process.ts';
import { embeddedFiles, openAdapters } from '../profile/adapters.ts';
import { ORDINAL_PROJECTIONS } from '../profile/projections.ts';
import { lockDataDir } from './data-dir-lock.ts';

export { embeddedFiles };

/** The whole OMS in one process: event store, actor host, relay, projections and API. */
export interface AllInOneSystem<E extends EventStore = EventStore, R extends ReadStore = ReadStore> {
  readonly app: FastifyInstance;
  /** Where the API listens, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly events: E;
  readonly readStore: R;
  readonly host: ActorHost<OrderCommand, OrderEvent, OrderState>;
  readonly readSide: ReadSide;
  /** Signs checkpoints of the log (docs/audit.md); `checkpointNow()` makes one on demand. */
  readonly checkpointer: AuditCheckpointer;
  readonly metrics: OrdinalMetrics;
  /** One line naming the engines in use. */
  readonly description: string;
  /** Orders in the tracking view. */
  orderCount(): Promise<number>;
  /** Stops taking requests, finishes commands and projections in flight, closes the engines. */
  close(): Promise<void>;
}

/**
 * `ordinal all` on the embedded profile: SQLite files and the in-process bus. `events` seals
 * personal data over the SQLite log (`events.inner`).
 */
export type EmbeddedSystem = AllInOneSystem<
  EncryptingEventStore & { readonly inner: SqliteEventStore },
  SqliteReadStore
>;

/**
 * Starts everything in this process on the engines the configuration names (the embedded
 * files by default) and listens. A data directory whose files are used is locked against a
 * second server or a rebuild.
 */
export async function startAll(config: OrdinalConfig, clock: () => Date = () => new Date()): Promise<AllInOneSystem> {
  const usesFiles = config.profile.eventStore.kind === 'sqlite' || config.profile.readStore.kind === 'sqlite';
  let unlock: () => void = () => {};
  if (usesFiles) {
    mkdirSync(config.dataDir, { recursive: true });
    const unlockDir = lockDataDir(config.dataDir, 'ordinal all');
    let unlockRelay: () => void;
    try {
      // `ordinal all` runs a relay: a separate `ordinal relay` on the same files must not.
      unlockRelay = lockDataDir(config.dataDir, 'ordinal all', 'relay');
    } catch (error) {
      unlockDir();
      throw error;
    }
    unlock = () => {
      unlockRelay();
      unlockDir();
    };
  }
  let adapters: Awaited<ReturnType<typeof openAdapters>>;
  try {
    adapters = await openAdapters(config, { bus: true, snapshots: true });
  } catch (error) {
    unlock();
    throw error;
  }
  const readSide = new ReadSide({
    events: adapters.events,
    relayEvents: adapters.relayEvents,
    store: adapters.readStore,
    bus: adapters.bus,
    projections: ORDINAL_PROJECTIONS,
    runners: { maxInFlight: config.profile.bus.kind === 'nats' ? config.projector.maxInFlight : 1 },
  });
  let audit: RunningCheckpointer | undefined;
  const stopReadSide = async () => {
    await audit?.stop();
    await readSide.stop();
    await adapters.close();
    unlock();
  };
  let api: Awaited<ReturnType<typeof startApi>>;
  try {
    await readSide.start();
    api = await startApi(config, {
      adapters,
      clock,
      readSide,
      ready: async () => {
        const { ready, checks } = await readSideReadiness(readSide, await adapters.events.headPosition());
        return { ready, checks: { ...checks, liveActors: api.host.stats().liveActors } };
      },
    });
  } catch (error) {
    // A port in use (or a read side that cannot start) must not leave the relay running and
    // the files open: the process would print the error and then never exit.
    await stopReadSide().catch(() => {});
    throw error;
  }
  api.metrics.watch(readSideMetricSources(readSide));
  // Checkpoints follow the whole log, so one process per log signs them: the one with the relay.
  let checkpointing: RunningCheckpointer;
  try {
    checkpointing = startAuditCheckpointer(config, adapters.events, api.app.log);
  } catch (error) {
    // A signing key that cannot be used stops the start like any other setting.
    await api.close().catch(() => {});
    await stopReadSide().catch(() => {});
    throw error;
  }
  audit = checkpointing;
  let closing: Promise<void> | undefined;
  return {
    app: api.app,
    url: api.url,
    events: adapters.events,
    readStore: adapters.readStore,
    host: api.host,
    readSide,
    checkpointer: checkpointing.checkpointer,
    metrics: api.metrics,
    description: adapters.description,
    orderCount: () => adapters.readStore.collection(ORDER_TRACKING_COLLECTION).count(),
    close: () => {
      closing ??= (async () => {
        await api.close();
        await stopReadSide();
      })();
      return closing;
    },
  };
}

/** Starts the embedded profile (SQLite files, in-process bus); other profiles are refused. */
export async function startEmbedded(
  config: OrdinalConfig,
  clock: () => Date = () => new Date(),
): Promise<EmbeddedSystem> {
  const system = await startAll(config, clock);
  const { events, readStore } = system;
  if (
    !(events instanceof EncryptingEventStore) ||
    !(events.inner instanceof SqliteEventStore) ||
    !(readStore instanceof SqliteReadStore)
  ) {
    await system.close();
    throw new Error('startEmbedded needs the embedded profile: unset ORDINAL_ESDB_URL and ORDINAL_MONGO_URL');
  }
  return { ...system, events: events as EncryptingEventStore & { readonly inner: SqliteEventStore }, readStore };
}
