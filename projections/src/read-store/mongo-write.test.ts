import type { Document, WriteOp } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { fromStored, planWrites, toMongoWrite, toStored } from './mongo-write.ts';

const invalidDocument = expect.objectContaining({ code: 'read-store.invalid-document' });

describe('toStored / fromStored', () => {
  it('keys by _id and gives the same document back', () => {
    const doc = { id: 'a', name: 'Zoë', n: 1.5, nested: { revision: 2, tags: ['x'] }, none: null };
    const stored = toStored(doc);
    expect(stored).toEqual({ _id: 'a', name: 'Zoë', n: 1.5, nested: { revision: 2, tags: ['x'] }, none: null });
    expect(stored).not.toHaveProperty('id');
    expect(fromStored(stored)).toEqual(doc);
  });

  it('stores what JSON keeps, as the embedded store does', () => {
    const at = new Date('2025-01-02T03:04:05.000Z');
    const doc = { id: 'a', at, gone: undefined, nan: Number.NaN, list: [1, undefined] } as unknown as Document;
    expect(toStored(doc)).toEqual({ _id: 'a', at: '2025-01-02T03:04:05.000Z', nan: null, list: [1, null] });
    expect(Object.keys(toStored(doc))).toEqual(['_id', 'at', 'nan', 'list']);
  });

  it('refuses documents without a string id or with reserved top-level fields', () => {
    for (const bad of [{ id: '' }, { id: 1 }, {}, null, { id: 'a', _id: 'b' }, { id: 'a', $set: { x: 1 } }]) {
      expect(() => toStored(bad as unknown as Document), JSON.stringify(bad)).toThrow(invalidDocument);
    }
    expect(toStored({ id: 'a', nested: { _id: 1, $x: 2 } } as Document)).toEqual({
      _id: 'a',
      nested: { _id: 1, $x: 2 },
    });
  });
});

describe('toMongoWrite', () => {
  const doc = { id: 'a', revision: 2 };
  const replacement = { revision: 2 };

  it('puts without a condition as an upsert by id', () => {
    expect(toMongoWrite({ op: 'put', doc })).toEqual({
      kind: 'replace',
      filter: { _id: 'a' },
      replacement,
      upsert: true,
    });
  });

  it('puts with absent as an insert', () => {
    expect(toMongoWrite({ op: 'put', doc, condition: { kind: 'absent' } })).toEqual({
      kind: 'insert',
      document: { _id: 'a', revision: 2 },
    });
  });

  it('puts with field-equals as a replace of the matching document, never an upsert', () => {
    expect(
      toMongoWrite({ op: 'put', doc, condition: { kind: 'field-equals', field: 'nested.revision', value: 1 } }),
    ).toEqual({ kind: 'replace', filter: { _id: 'a', 'nested.revision': { $eq: 1 } }, replacement, upsert: false });
  });

  it('puts with absent-or-field-equals as an upsert of the matching document', () => {
    expect(
      toMongoWrite({ op: 'put', doc, condition: { kind: 'absent-or-field-equals', field: 'revision', value: 1 } }),
    ).toEqual({ kind: 'replace', filter: { _id: 'a', revision: { $eq: 1 } }, replacement, upsert: true });
  });

  it('keeps condition values from being read as operators, and null as null-or-missing', () => {
    const write = toMongoWrite({
      op: 'put',
      doc,
      condition: { kind: 'field-equals', field: 'name', value: { $ne: 1 } },
    });
    expect(write).toMatchObject({ filter: { _id: 'a', name: { $eq: { $ne: 1 } } } });
    expect(
      toMongoWrite({ op: 'put', doc, condition: { kind: 'field-equals', field: 'name', value: null } }),
    ).toMatchObject({ filter: { _id: 'a', name: { $eq: null } } });
  });

  it('decides conditions on id on the spot, since the id is known', () => {
    const onId = (kind: 'field-equals' | 'absent-or-field-equals', value: unknown): WriteOp => ({
      op: 'put',
      doc,
      condition: { kind, field: 'id', value },
    });
    expect(toMongoWrite(onId('field-equals', 'a'))).toEqual({
      kind: 'replace',
      filter: { _id: 'a' },
      replacement,
      upsert: false,
    });
    expect(toMongoWrite(onId('field-equals', 'b'))).toEqual({ kind: 'skip' });
    expect(toMongoWrite(onId('absent-or-field-equals', 'a'))).toMatchObject({ filter: { _id: 'a' }, upsert: true });
    expect(toMongoWrite(onId('absent-or-field-equals', 'b'))).toEqual({
      kind: 'insert',
      document: { _id: 'a', revision: 2 },
    });
    expect(
      toMongoWrite({ op: 'delete', id: 'a', condition: { kind: 'field-equals', field: 'id', value: 'a' } }),
    ).toEqual({ kind: 'delete', filter: { _id: 'a' } });
  });

  it('deletes by id, with the condition in the filter; an absent condition deletes nothing', () => {
    expect(toMongoWrite({ op: 'delete', id: 'a' })).toEqual({ kind: 'delete', filter: { _id: 'a' } });
    expect(toMongoWrite({ op: 'delete', id: 'a', condition: { kind: 'absent' } })).toEqual({ kind: 'skip' });
    for (const kind of ['field-equals', 'absent-or-field-equals'] as const) {
      expect(toMongoWrite({ op: 'delete', id: 'a', condition: { kind, field: 'revision', value: 1 } })).toEqual({
        kind: 'delete',
        filter: { _id: 'a', revision: { $eq: 1 } },
      });
    }
  });

  it('checks condition fields', () => {
    expect(() =>
      toMongoWrite({ op: 'put', doc, condition: { kind: 'field-equals', field: '$where', value: 1 } }),
    ).toThrow(expect.objectContaining({ code: 'read-store.invalid-field' }));
  });
});

describe('planWrites', () => {
  const put = (id: string): WriteOp => ({ op: 'put', doc: { id } });

  it('groups runs of unconditional puts and sends the rest one by one, in order', () => {
    const steps = planWrites([
      put('a'),
      put('b'),
      { op: 'put', doc: { id: 'c' }, condition: { kind: 'absent' } },
      put('d'),
      { op: 'delete', id: 'a' },
      put('e'),
      put('f'),
      put('g'),
    ]);
    expect(
      steps.map((s) => (s.kind === 'bulk' ? `bulk@${s.first}x${s.puts.length}` : `${s.write.kind}@${s.index}`)),
    ).toEqual(['bulk@0x2', 'insert@2', 'bulk@3x1', 'delete@4', 'bulk@5x3']);
    const last = steps[4];
    expect(last?.kind === 'bulk' && last.puts.map((p) => p.filter)).toEqual([{ _id: 'e' }, { _id: 'f' }, { _id: 'g' }]);
  });

  it('keeps a conditional put on its own even when it becomes an upsert by id', () => {
    const steps = planWrites([
      put('a'),
      { op: 'put', doc: { id: 'b' }, condition: { kind: 'absent-or-field-equals', field: 'id', value: 'b' } },
    ]);
    expect(steps.map((s) => s.kind)).toEqual(['bulk', 'single']);
  });

  it('checks every op before anything is written', () => {
    expect(() => planWrites([put('a'), put('')])).toThrow(invalidDocument);
    expect(planWrites([])).toEqual([]);
  });
});
