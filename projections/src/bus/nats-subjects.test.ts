import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordedEvent } from '../testing/recorded-event.ts';
import {
  decodeSubjectToken,
  encodeSubjectToken,
  eventSubject,
  isSubjectPrefix,
  parkedPrefixOf,
  streamSubjects,
} from './nats-subjects.ts';

describe('NATS subjects', () => {
  it('builds <prefix>.<category>.<entityId>.<EventType> from the stream id', () => {
    expect(eventSubject(recordedEvent({ streamId: 'order-123', type: 'OrderPlaced' }))).toBe(
      'ordinal.events.order.123.OrderPlaced',
    );
    expect(eventSubject(recordedEvent({ streamId: 'inventory-SKU-9', type: 'StockReserved' }), 'x.ev')).toBe(
      'x.ev.inventory.SKU-9.StockReserved',
    );
    expect(streamSubjects('order')).toBe('ordinal.events.order.>');
    expect(streamSubjects('order', 'a.b', 'p')).toBe('p.order.a_2Eb.*');
  });

  it('encodes dots, wildcards, spaces, underscores, non-ASCII and the empty string', () => {
    expect(encodeSubjectToken('a.b*c>d e')).toBe('a_2Eb_2Ac_3Ed_20e');
    expect(encodeSubjectToken('snake_case')).toBe('snake_5Fcase');
    expect(encodeSubjectToken('café')).toBe('caf_C3_A9');
    expect(encodeSubjectToken('')).toBe('_');
    expect(eventSubject(recordedEvent({ streamId: 'order', type: 'X' }))).toBe('ordinal.events.order._.X');
  });

  it('round-trips any string through a token of [A-Za-z0-9_-] only', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const token = encodeSubjectToken(value);
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeSubjectToken(token)).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  it('maps different strings to different tokens', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(encodeSubjectToken(a)).not.toBe(encodeSubjectToken(b));
      }),
    );
  });

  it('refuses tokens it cannot have made', () => {
    for (const bad of ['', 'a.b', '_4', '_zz', 'a b', '_C3']) expect(() => decodeSubjectToken(bad)).toThrow();
  });

  it('derives a parked prefix that never overlaps the events prefix', () => {
    expect(parkedPrefixOf('ordinal.events')).toBe('ordinal.parked');
    expect(parkedPrefixOf('events')).toBe('events_parked');
    expect(parkedPrefixOf('a.parked')).toBe('a.parked_parked');
    expect(isSubjectPrefix('ordinal.events')).toBe(true);
    for (const bad of ['', 'a..b', 'a.*', 'a.>', 'a b', 'a.']) expect(isSubjectPrefix(bad)).toBe(false);
  });
});
