import type { Document } from '@ordinal/domain';
import { MongoClient } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uniqueName } from '../testing/unique-name.ts';
import { checkCollectionName, databaseFromUrl, MongoReadStore } from './mongo-read-store.ts';
import { readStoreConformance } from './read-store.conformance.ts';

const url = process.env.ORDINAL_MONGO_URL;

async function withClient<R>(fn: (client: MongoClient) => Promise<R>): Promise<R> {
  const client = new MongoClient(url!);
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.close();
  }
}

describe('databaseFromUrl', () => {
  it('reads the database from the path of single-host, multi-host and SRV connection strings', () => {
    expect(databaseFromUrl('mongodb://localhost:27017/orders')).toBe('orders');
    expect(databaseFromUrl('mongodb://h1:27017,h2:27018/orders?replicaSet=rs0')).toBe('orders');
    expect(databaseFromUrl('mongodb+srv://user:p%40ss@cluster.example.net/ordinal_prod?retryWrites=true')).toBe(
      'ordinal_prod',
    );
    expect(databaseFromUrl('mongodb://localhost/read%20side')).toBe('read side');
  });

  it('has none when the path is empty', () => {
    expect(databaseFromUrl('mongodb://localhost:27017')).toBeUndefined();
    expect(databaseFromUrl('mongodb://localhost:27017/')).toBeUndefined();
    expect(databaseFromUrl('mongodb://h1,h2/?authSource=admin')).toBeUndefined();
    expect(databaseFromUrl('mongodb://localhost?replicaSet=rs0')).toBeUndefined();
  });
});

describe('checkCollectionName', () => {
  it('accepts the names the projections use', () => {
    for (const name of ['orderTracking', 'parkedEvents', 'checkpoints', 'items_0a1b2c3d4e5f', 'a.b']) {
      expect(() => checkCollectionName('ordinal', name)).not.toThrow();
    }
  });

  it('refuses empty names, as the embedded store does, and names MongoDB refuses, with the same code', () => {
    for (const name of ['', 'a$b', 'a\0b', 'system.views', 'x'.repeat(250)]) {
      expect(() => checkCollectionName('ordinal', name), name).toThrow(
        expect.objectContaining({ code: 'read-store.invalid-document' }),
      );
    }
  });
});

describe.skipIf(!url)('MongoReadStore (ORDINAL_MONGO_URL)', () => {
  readStoreConformance('MongoReadStore', async () => {
    const database = uniqueName('ordinal_test');
    return {
      open: async () => MongoReadStore.connect({ url: url!, database }),
      dispose: async () => {
        await withClient((client) => client.db(database).dropDatabase());
      },
    };
  });

  describe('specifics', () => {
    let database: string;
    let store: MongoReadStore;

    beforeEach(async () => {
      database = uniqueName('ordinal_test');
      store = await MongoReadStore.connect({ url: url!, database });
    });

    afterEach(async () => {
      await store.close();
      await withClient((client) => client.db(database).dropDatabase());
    });

    it('keys documents by _id and stores the other fields as given', async () => {
      await store.collection('c').put({ id: 'a', n: 1, nested: { tags: ['x'] } } as Document);
      const raw = await withClient((client) => client.db(database).collection('c').find({}).toArray());
      expect(raw).toEqual([{ _id: 'a', n: 1, nested: { tags: ['x'] } }]);
    });

    it('writes a rebuild-sized batch of plain puts in order, later puts of an id winning', async () => {
      const c = store.collection<{ id: string; n: number }>('c');
      const ops = Array.from({ length: 1500 }, (_, i) => ({ op: 'put' as const, doc: { id: `d${i % 1000}`, n: i } }));
      const results = await c.bulkWrite(ops);
      expect(results).toHaveLength(1500);
      expect(results.every((r) => r)).toBe(true);
      expect(await c.count()).toBe(1000);
      expect((await c.get('d10'))?.n).toBe(1010);
      expect((await c.get('d999'))?.n).toBe(999);
    });

    it('lets exactly one of many racing conditional writers win', async () => {
      const c = store.collection<{ id: string; revision: number; writer: number }>('race');
      const racers = Array.from({ length: 16 }, (_, writer) =>
        c.put(
          { id: 'o1', revision: 1, writer },
          { kind: 'absent-or-field-equals', field: 'revision', value: writer % 2 === 0 ? 0 : null },
        ),
      );
      const inserts = Array.from({ length: 16 }, (_, writer) =>
        c.put({ id: 'o2', revision: 1, writer }, { kind: 'absent' }),
      );
      expect((await Promise.all(racers)).filter((won) => won)).toHaveLength(1);
      expect((await Promise.all(inserts)).filter((won) => won)).toHaveLength(1);
    });

    it('creates a named index once, and accepts one made by hand on the same keys', async () => {
      const c = store.collection('orders');
      await c.put({ id: 'a' });
      await withClient((client) => client.db(database).collection('orders').createIndex({ placedAt: 1 }));
      await c.ensureIndex(['placedAt']);
      await c.ensureIndex(['customerId', 'placedAt']);
      await c.ensureIndex(['customerId', 'placedAt']);
      const indexes = await withClient((client) => client.db(database).collection('orders').indexes());
      expect(indexes.map((i) => i.key)).toEqual([{ _id: 1 }, { placedAt: 1 }, { customerId: 1, placedAt: 1 }]);
      expect(indexes[2]?.name).toMatch(/^ix_/);
    });

    it('takes the database from the URL when none is given', async () => {
      const named = await MongoReadStore.connect({ url: url! });
      try {
        expect(named.databaseName).toBe(databaseFromUrl(url!) ?? 'ordinal');
      } finally {
        await named.close();
      }
    });

    it('refuses work after close', async () => {
      const c = store.collection('c');
      await store.close();
      await expect(c.get('a')).rejects.toMatchObject({ code: 'read-store.closed' });
      await expect(c.put({ id: 'a' })).rejects.toMatchObject({ code: 'read-store.closed' });
      await expect(store.collections()).rejects.toMatchObject({ code: 'read-store.closed' });
    });
  });
});
