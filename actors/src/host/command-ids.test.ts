import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, commandHash, EVENT_ID_NAMESPACE, eventIdFor, nameBasedUuid } from './command-ids.ts';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('nameBasedUuid', () => {
  it('matches the RFC 9562 version 5 test vector', () => {
    expect(nameBasedUuid(DNS_NAMESPACE, 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('sets the version and variant bits', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(nameBasedUuid(EVENT_ID_NAMESPACE, name)).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      }),
    );
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => nameBasedUuid('not-a-uuid', 'x')).toThrow(TypeError);
  });
});

describe('eventIdFor', () => {
  it('gives the same id for the same command and index, another for any other', () => {
    expect(eventIdFor('cmd-1', 0)).toBe(eventIdFor('cmd-1', 0));
    const ids = new Set([
      eventIdFor('cmd-1', 0),
      eventIdFor('cmd-1', 1),
      eventIdFor('cmd-2', 0),
      eventIdFor('cmd-10', 0),
    ]);
    expect(ids.size).toBe(4);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order and drops undefined fields', () => {
    const text = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: 2 }], c: null }, e: undefined });
    expect(text).toBe('{"a":{"c":null,"d":[3,{"x":2,"z":1}]},"b":1}');
  });

  it('sorts integer-like keys as text too, and uses toJSON', () => {
    expect(canonicalJson({ 10: 'a', 9: 'b', when: new Date('2024-01-02T03:04:05.000Z') })).toBe(
      '{"10":"a","9":"b","when":"2024-01-02T03:04:05.000Z"}',
    );
  });

  it('reads back as the same value, whatever the key order it was written in', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJson(reversedKeys(value))).toBe(text);
      }),
    );
  });
});

describe('commandHash', () => {
  it('ignores key order and tells different bodies apart', () => {
    const a = commandHash({ type: 'Increment', counterId: 'c1', by: 2 });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(commandHash({ by: 2, counterId: 'c1', type: 'Increment' })).toBe(a);
    expect(commandHash({ type: 'Increment', counterId: 'c1', by: 3 })).not.toBe(a);
  });
});

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([key, item]) => [key, reversedKeys(item)]));
}
