import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  EncryptingEventStore,
  EncryptingSnapshotStore,
  EsdbEventStore,
  MongoPersonalDataVault,
  OpeningBus,
  PersonalDataCipher,
  SqliteEventStore,
  SqlitePersonalDataVault,
  SqliteSnapshotStore,
} from '@ordinal/actors';
import type { EventBus, EventStore, PersonalDataVault, ReadStore } from '@ordinal/domain';
import { databaseFromUrl, InProcessBus, MongoReadStore, NatsBus, SqliteReadStore } from '@ordinal/projections';
import type { OrdinalConfig } from '../config/config.ts';

/** The files of the embedded engines inside the data directory. */
export function embeddedFiles(dataDir: string): {
  events: string;
  read: string;
  snapshots: string;
  checkpoints: string;
  keys: string;
} {
  return {
    events: join(dataDir, 'events.db'),
    checkpoints: join(dataDir, 'checkpoints.db'),
    read: join(dataDir, 'read.db'),
    snapshots: join(dataDir, 'snapshots.db'),
    // The customers' data keys, apart from the log they unlock (docs/privacy.md).
    keys: join(dataDir, 'keys.db'),
  };
}

/** The personal-data side of the engines: the key vault, the cipher and the sealing event store. */
export interface PrivacyParts {
  readonly vault: PersonalDataVault;
  readonly cipher: PersonalDataCipher;
  /** The same store as `Adapters.events`, with its customer lookup and the raw adapter underneath. */
  readonly events: EncryptingEventStore;
}

/** The engines a process talks to, opened from the configuration alone. */
export interface Adapters {
  /** The event store as everything reads it: personal data sealed on append, opened on read. */
  readonly events: EventStore;
  /**
   * What the relay publishes from: over NATS the log as stored (personal data sealed; the bus
   * opens it for the projectors), so the broker keeps no personal data; else `events`.
   */
  readonly relayEvents: EventStore;
  readonly readStore: ReadStore;
  readonly bus: EventBus;
  /** The order snapshot cache (a local file, order states sealed), when the configuration keeps snapshots. */
  readonly snapshots?: EncryptingSnapshotStore;
  readonly privacy: PrivacyParts;
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
    // The keys live where every process of the profile reaches them: beside the read models on
    // MongoDB (their own database), else in the data directory beside the log.
    let vault: PersonalDataVault;
    if (profile.readStore.kind === 'mongo') {
      const database = `${databaseFromUrl(profile.readStore.url) ?? 'ordinal'}-keys`;
      vault = await MongoPersonalDataVault.connect({ url: profile.readStore.url, database });
    } else {
      mkdirSync(config.dataDir, { recursive: true });
      vault = SqlitePersonalDataVault.open({ file: files.keys, synchronous: config.eventStore.synchronous });
    }
    closers.push(() => vault.close());
    const cipher = new PersonalDataCipher(vault);
    const log: EventStore =
      profile.eventStore.kind === 'esdb'
        ? EsdbEventStore.connect({ url: profile.eventStore.url })
        : SqliteEventStore.open({
            file: files.events,
            synchronous: config.eventStore.synchronous,
            maxQueuedAppends: config.limits.maxQueuedAppends,
          });
    closers.push(() => log.close());
    const events = new EncryptingEventStore(log, cipher);
    const readStore: ReadStore =
      profile.readStore.kind === 'mongo'
        ? await MongoReadStore.connect({ url: profile.readStore.url })
        : new SqliteReadStore({ path: files.read });
    closers.push(() => readStore.close());
    let bus: EventBus;
    let relayEvents: EventStore = events;
    if (profile.bus.kind === 'nats' && needs.bus === true) {
      const nats = await NatsBus.connect({
        servers: profile.bus.url.split(',').map((server) => server.trim()),
        stream: profile.bus.stream,
        duplicateWindowMs: profile.bus.duplicateWindowMs,
        name: `ordinal-${process.pid}`,
      });
      bus = new OpeningBus(nats, cipher);
      relayEvents = log;
    } else {
      bus = new InProcessBus();
    }
    closers.push(() => bus.close());
    let snapshots: EncryptingSnapshotStore | undefined;
    // A cache of order states in its own local file: deleting it only makes the next loads fold more.
    if (needs.snapshots === true && config.actors.snapshotEvery > 0) {
      const opened = SqliteSnapshotStore.open({ file: files.snapshots });
      closers.push(() => opened.close());
      snapshots = new EncryptingSnapshotStore(opened, cipher, (streamId) => events.ownerOf(streamId));
    }
    return {
      events,
      relayEvents,
      readStore,
      bus,
      ...(snapshots === undefined ? {} : { snapshots }),
      privacy: { vault, cipher, events },
      description: describeProfile(config),
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/** `events: EventStoreDB (esdb://…) · read models: SQLite (./data/read.db) · keys: SQLite (./data/keys.db) · bus: NATS …`. */
export function describeProfile(config: OrdinalConfig): string {
  const { profile } = config;
  const files = embeddedFiles(config.dataDir);
  const events =
    profile.eventStore.kind === 'esdb'
      ? `EventStoreDB (${redact(profile.eventStore.url)})`
      : `SQLite (${files.events})`;
  const read =
    profile.readStore.kind === 'mongo' ? `MongoDB (${redact(profile.readStore.url)})` : `SQLite (${files.read})`;
  const keys = profile.readStore.kind === 'mongo' ? 'MongoDB' : `SQLite (${files.keys})`;
  const bus =
    profile.bus.kind === 'nats'
      ? `NATS JetStream (${redact(profile.bus.url)}, stream ${profile.bus.stream})`
      : 'in-process';
  return `events: ${events} · read models: ${read} · keys: ${keys} · bus: ${bus}`;
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
