import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent, EventStore, ReadStreamOptions } from '@ordinal/domain';
import { afterEach, beforeEach } from 'vitest';
import { SqliteEventStore } from '../event-store/sqlite-event-store.ts';

/** A store file in a fresh temp folder; every connection opened on it is closed by cleanup. */
export interface TempStore {
  readonly file: string;
  /** Opens one more connection on the same file. */
  open(): Promise<EventStore>;
  cleanup(): Promise<void>;
}

/** Creates a temp folder for one SQLite event store file. */
export async function tempStore(): Promise<TempStore> {
  const dir = await mkdtemp(join(tmpdir(), 'ordinal-host-'));
  const file = join(dir, 'events.db');
  const opened: EventStore[] = [];
  return {
    file,
    async open() {
      // NORMAL skips the fsync per commit: these tests are about ordering, not power loss.
      const store = SqliteEventStore.open({ file, synchronous: 'NORMAL' });
      opened.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(opened.map((store) => store.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Hooks a decorated store runs before delegating to the real one. */
export interface StoreHooks {
  beforeAppend?(streamId: string, events: readonly DomainEvent[]): Promise<void> | void;
  beforeRead?(streamId: string, options?: ReadStreamOptions): Promise<void> | void;
}

/** The real store with hooks in front of append and readStream (delays, gates, failures). */
export function decorate(store: EventStore, hooks: StoreHooks): EventStore {
  return {
    async append(streamId, events, expected) {
      await hooks.beforeAppend?.(streamId, events);
      return store.append(streamId, events, expected);
    },
    async readStream(streamId, options) {
      await hooks.beforeRead?.(streamId, options);
      return store.readStream(streamId, options);
    },
    streamRevision: (streamId) => store.streamRevision(streamId),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    subscribeAll: (options) => store.subscribeAll(options),
    close: () => store.close(),
  };
}

/** A promise that stays pending until opened. */
export function gate(): { readonly promise: Promise<void>; open(): void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Resolves after the given number of event-loop turns (no wall-clock wait). */
export async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** What `hostTestBed` gives each test: its temp store, a connection on it, and host tracking. */
export interface HostTestBed {
  /** The temp store file of the running test. */
  readonly temp: TempStore;
  /** The first connection on it. */
  readonly store: EventStore;
  /** Remembers a host so it is closed after the test, before its store. */
  track<H extends { close(): Promise<void> }>(host: H): H;
}

/**
 * Registers the per-test set-up most host tests share: a fresh temp store and connection
 * before each test; after it, every tracked host closed, then every connection and the folder.
 */
export function hostTestBed(): HostTestBed {
  let temp: TempStore | undefined;
  let store: EventStore | undefined;
  const hosts: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    temp = await tempStore();
    store = await temp.open();
  });
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.close()));
    await temp?.cleanup();
  });
  const running = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the host test bed is set up before each test only');
    return value;
  };
  return {
    get temp() {
      return running(temp);
    },
    get store() {
      return running(store);
    },
    track(host) {
      hosts.push(host);
      return host;
    },
  };
}
