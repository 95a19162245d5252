import type { Document } from '@ordinal/domain';
import { SqliteReadStore } from '@ordinal/projections';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors.ts';
import { decodeCursor, encodeCursor, type ListFields, listFilter, listPage, statusRange } from './orders.queries.ts';

const FIELDS: ListFields = {
  customerId: 'customerId',
  status: 'status.main',
  channel: 'channel.salesChannel',
  placedAt: 'placedAt',
};

interface Doc extends Document {
  readonly customerId: string;
  readonly status: { readonly main: string };
  readonly channel: { readonly salesChannel: string };
  readonly placedAt: string;
}

describe('cursors', () => {
  it('round-trip as opaque base64url text', () => {
    const cursor = { placedAt: '2025-01-01T00:00:00.000Z', id: 'o-1' };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it('refuses text that is not a cursor with a 400 naming the cursor', () => {
    for (const text of ['nope', Buffer.from('[1,2]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
      expect(() => decodeCursor(text)).toThrow(ApiError);
      try {
        decodeCursor(text);
      } catch (error) {
        expect((error as ApiError).status).toBe(400);
        expect((error as ApiError).details).toMatchObject({ field: '/cursor' });
      }
    }
  });
});

describe('statusRange', () => {
  const inRange = (prefix: string, value: string) => {
    const range = statusRange(prefix) as { $gte: string; $lt: string };
    return value >= range.$gte && value < range.$lt;
  };

  it('matches the status itself and its substates, not longer names', () => {
    expect(inRange('fulfilment', 'fulfilment')).toBe(true);
    expect(inRange('fulfilment', 'fulfilment.inTransit')).toBe(true);
    expect(inRange('fulfilment.inTransit', 'fulfilment.inTransit')).toBe(true);
    expect(inRange('fulfilment', 'fulfilmentX')).toBe(false);
    expect(inRange('fulfilment.in', 'fulfilment.inTransit')).toBe(false);
    expect(inRange('placed', 'cancelled')).toBe(false);
  });
});

describe('listFilter', () => {
  it('filters on the fields the tracking document holds, instants in the stored form', () => {
    expect(
      listFilter({ customerId: 'c1', channel: 'web', status: 'placed', from: '2025-01-01T01:00:00+01:00' }, FIELDS),
    ).toEqual({
      customerId: 'c1',
      'channel.salesChannel': 'web',
      'status.main': { $gte: 'placed', $lt: 'placed/' },
      placedAt: { $gte: '2025-01-01T00:00:00.000Z' },
    });
  });

  it('uses the stage field for a one-segment status when the document has one', () => {
    const withStage = { ...FIELDS, stage: 'stage' };
    expect(listFilter({ status: 'fulfilment' }, withStage)).toEqual({ stage: 'fulfilment' });
    expect(listFilter({ status: 'fulfilment.packed' }, withStage)).toEqual({
      'status.main': { $gte: 'fulfilment.packed', $lt: 'fulfilment.packed/' },
    });
  });
});

describe('listPage on the embedded read store', () => {
  let store: SqliteReadStore;
  beforeAll(() => {
    store = new SqliteReadStore({ path: ':memory:' });
  });
  afterAll(async () => {
    await store.close();
  });

  const docArb = fc.record({
    customerId: fc.constantFrom('c1', 'c2'),
    main: fc.constantFrom('placed', 'confirmed', 'fulfilment.packed', 'fulfilment.inTransit', 'cancelled'),
    channel: fc.constantFrom('web', 'pos'),
    // Few distinct instants, so many documents share a placedAt and the id breaks the tie.
    minute: fc.integer({ min: 0, max: 4 }),
  });

  it('walks every matching document exactly once, newest first, whatever the page size', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(docArb, { minLength: 0, maxLength: 25 }),
        fc.integer({ min: 1, max: 6 }),
        fc.record({
          customerId: fc.option(fc.constantFrom('c1', 'c2'), { nil: undefined }),
          status: fc.option(fc.constantFrom('fulfilment', 'placed', 'fulfilment.packed'), { nil: undefined }),
          channel: fc.option(fc.constantFrom('web', 'pos'), { nil: undefined }),
          from: fc.option(fc.constant('2025-01-01T00:01:00.000Z'), { nil: undefined }),
          to: fc.option(fc.constant('2025-01-01T00:03:00.000Z'), { nil: undefined }),
        }),
        async (specs, limit, query) => {
          run += 1;
          const collection = store.collection<Doc>(`orders${run}`);
          const docs: Doc[] = specs.map((s, i) => ({
            id: `o-${String(i).padStart(2, '0')}`,
            customerId: s.customerId,
            status: { main: s.main },
            channel: { salesChannel: s.channel },
            placedAt: `2025-01-01T00:0${s.minute}:00.000Z`,
          }));
          await collection.bulkWrite(docs.map((doc) => ({ op: 'put', doc })));
          const expected = docs
            .filter((d) => query.customerId === undefined || d.customerId === query.customerId)
            .filter((d) => query.channel === undefined || d.channel.salesChannel === query.channel)
            .filter(
              (d) =>
                query.status === undefined ||
                d.status.main === query.status ||
                d.status.main.startsWith(`${query.status}.`),
            )
            .filter((d) => query.from === undefined || d.placedAt >= query.from)
            .filter((d) => query.to === undefined || d.placedAt <= query.to)
            .sort((a, b) => (a.placedAt === b.placedAt ? (a.id < b.id ? 1 : -1) : a.placedAt < b.placedAt ? 1 : -1))
            .map((d) => d.id);
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let page = 0; page <= docs.length; page += 1) {
            const result = await listPage(collection, { ...query, limit, cursor }, FIELDS);
            expect(result.items.length).toBeLessThanOrEqual(limit);
            seen.push(...result.items.map((d) => d.id));
            if (result.nextCursor === null) break;
            cursor = result.nextCursor;
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
