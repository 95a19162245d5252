import type { Document, DocumentCollection, ReadStore } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uniqueName } from '../testing/unique-name.ts';
import { readStoreQueryConformance } from './read-store-query.conformance.ts';

/** Storage an adapter is tested on; `open` may be called again to reopen the same data. */
export interface ReadStoreFixture {
  open(): Promise<ReadStore>;
  /** Removes what the fixture created (temp files, databases). */
  dispose(): Promise<void>;
}

interface Item extends Document {
  readonly name?: string;
  readonly n?: number;
  readonly revision?: number;
  readonly nested?: { readonly revision?: number; readonly tags?: readonly string[] };
}

/**
 * The behaviour every ReadStore adapter must show, as vitest tests. Each test works in
 * collections of its own, so adapters backed by a shared server can run it in parallel.
 */
export function readStoreConformance(name: string, createFixture: () => Promise<ReadStoreFixture>): void {
  describe(`ReadStore conformance: ${name}`, () => {
    let fixture: ReadStoreFixture;
    let store: ReadStore;
    let items: DocumentCollection<Item>;

    beforeEach(async () => {
      fixture = await createFixture();
      store = await fixture.open();
      items = store.collection<Item>(uniqueName('items'));
    });

    afterEach(async () => {
      await store.close();
      await fixture.dispose();
    });

    it('returns what was put, and undefined for an unknown id', async () => {
      const doc = { id: 'a', name: 'Zoë 東京 "quoted"', n: 1.5, nested: { revision: 2, tags: ['x', 'y'] } };
      expect(await items.put(doc)).toBe(true);
      expect(await items.get('a')).toEqual(doc);
      expect(await items.get('missing')).toBeUndefined();
    });

    it('replaces the whole document on put', async () => {
      await items.put({ id: 'a', name: 'first', n: 1 });
      await items.put({ id: 'a', n: 2 });
      expect(await items.get('a')).toEqual({ id: 'a', n: 2 });
    });

    it('getMany returns the documents found, in the order asked, once each', async () => {
      await items.bulkWrite(['a', 'b', 'c'].map((id) => ({ op: 'put', doc: { id } })));
      const docs = await items.getMany(['c', 'missing', 'a', 'c']);
      expect(docs.map((d) => d.id)).toEqual(['c', 'a']);
      expect(await items.getMany([])).toEqual([]);
    });

    it('delete reports whether a document was removed', async () => {
      await items.put({ id: 'a' });
      expect(await items.delete('a')).toBe(true);
      expect(await items.get('a')).toBeUndefined();
      expect(await items.delete('a')).toBe(false);
    });

    it('puts with condition absent only when no document has the id', async () => {
      expect(await items.put({ id: 'a', n: 1 }, { kind: 'absent' })).toBe(true);
      expect(await items.put({ id: 'a', n: 2 }, { kind: 'absent' })).toBe(false);
      expect(await items.get('a')).toEqual({ id: 'a', n: 1 });
    });

    it('puts with field-equals only when the stored field has that value', async () => {
      expect(await items.put({ id: 'a', revision: 1 }, { kind: 'field-equals', field: 'revision', value: 0 })).toBe(
        false,
      );
      expect(await items.get('a')).toBeUndefined();
      await items.put({ id: 'a', revision: 1 });
      expect(await items.put({ id: 'a', revision: 3 }, { kind: 'field-equals', field: 'revision', value: 2 })).toBe(
        false,
      );
      expect(await items.put({ id: 'a', revision: 2 }, { kind: 'field-equals', field: 'revision', value: 1 })).toBe(
        true,
      );
      expect(await items.get('a')).toEqual({ id: 'a', revision: 2 });
    });

    it('puts with absent-or-field-equals on a missing or matching document', async () => {
      const cond = (value: number) => ({ kind: 'absent-or-field-equals' as const, field: 'revision', value });
      expect(await items.put({ id: 'a', revision: 1 }, cond(0))).toBe(true);
      expect(await items.put({ id: 'a', revision: 2 }, cond(0))).toBe(false);
      expect(await items.put({ id: 'a', revision: 2 }, cond(1))).toBe(true);
      expect((await items.get('a'))?.revision).toBe(2);
    });

    it('evaluates conditions on dotted fields, strings, and null as missing', async () => {
      await items.put({ id: 'a', name: 'x', nested: { revision: 4 } });
      expect(await items.put({ id: 'a', n: 1 }, { kind: 'field-equals', field: 'nested.revision', value: 5 })).toBe(
        false,
      );
      expect(await items.put({ id: 'a', n: 1 }, { kind: 'field-equals', field: 'nested.revision', value: 4 })).toBe(
        true,
      );
      expect(await items.put({ id: 'a', n: 2 }, { kind: 'field-equals', field: 'name', value: null })).toBe(true);
      expect(await items.put({ id: 'a', n: 3 }, { kind: 'field-equals', field: 'n', value: '2' })).toBe(false);
      expect(await items.get('a')).toEqual({ id: 'a', n: 2 });
    });

    it('deletes with conditions', async () => {
      await items.put({ id: 'a', revision: 1 });
      expect(await items.delete('a', { kind: 'absent' })).toBe(false);
      expect(await items.delete('a', { kind: 'field-equals', field: 'revision', value: 2 })).toBe(false);
      expect(await items.get('a')).toBeDefined();
      expect(await items.delete('a', { kind: 'absent-or-field-equals', field: 'revision', value: 1 })).toBe(true);
      expect(await items.get('a')).toBeUndefined();
    });

    it('bulkWrite applies writes in order and reports each one', async () => {
      const results = await items.bulkWrite([
        { op: 'put', doc: { id: 'a', revision: 1 }, condition: { kind: 'absent' } },
        { op: 'put', doc: { id: 'a', revision: 2 }, condition: { kind: 'field-equals', field: 'revision', value: 1 } },
        { op: 'put', doc: { id: 'a', revision: 9 }, condition: { kind: 'field-equals', field: 'revision', value: 1 } },
        { op: 'put', doc: { id: 'b' } },
        { op: 'delete', id: 'b' },
        { op: 'delete', id: 'c' },
      ]);
      expect(results).toEqual([true, true, false, true, true, false]);
      expect(await items.get('a')).toEqual({ id: 'a', revision: 2 });
      expect(await items.get('b')).toBeUndefined();
    });

    it('keeps collections apart; clear empties only its own', async () => {
      const other = store.collection<Item>(uniqueName('other'));
      await items.put({ id: 'same', n: 1 });
      await other.put({ id: 'same', n: 2 });
      expect((await other.get('same'))?.n).toBe(2);
      await items.clear();
      expect(await items.count()).toBe(0);
      expect(await other.get('same')).toEqual({ id: 'same', n: 2 });
    });

    it('lists the collections that hold documents', async () => {
      const full = uniqueName('full');
      const empty = uniqueName('empty');
      await store.collection(full).put({ id: 'x' });
      await store.collection(empty).put({ id: 'x' });
      await store.collection(empty).clear();
      const names = await store.collections();
      expect(names).toContain(full);
      expect(names).not.toContain(empty);
    });

    it('keeps documents across close and reopen', async () => {
      const collectionName = uniqueName('durable');
      await store.collection<Item>(collectionName).put({ id: 'a', name: 'kept' });
      await store.close();
      store = await fixture.open();
      expect(await store.collection(collectionName).get('a')).toEqual({ id: 'a', name: 'kept' });
    });

    readStoreQueryConformance(() => items);
  });
}
