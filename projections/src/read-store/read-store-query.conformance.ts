import type { Document, DocumentCollection, Filter } from '@ordinal/domain';
import { expect, it } from 'vitest';

interface Row extends Document {
  readonly kind?: string;
  readonly n?: number | string;
  readonly flag?: boolean | null;
  readonly at?: string;
  readonly status?: { readonly main: string };
}

const ROWS: readonly Row[] = [
  { id: 'r1', kind: 'a', n: 1, flag: true, at: '2025-01-01T00:00:00.000Z', status: { main: 'placed' } },
  { id: 'r2', kind: 'b', n: 2, flag: false, at: '2025-01-02T00:00:00.000Z', status: { main: 'fulfilment.picking' } },
  { id: 'r3', kind: 'a', n: 3, flag: null, at: '2025-01-03T00:00:00.000Z', status: { main: 'fulfilment.shipped' } },
  { id: 'r4', kind: 'b', n: 3, at: '2025-01-04T00:00:00.000Z', status: { main: 'cancelled' } },
  { id: 'r5', n: '10', at: '2025-01-05T00:00:00.000Z' },
  { id: 'r6', kind: 'c', n: 2.5 },
];

/** Filter, sort, paging, count and index behaviour; registered inside the main conformance describe. */
export function readStoreQueryConformance(collection: () => DocumentCollection<Document>): void {
  const rows = async () => {
    const c = collection() as DocumentCollection<Row>;
    // Written in an order unlike the ids so that id order is not mere insertion order.
    await c.bulkWrite([...ROWS].reverse().map((doc) => ({ op: 'put' as const, doc })));
    return c;
  };
  const ids = async (filter: Filter) => (await (await rows()).find(filter)).map((d) => d.id);

  it('finds by equality: bare values and $eq, strings, numbers, booleans', async () => {
    expect(await ids({ kind: 'a' })).toEqual(['r1', 'r3']);
    expect(await ids({ kind: { $eq: 'b' } })).toEqual(['r2', 'r4']);
    expect(await ids({ n: 3 })).toEqual(['r3', 'r4']);
    expect(await ids({ n: 2.5 })).toEqual(['r6']);
    expect(await ids({ flag: true })).toEqual(['r1']);
    expect(await ids({ flag: false })).toEqual(['r2']);
  });

  it('never matches across types: 1 is not true, 10 is not "10"', async () => {
    expect(await ids({ n: 10 })).toEqual([]);
    expect(await ids({ n: '10' })).toEqual(['r5']);
    expect(await ids({ flag: 1 })).toEqual([]);
    expect(await ids({ n: { $gt: 5 } })).toEqual([]);
    expect(await ids({ n: { $gte: '0' } })).toEqual(['r5']);
  });

  it('treats null as null or missing', async () => {
    expect(await ids({ flag: null })).toEqual(['r3', 'r4', 'r5', 'r6']);
    expect(await ids({ flag: { $ne: null } })).toEqual(['r1', 'r2']);
  });

  it('$ne includes documents without the field; $in matches any listed value', async () => {
    expect(await ids({ kind: { $ne: 'a' } })).toEqual(['r2', 'r4', 'r5', 'r6']);
    expect(await ids({ kind: { $in: ['a', 'c'] } })).toEqual(['r1', 'r3', 'r6']);
    expect(await ids({ n: { $in: [1, '10', 99] } })).toEqual(['r1', 'r5']);
    expect(await ids({ kind: { $in: [] } })).toEqual([]);
  });

  it('compares ranges on numbers and strings', async () => {
    expect(await ids({ n: { $gt: 2 } })).toEqual(['r3', 'r4', 'r6']);
    expect(await ids({ n: { $gte: 2, $lt: 3 } })).toEqual(['r2', 'r6']);
    expect(await ids({ n: { $lte: 1 } })).toEqual(['r1']);
    expect(await ids({ at: { $gte: '2025-01-02', $lt: '2025-01-04' } })).toEqual(['r2', 'r3']);
  });

  it('reaches nested fields with dotted paths and combines conditions with AND', async () => {
    expect(await ids({ 'status.main': 'placed' })).toEqual(['r1']);
    expect(await ids({ 'status.main': { $gte: 'fulfilment', $lt: 'fulfilment/' } })).toEqual(['r2', 'r3']);
    expect(await ids({ 'status.main': { $gte: 'fulfilment', $lt: 'fulfilment/' }, kind: 'a' })).toEqual(['r3']);
    expect(await ids({ id: 'r4' })).toEqual(['r4']);
  });

  it('returns every document in id order without a filter or sort', async () => {
    expect(await ids({})).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
  });

  it('sorts by keys in order, breaking ties by id in the last key direction', async () => {
    const c = await rows();
    const find = async (sort: readonly (readonly [string, 'asc' | 'desc'])[]) =>
      (await c.find({ n: { $gte: 0 } }, { sort })).map((d) => d.id);
    expect(await find([['n', 'asc']])).toEqual(['r1', 'r2', 'r6', 'r3', 'r4']);
    expect(await find([['n', 'desc']])).toEqual(['r4', 'r3', 'r6', 'r2', 'r1']);
    expect(
      await find([
        ['kind', 'desc'],
        ['n', 'asc'],
      ]),
    ).toEqual(['r6', 'r2', 'r4', 'r1', 'r3']);
  });

  it('pages with skip and limit', async () => {
    const c = await rows();
    const page = async (skip: number, limit?: number) =>
      (await c.find({}, { sort: [['at', 'asc']], skip, ...(limit === undefined ? {} : { limit }) })).map((d) => d.id);
    expect(await page(0, 2)).toEqual(['r6', 'r1']);
    expect(await page(2, 2)).toEqual(['r2', 'r3']);
    expect(await page(4)).toEqual(['r4', 'r5']);
    expect(await page(6, 2)).toEqual([]);
  });

  it('counts with and without a filter', async () => {
    const c = await rows();
    expect(await c.count()).toBe(ROWS.length);
    expect(await c.count({ kind: 'b' })).toBe(2);
    expect(await c.count({ n: { $gt: 100 } })).toBe(0);
  });

  it('counts by the values of a field, largest first, a missing field under null', async () => {
    const c = await rows();
    const byKind = await c.countBy('kind');
    expect(byKind[0]?.count).toBe(2);
    const sorted = [...byKind].sort((a, b) => String(a.value).localeCompare(String(b.value)));
    expect(sorted).toEqual([
      { value: 'a', count: 2 },
      { value: 'b', count: 2 },
      { value: 'c', count: 1 },
      { value: null, count: 1 },
    ]);
    expect(await c.countBy('status.main', { kind: 'b' })).toEqual(
      expect.arrayContaining([
        { value: 'fulfilment.picking', count: 1 },
        { value: 'cancelled', count: 1 },
      ]),
    );
    expect(await c.countBy('kind', { n: { $gt: 100 } })).toEqual([]);
    const byFlag = await c.countBy('flag', { kind: { $in: ['a', 'b'] } });
    expect(byFlag).toHaveLength(3);
    expect(byFlag).toEqual(
      expect.arrayContaining([
        { value: true, count: 1 },
        { value: false, count: 1 },
      ]),
    );
  });

  it('ensureIndex is idempotent and leaves results unchanged', async () => {
    const c = await rows();
    const before = await c.find({ 'status.main': 'placed' }, { sort: [['at', 'desc']] });
    await c.ensureIndex(['status.main', 'at']);
    await c.ensureIndex(['status.main', 'at']);
    await c.ensureIndex(['kind']);
    expect(await c.find({ 'status.main': 'placed' }, { sort: [['at', 'desc']] })).toEqual(before);
    expect((await c.find({ kind: 'a' })).map((d) => d.id)).toEqual(['r1', 'r3']);
  });
}
