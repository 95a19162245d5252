import { describe, expect, it } from 'vitest';
import { mongoPath, toMongoFilter, toMongoFind, toMongoIndex, toMongoSort } from './mongo-query.ts';

describe('mongoPath', () => {
  it('maps id to _id, keeps dotted paths, and refuses what the embedded store refuses', () => {
    expect(mongoPath('id')).toBe('_id');
    expect(mongoPath('id.x')).toBe('_id.x');
    expect(mongoPath('status.main')).toBe('status.main');
    expect(mongoPath('ids')).toBe('ids');
    for (const bad of ['', 'a..b', '$where', 'a.$gt', "a') OR 1=1 --", 'a b', '.a']) {
      expect(() => mongoPath(bad), bad).toThrow(expect.objectContaining({ code: 'read-store.invalid-field' }));
    }
  });

  it('keeps _id out of reach: the key is called id', () => {
    expect(() => mongoPath('_id')).toThrow(expect.objectContaining({ code: 'read-store.invalid-field' }));
    expect(() => mongoPath('_id.x')).toThrow(expect.objectContaining({ code: 'read-store.invalid-field' }));
    expect(mongoPath('a._id')).toBe('a._id');
  });
});

describe('toMongoFilter', () => {
  it('turns bare values into $eq so that no value is read as an operator', () => {
    expect(toMongoFilter({ kind: 'a', n: 3, flag: false, gone: null })).toEqual({
      kind: { $eq: 'a' },
      n: { $eq: 3 },
      flag: { $eq: false },
      gone: { $eq: null },
    });
  });

  it('passes the supported operators through on the mapped path', () => {
    expect(
      toMongoFilter({
        'status.main': { $gte: 'fulfilment', $lt: 'fulfilment/' },
        id: { $in: ['r1', 'r2'] },
        kind: { $ne: 'a' },
        n: { $gt: 1, $lte: 2.5 },
        flag: { $ne: null, $eq: true },
      }),
    ).toEqual({
      'status.main': { $gte: 'fulfilment', $lt: 'fulfilment/' },
      _id: { $in: ['r1', 'r2'] },
      kind: { $ne: 'a' },
      n: { $gt: 1, $lte: 2.5 },
      flag: { $ne: null, $eq: true },
    });
  });

  it('is empty without a filter and skips undefined values, as the embedded adapter does', () => {
    expect(toMongoFilter(undefined)).toEqual({});
    expect(toMongoFilter({})).toEqual({});
    expect(toMongoFilter({ a: undefined, b: { $gt: undefined }, c: { $in: [] } })).toEqual({ c: { $in: [] } });
  });

  it('refuses what the embedded adapter cannot express, with the same codes', () => {
    const refused = (filter: Record<string, unknown>, code: string) =>
      expect(() => toMongoFilter(filter), JSON.stringify(filter)).toThrow(expect.objectContaining({ code }));
    refused({ a: { $regex: 'x' } }, 'read-store.unsupported-filter');
    refused({ a: { $where: 'sleep(1)' } }, 'read-store.unsupported-filter');
    refused({ a: { b: 1 } }, 'read-store.unsupported-filter');
    refused({ a: { $eq: { $gt: 1 } } }, 'read-store.unsupported-filter');
    refused({ a: ['x'] }, 'read-store.unsupported-filter');
    refused({ a: { $in: 'x' } }, 'read-store.unsupported-filter');
    refused({ a: { $in: [{ b: 1 }] } }, 'read-store.unsupported-filter');
    refused({ a: { $gt: true } }, 'read-store.unsupported-filter');
    refused({ a: { $lt: null } }, 'read-store.unsupported-filter');
    refused({ a: Number.NaN }, 'read-store.unsupported-filter');
    refused({ a: { $gte: Number.POSITIVE_INFINITY } }, 'read-store.unsupported-filter');
    refused({ $or: [{ a: 1 }] }, 'read-store.invalid-field');
    refused({ _id: 'x' }, 'read-store.invalid-field');
  });
});

describe('toMongoSort', () => {
  it('breaks ties by _id in the direction of the last key', () => {
    expect(toMongoSort(undefined)).toEqual([['_id', 1]]);
    expect(toMongoSort([['n', 'asc']])).toEqual([
      ['n', 1],
      ['_id', 1],
    ]);
    expect(
      toMongoSort([
        ['kind', 'desc'],
        ['status.main', 'asc'],
      ]),
    ).toEqual([
      ['kind', -1],
      ['status.main', 1],
      ['_id', 1],
    ]);
    expect(
      toMongoSort([
        ['kind', 'asc'],
        ['n', 'desc'],
      ]),
    ).toEqual([
      ['kind', 1],
      ['n', -1],
      ['_id', -1],
    ]);
  });

  it('keeps the order of keys that look like integers, and lists each key once', () => {
    expect(
      toMongoSort([
        ['b', 'asc'],
        ['10', 'desc'],
        ['b', 'desc'],
        ['id', 'desc'],
      ]),
    ).toEqual([
      ['b', 1],
      ['10', -1],
      ['_id', -1],
    ]);
  });

  it('checks sort fields', () => {
    expect(() => toMongoSort([['$natural', 'asc']])).toThrow(
      expect.objectContaining({ code: 'read-store.invalid-field' }),
    );
  });
});

describe('toMongoFind', () => {
  it('translates paging, and answers a limit of 0 without asking (MongoDB reads it as no limit)', () => {
    expect(toMongoFind({ kind: 'a' }, { sort: [['at', 'desc']], skip: 4, limit: 2 })).toEqual({
      filter: { kind: { $eq: 'a' } },
      sort: [
        ['at', -1],
        ['_id', -1],
      ],
      skip: 4,
      limit: 2,
      none: false,
    });
    expect(toMongoFind(undefined)).toEqual({ filter: {}, sort: [['_id', 1]], skip: 0, limit: undefined, none: false });
    expect(toMongoFind({}, { limit: 0 }).none).toBe(true);
  });

  it('refuses negative or fractional paging', () => {
    for (const options of [{ limit: -1 }, { skip: -1 }, { limit: 1.5 }, { skip: Number.NaN }]) {
      expect(() => toMongoFind({}, options)).toThrow(
        expect.objectContaining({ code: 'read-store.unsupported-filter' }),
      );
    }
  });
});

describe('toMongoIndex', () => {
  it('builds ascending keys in order with a name that depends only on the fields', () => {
    const index = toMongoIndex(['status.main', 'placedAt']);
    expect(index?.keys).toEqual([
      ['status.main', 1],
      ['placedAt', 1],
    ]);
    expect(index?.name).toMatch(/^ix_[0-9a-f]{16}$/);
    expect(toMongoIndex(['status.main', 'placedAt'])?.name).toBe(index?.name);
    expect(toMongoIndex(['placedAt', 'status.main'])?.name).not.toBe(index?.name);
    expect(toMongoIndex(['status.mainplacedAt'])?.name).not.toBe(index?.name);
  });

  it('needs no index for no fields or id alone, and drops repeated fields', () => {
    expect(toMongoIndex([])).toBeUndefined();
    expect(toMongoIndex(['id'])).toBeUndefined();
    expect(toMongoIndex(['customerId', 'id'])?.keys).toEqual([
      ['customerId', 1],
      ['_id', 1],
    ]);
    expect(toMongoIndex(['a', 'a'])?.keys).toEqual([['a', 1]]);
    expect(() => toMongoIndex(['a b'])).toThrow(expect.objectContaining({ code: 'read-store.invalid-field' }));
  });
});
