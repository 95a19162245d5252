import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store.ts';

/** A temp folder holding one store file; `remove` closes every store opened on it, then deletes it. */
export interface TempStoreDir {
  readonly file: string;
  open(options?: Omit<SqliteEventStoreOptions, 'file'>): SqliteEventStore;
  remove(): Promise<void>;
}

/** Creates a fresh temp folder under the OS temp dir. */
export async function tempStoreDir(): Promise<TempStoreDir> {
  const dir = await mkdtemp(join(tmpdir(), 'ordinal-event-store-'));
  const file = join(dir, 'events.db');
  const opened: SqliteEventStore[] = [];
  return {
    file,
    open(options = {}) {
      const store = SqliteEventStore.open({ ...options, file });
      opened.push(store);
      return store;
    },
    async remove() {
      for (const store of opened) await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
