import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FindOptions } from '@ordinal/domain';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStoreConformance } from './read-store.conformance.ts';
import { compileFilter, compileSort, equalitySort } from './sqlite-filter.ts';
import { SqliteReadStore } from './sqlite-read-store.ts';

readStoreConformance('SqliteReadStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-read-store-'));
  return {
    open: async () => new SqliteReadStore({ path: join(dir, 'read.db') }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteReadStore specifics', () => {
  let dir: string;
  let store: SqliteReadStore;
  const path = () => join(dir, 'read.db');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-read-store-'));
    store = new SqliteReadStore({ path: path() });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores JSON.stringify of the document as given, the same bytes every time', async () => {
    const doc = { id: 'a', z: 1, a: { y: [1, 2], b: 'é' } };
    await store.collection('c').put(doc);
    const first = store.storedDocuments('c');
    await store.collection('c').put({ ...doc });
    expect(store.storedDocuments('c')).toEqual(first);
    expect(first).toEqual([{ id: 'a', json: JSON.stringify(doc) }]);
  });

  it('runs a bulkWrite in one transaction: an invalid document writes nothing', async () => {
    const c = store.collection('c');
    await expect(
      c.bulkWrite([
        { op: 'put', doc: { id: 'a' } },
        { op: 'put', doc: { id: '' } },
      ]),
    ).rejects.toMatchObject({ code: 'read-store.invalid-document' });
    expect(await c.count()).toBe(0);
  });

  it('rejects fields that are not plain dotted names and filters it cannot express', async () => {
    const c = store.collection('c');
    await expect(c.find({ "a') OR 1=1 --": 1 })).rejects.toMatchObject({ code: 'read-store.invalid-field' });
    await expect(c.find({ a: { $regex: 'x' } })).rejects.toMatchObject({ code: 'read-store.unsupported-filter' });
    await expect(c.find({ a: { b: 1 } })).rejects.toMatchObject({ code: 'read-store.unsupported-filter' });
    expect(await c.find({ a: undefined })).toEqual([]);
  });

  it('serves equality and range queries from the expression index', async () => {
    const c = store.collection('orders');
    await c.ensureIndex(['customerId']);
    await c.ensureIndex(['placedAt']);
    const plan = (filter: Record<string, unknown>) => {
      const where = compileFilter(filter);
      const db = new Database(path(), { readonly: true });
      try {
        const rows = db
          .prepare(`EXPLAIN QUERY PLAN SELECT body FROM documents WHERE collection = 'orders' AND (${where.sql})`)
          .all(...where.params) as { detail: string }[];
        return rows.map((r) => r.detail).join(' | ');
      } finally {
        db.close();
      }
    };
    expect(plan({ customerId: 'c1' })).toMatch(/USING INDEX ixp_/);
    expect(plan({ placedAt: { $gte: '2025-01-01' } })).toMatch(/USING INDEX ixp_/);
    // Without a sort, in id order: sorting by the equal field first lets the index serve it.
    const unsorted = (filter: Record<string, unknown>, sort: NonNullable<FindOptions['sort']>) => {
      const where = compileFilter(filter);
      const db = new Database(path(), { readonly: true });
      try {
        const sql = `EXPLAIN QUERY PLAN SELECT body FROM documents WHERE collection = 'orders' AND (${where.sql}) ORDER BY ${compileSort(sort)} LIMIT -1`;
        return (db.prepare(sql).all(...where.params) as { detail: string }[]).map((r) => r.detail).join(' | ');
      } finally {
        db.close();
      }
    };
    expect(unsorted({ customerId: 'c1' }, [])).not.toMatch(/USING INDEX ixp_/);
    expect(unsorted({ customerId: 'c1' }, equalitySort({ customerId: 'c1' }))).toMatch(/USING INDEX ixp_/);
  });

  it('indexes a collection’s rows alone, and replaces the index on every collection’s rows earlier versions made', async () => {
    const c = store.collection('orders');
    const db = new Database(path());
    const indexes = () =>
      db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix%'").all() as {
        name: string;
        sql: string;
      }[];
    try {
      await c.ensureIndex(['customerId']);
      const [made] = indexes();
      if (made === undefined) throw new Error('no index made');
      db.exec(`DROP INDEX ${made.name}`);
      const old = made.name.replace('ixp_', 'ix_');
      db.exec(`CREATE INDEX ${old} ON documents (collection, json_extract(body, '$.customerId'))`);
      expect(indexes().map((index) => index.name)).toEqual([old]);
      await c.ensureIndex(['customerId']);
      expect(indexes()).toEqual([{ name: made.name, sql: made.sql }]);
      expect(made.sql).toMatch(/WHERE collection = 'orders'$/);
      // A write to another collection has no entry in it.
      await store.collection<{ id: string; customerId: string }>('other').put({ id: 'x', customerId: 'c1' });
      await store.collection<{ id: string; customerId: string }>('orders').put({ id: 'y', customerId: 'c1' });
      const entries = db
        .prepare(
          `SELECT count(*) AS n FROM documents INDEXED BY ${made.name} WHERE collection = 'orders' AND json_extract(body, '$.customerId') = 'c1'`,
        )
        .get() as { n: number };
      expect(entries.n).toBe(1);
    } finally {
      db.close();
    }
  });

  it('lets a second connection on the same file see committed documents', async () => {
    await store.collection<{ id: string; n: number }>('c').put({ id: 'a', n: 1 });
    const other = new SqliteReadStore({ path: path() });
    try {
      expect(await other.collection('c').get('a')).toEqual({ id: 'a', n: 1 });
      expect(await other.collection<{ id: string; n: number }>('c').put({ id: 'a', n: 2 }, { kind: 'absent' })).toBe(
        false,
      );
    } finally {
      await other.close();
    }
  });

  it('refuses work after close', async () => {
    await store.close();
    await expect(store.collection('c').get('a')).rejects.toMatchObject({ code: 'read-store.closed' });
  });
});
