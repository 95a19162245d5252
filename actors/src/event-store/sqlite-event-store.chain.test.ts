import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstChainBreak } from './event-chain.ts';
import { someEvents } from './event-store.conformance.fixtures.ts';
import { type TempStoreDir, tempStoreDir } from './temp-dir.fixture.ts';

describe('SqliteEventStore hash chain', () => {
  let dir: TempStoreDir;
  beforeEach(async () => {
    dir = await tempStoreDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('computes the chain of every stream of a file written before hashes existed when it opens it', async () => {
    const store = dir.open();
    await store.append('order-1', someEvents(3), 'no-stream');
    await store.append('order-2', someEvents(2), 'no-stream');
    await store.append('order-1', someEvents(1), 3);
    const hashes = (await store.readAll()).map((e) => e.hash);
    await store.close();
    // The same rows as a version 1 file held them: no hash column.
    const raw = new Database(dir.file);
    raw.exec('ALTER TABLE events DROP COLUMN hash');
    raw.pragma('user_version = 1');
    raw.close();

    const reopened = dir.open();
    const events = await reopened.readAll();
    expect(events.map((e) => e.hash)).toEqual(hashes);
    expect(firstChainBreak(await reopened.readStream('order-1'))).toBeUndefined();
    const appended = await reopened.append('order-2', someEvents(1), 2);
    expect(firstChainBreak(await reopened.readStream('order-2'))).toBeUndefined();
    expect(appended.events[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
