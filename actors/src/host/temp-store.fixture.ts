import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent, EventStore, ReadStreamOptions } from '@ordinal/domain';
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
