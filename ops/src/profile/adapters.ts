import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EsdbEventStore, SqliteEventStore, SqliteSnapshotStore } from '@ordinal/actors';
import type { EventBus, EventStore, ReadStore } from '@ordinal/domain';
import { InProcessBus, MongoReadStore, NatsBus, SqliteReadStore } from '@ordinal/projections';
import type { OrdinalConfig } from '../config/config.ts';

/** The files of the embedded engines inside the data directory. */
export function embeddedFiles(dataDir: string): {
  events: string;
  read: string;
  snapshots: string;
  checkpoints: string;
} {
  return {
    events: join(dataDir, 'events.db'),
    checkpoints: join(dataDir, 'checkpoints.db'),
    read: join(dataDir, 'read.db'),
    snapshots: join(dataDir, 'snapshots.db'),
  };
}

/** The engines a process talks to, opened from the configuration alone. */
export interface Adapters {
  readonly events: EventStore;
  readonly readStore: ReadStore;
  readonly bus: EventBus;
  /** The order snapshot cache (a local file), when the configuration keeps snapshots. */
  readonly snapshots?: SqliteSnapshotStore;
  /** One line naming each engine, for banners and logs. */
  readonly description: string;
  /** Closes everything that was opened, in reverse order. */
  close(): Promise<void>;
}

/** What a process uses; it opens nothing else. */
export interface AdapterNeeds {
  readonly bus?: boolean;
  readonly snapshots?: boolean;
}

/**
 * Opens the event store, read store and bus the configuration names: a URL selects a server
 * (EventStoreDB, MongoDB, NATS JetStream), its absence the embedded engine (SQLite files in the
 * data directory, the in-process bus). If anything fails to open, what was opened is closed.
 */
export async function openAdapters(config: OrdinalConfig, needs: AdapterNeeds = {}): Promise<Adapters> {
  const { profile } = config;
  const closers: (() => Promise<void>)[] = [];
  const files = embeddedFiles(config.dataDir);
  const usesFiles =
    profile.eventStore.kind === 'sqlite' ||
    profile.readStore.kind === 'sqlite' ||
    (needs.snapshots === true && config.actors.snapshotEvery > 0);
  if (usesFiles) mkdirSync(config.dataDir, { recursive: true });
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const events: EventStore =
      profile.eventStore.kind === 'esdb'
        ? EsdbEventStore.connect({ url: profile.eventStore.url })
        : SqliteEventStore.open({
            file: files.events,
            synchronous: config.eventStore.synchronous,
            maxQueuedAppends: config.limits.maxQueuedAppends,
          });
    closers.push(() => events.close());
    const readStore: ReadStore =
      profile.readStore.kind === 'mongo'
        ? await MongoReadStore.connect({ url: profile.readStore.url })
        : new SqliteReadStore({ path: files.read });
    closers.push(() => readStore.close());
    let bus: EventBus;
    if (profile.bus.kind === 'nats' && needs.bus === true) {
      bus = await NatsBus.connect({
        servers: profile.bus.url.split(',').map((server) => server.trim()),
        stream: profile.bus.stream,
        duplicateWindowMs: profile.bus.duplicateWindowMs,
        name: `ordinal-${process.pid}`,
      });
    } else {
      bus = new InProcessBus();
    }
    closers.push(() => bus.close());
    let snapshots: SqliteSnapshotStore | undefined;
    // A cache of order states in its own local file: deleting it only makes the next loads fold more.
    if (needs.snapshots === true && config.actors.snapshotEvery > 0) {
      const opened = SqliteSnapshotStore.open({ file: files.snapshots });
      closers.push(() => opened.close());
      snapshots = opened;
    }
    return {
      events,
      readStore,
      bus,
      ...(snapshots === undefined ? {} : { snapshots }),
      description: describeProfile(config),
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/** `events: EventStoreDB (esdb://…) · read models: SQLite (./data/read.db) · bus: NATS …`. */
export function describeProfile(config: OrdinalConfig): string {
  const { profile } = config;
  const files = embeddedFiles(config.dataDir);
  const events =
    profile.eventStore.kind === 'esdb'
      ? `EventStoreDB (${redact(profile.eventStore.url)})`
      : `SQLite (${files.events})`;
  const read =
    profile.readStore.kind === 'mongo' ? `MongoDB (${redact(profile.readStore.url)})` : `SQLite (${files.read})`;
  const bus =
    profile.bus.kind === 'nats'
      ? `NATS JetStream (${redact(profile.bus.url)}, stream ${profile.bus.stream})`
      : 'in-process';
  return `events: ${events} · read models: ${read} · bus: ${bus}`;
}

/** True when every engine is embedded: the profile `npm start` runs. */
export function isEmbeddedProfile(config: OrdinalConfig): boolean {
  const { profile } = config;
  return (
    profile.eventStore.kind === 'sqlite' && profile.readStore.kind === 'sqlite' && profile.bus.kind === 'in-process'
  );
}

/** A URL without its password, fit for a log line. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/g, '//$1:***@');
}
