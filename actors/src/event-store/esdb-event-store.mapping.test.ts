import type { EventData } from '@eventstore/db-client';
import { DuplicateEventIdError } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import {
  CHAIN_HASH_KEY,
  type EsdbRecorded,
  fromEsdbCurrent,
  fromEsdbEvent,
  fromEsdbPosition,
  fromEsdbRevision,
  PositionOutOfRangeError,
  toEsdbExpected,
  toEsdbReadPosition,
  toEsdbStreamRead,
  toEventData,
} from './esdb-event-store.mapping.ts';
import { chainedFieldsOf, eventChainHash, firstChainBreak } from './event-chain.ts';
import { anEvent } from './event-store.conformance.fixtures.ts';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** What EventStoreDB hands back for an event it stored: JSON text parsed again, 0-based revision. */
function storedAs(data: EventData, streamId: string, revision: bigint, commit: bigint): EsdbRecorded {
  const text = (value: unknown) => (value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown));
  return {
    streamId,
    id: data.id.toLowerCase(),
    revision,
    type: data.type,
    created: new Date('2025-03-04T05:06:07.089Z'),
    data: text(data.data),
    metadata: text(data.metadata),
    position: { commit, prepare: commit },
  };
}

describe('EventStoreDB mapping', () => {
  it('maps expected revisions: n to the 0-based revision n - 1, 0 and no-stream to NO_STREAM', () => {
    expect(toEsdbExpected(0)).toBe('no_stream');
    expect(toEsdbExpected(1)).toBe(0n);
    expect(toEsdbExpected(42)).toBe(41n);
    expect(toEsdbExpected('no-stream')).toBe('no_stream');
    expect(toEsdbExpected('stream-exists')).toBe('stream_exists');
    expect(toEsdbExpected('any')).toBe('any');
    for (const wrong of [-1, 1.5, Number.NaN]) expect(() => toEsdbExpected(wrong)).toThrow(RangeError);
  });

  it('turns 0-based revisions into 1-based ones and a current revision into an event count', () => {
    expect(fromEsdbRevision(0n)).toBe(1);
    expect(fromEsdbRevision(9n)).toBe(10);
    expect(fromEsdbCurrent(4n)).toBe(5);
    expect(fromEsdbCurrent('no_stream')).toBe(0);
    expect(fromEsdbRevision(MAX - 1n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => fromEsdbRevision(MAX)).toThrow(PositionOutOfRangeError);
  });

  it('takes commit positions as positions and refuses those beyond a safe integer', () => {
    expect(fromEsdbPosition(0n)).toBe(0);
    expect(fromEsdbPosition(MAX)).toBe(Number.MAX_SAFE_INTEGER);
    const error = (() => {
      try {
        fromEsdbPosition(MAX + 1n);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(PositionOutOfRangeError);
    expect(error).toMatchObject({ code: 'store.position-out-of-range', value: MAX + 1n });
    expect(String((error as Error).message)).toContain('9007199254740992');
  });

  it('starts reads of $all at the start, or at the record of the position to skip', () => {
    expect(toEsdbReadPosition(0)).toBe('start');
    expect(toEsdbReadPosition(1234)).toEqual({ commit: 1234n, prepare: 1234n });
  });

  it('translates stream reads both ways, and reads that cannot match to nothing', () => {
    expect(toEsdbStreamRead({})).toEqual({ direction: 'forwards', fromRevision: 'start' });
    expect(toEsdbStreamRead({ fromRevision: 1 })).toEqual({ direction: 'forwards', fromRevision: 'start' });
    expect(toEsdbStreamRead({ fromRevision: 4, maxCount: 3 })).toEqual({
      direction: 'forwards',
      fromRevision: 3n,
      maxCount: 3,
    });
    expect(toEsdbStreamRead({ direction: 'backwards' })).toEqual({ direction: 'backwards', fromRevision: 'end' });
    expect(toEsdbStreamRead({ direction: 'backwards', fromRevision: 5, maxCount: 2 })).toEqual({
      direction: 'backwards',
      fromRevision: 4n,
      maxCount: 2,
    });
    expect(toEsdbStreamRead({ direction: 'backwards', fromRevision: 0 })).toBe('empty');
    expect(toEsdbStreamRead({ maxCount: 0 })).toBe('empty');
  });

  it('writes an event as a JSON event with its id and reads it back as the same envelope', () => {
    const placed = anEvent('OrderPlaced', { note: 'größe «L» 🚚', lines: [{ sku: 'A', quantity: 2 }], gift: null });
    const withChannel = { ...anEvent('PaymentCaptured', 7), metadata: { ...anEvent().metadata, channel: 'web' } };
    const written = toEventData('order-1', [placed, withChannel]);
    expect(written[0]).toEqual({
      id: placed.eventId,
      contentType: 'application/json',
      type: 'OrderPlaced',
      data: placed.data,
      metadata: placed.metadata,
    });
    const back = written.map((data, i) => fromEsdbEvent(storedAs(data, 'order-1', BigInt(i), 100n + BigInt(i))));
    expect(back).toEqual([
      { ...placed, streamId: 'order-1', revision: 1, position: 100, recordedAt: '2025-03-04T05:06:07.089Z' },
      { ...withChannel, streamId: 'order-1', revision: 2, position: 101, recordedAt: '2025-03-04T05:06:07.089Z' },
    ]);
  });

  it('reads null data and metadata back as null, and falls back on the commit position of older servers', () => {
    const bare = { ...anEvent('Bare', null), metadata: null as never };
    const [written] = toEventData('s-1', [bare]);
    expect(written?.metadata).toBeUndefined();
    const { position: _, ...withoutPosition } = storedAs(written!, 's-1', 0n, 5n);
    expect(fromEsdbEvent(withoutPosition, 77n)).toMatchObject({ data: null, metadata: null, position: 77 });
    expect(() => fromEsdbEvent(withoutPosition)).toThrow(/22\.6/);
  });

  it('adds each event chain hash to its metadata and reads it back as the hash beside the metadata', () => {
    const events = [anEvent('OrderPlaced', { total: 5 }), anEvent('OrderConfirmed')];
    const written = toEventData('order-1', events, { afterRevision: 3, previousHash: 'a'.repeat(64) });
    const back = written.map((data, i) => fromEsdbEvent(storedAs(data, 'order-1', BigInt(3 + i), 10n + BigInt(i))));
    expect(back.map((e) => e.metadata)).toEqual(events.map((e) => e.metadata));
    expect(back[0]!.hash).toBe(eventChainHash('a'.repeat(64), chainedFieldsOf(back[0]!)));
    expect(firstChainBreak(back, 'a'.repeat(64))).toBeUndefined();
    expect((written[1]!.metadata as Record<string, unknown>)[CHAIN_HASH_KEY]).toBe(back[1]!.hash);
  });

  it('refuses ids that are not UUIDs or repeat, and data that is not JSON, before writing', () => {
    const event = anEvent();
    expect(() => toEventData('s-1', [{ ...event, eventId: 'order-1-0' }])).toThrow(TypeError);
    expect(() => toEventData('s-1', [event, { ...event, eventId: event.eventId.toUpperCase() }])).toThrow(
      DuplicateEventIdError,
    );
    expect(() => toEventData('s-1', [anEvent('Bad', { amount: 10n })])).toThrow(TypeError);
  });
});
