import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStoreConformance } from './read-store.conformance.ts';
import { findQuery } from './sqlite-collection.ts';
import { compileFilter } from './sqlite-filter.ts';
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

  it('finds by an indexed field through its index, not by reading the whole collection in id order', async () => {
    const orders = store.collection('orders');
    await orders.ensureIndex(['customerId']);
    await orders.ensureIndex(['status']);
    await orders.bulkWrite(
      Array.from({ length: 500 }, (_, i) => ({
        op: 'put' as const,
        doc: { id: `o-${i}`, customerId: `c-${i % 50}`, status: 'open' },
      })),
    );
    const plan = (filter: Record<string, unknown> | undefined, options = {}) => {
      const query = findQuery('orders', filter, options);
      const db = new Database(path(), { readonly: true });
      try {
        return (db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[])
          .map((row) => row.detail)
          .join('; ');
      } finally {
        db.close();
      }
    };
    expect(plan({ customerId: 'c-7' })).toMatch(/USING INDEX ix_\w+ \(collection=\? AND <expr>=\?\)/);
    expect(await orders.find({ customerId: 'c-7' })).toHaveLength(10);
    // Unfiltered pages walk the primary key in id order, with nothing to sort.
    expect(plan(undefined, { limit: 10 })).not.toContain('TEMP B-TREE');
    expect((await orders.find(undefined, { limit: 3 })).map((doc) => doc.id)).toEqual(['o-0', 'o-1', 'o-10']);
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
          .prepare(`EXPLAIN QUERY PLAN SELECT body FROM documents WHERE collection = ? AND (${where.sql})`)
          .all('orders', ...where.params) as { detail: string }[];
        return rows.map((r) => r.detail).join(' | ');
      } finally {
        db.close();
      }
    };
    expect(plan({ customerId: 'c1' })).toMatch(/USING INDEX ix_/);
    expect(plan({ placedAt: { $gte: '2025-01-01' } })).toMatch(/USING INDEX ix_/);
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
