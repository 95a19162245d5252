import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotCorruptError, type StoredSnapshot } from './snapshot-store.ts';
import { SqliteSnapshotStore } from './sqlite-snapshot-store.ts';

const snapshot = (revision: number, state: unknown = { total: revision }): StoredSnapshot => ({
  revision,
  eventId: `e-${revision}`,
  version: 'v1',
  state,
  commandIndex: [['c1', 'hash', 1, revision]],
});

describe('SqliteSnapshotStore', () => {
  let dir: string;
  let file: string;
  const opened: SqliteSnapshotStore[] = [];
  const open = () => {
    const store = SqliteSnapshotStore.open({ file });
    opened.push(store);
    return store;
  };
  const tamper = (sql: string, ...params: unknown[]) => {
    const db = new Database(file);
    db.prepare(sql).run(...params);
    db.close();
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ordinal-snapshots-'));
    file = join(dir, 'snapshots.db');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps one snapshot per stream, the latest put, across connections and reopening', async () => {
    const store = open();
    expect(await store.get('order-1')).toBeUndefined();
    await store.put('order-1', snapshot(100, { total: 1, nested: { list: [1, 'a', null] } }));
    await store.put('order-1', snapshot(200));
    await store.put('order-2', snapshot(100));
    expect(await open().get('order-1')).toEqual(snapshot(200));
    await store.close();
    expect(await open().get('order-2')).toEqual(snapshot(100));
    const pragmas = new Database(file, { readonly: true });
    expect(pragmas.pragma('journal_mode', { simple: true })).toBe('wal');
    pragmas.close();
  });

  it.each([
    ['unparseable state', 'UPDATE snapshots SET state = ?', '{"total": 1'],
    ['other valid JSON', 'UPDATE snapshots SET state = ?', '{"total":2}'],
    ['another revision', 'UPDATE snapshots SET revision = ?', 150],
    ['another command index', 'UPDATE snapshots SET command_index = ?', '[]'],
  ])('refuses a row changed behind its back (%s)', async (_, sql, value) => {
    const store = open();
    await store.put('order-1', snapshot(100, { total: 1 }));
    tamper(sql, value);
    const error = await store.get('order-1').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SnapshotCorruptError);
    expect(error).toMatchObject({ code: 'snapshot.corrupt', streamId: 'order-1' });
    // The next put overwrites it.
    await store.put('order-1', snapshot(200));
    expect(await store.get('order-1')).toEqual(snapshot(200));
  });

  it('replaces a file that is not a database', async () => {
    await writeFile(file, 'this is not an SQLite file, just some bytes that happen to be here');
    const store = open();
    expect(await store.get('order-1')).toBeUndefined();
    await store.put('order-1', snapshot(100));
    expect(await store.get('order-1')).toEqual(snapshot(100));
  });

  it('empties a file of another schema version', async () => {
    await open().put('order-1', snapshot(100));
    await Promise.all(opened.splice(0).map((store) => store.close()));
    tamper('PRAGMA user_version = 99');
    expect(await open().get('order-1')).toBeUndefined();
  });

  it('refuses work once closed', async () => {
    const store = open();
    await store.close();
    await store.close();
    await expect(store.get('order-1')).rejects.toThrow(/closed/);
    await expect(store.put('order-1', snapshot(1))).rejects.toThrow(/closed/);
  });
});
