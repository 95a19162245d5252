import { DuplicateEventIdError, type ExpectedRevision, WrongExpectedRevisionError } from '@ordinal/domain';
import { expect, it } from 'vitest';
import {
  anEvent,
  type ConformanceContext,
  expectIncreasingPositions,
  expectRecorded,
  rejectionOf,
  someEvents,
  uniquePrefix,
} from './event-store.conformance.fixtures.ts';

/** Appends: round trip, expected revisions, idempotency, duplicates, concurrency. */
export function appendConformance(context: () => ConformanceContext): void {
  const expectConflict = async (streamId: string, expected: ExpectedRevision, actual: number) => {
    const { store } = context();
    const before = await store.readStream(streamId);
    const error = await rejectionOf(store.append(streamId, [anEvent()], expected));
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ code: 'store.wrong-expected-revision', streamId, expected, actual });
    expect(await store.readStream(streamId)).toEqual(before);
  };

  it('appends events and reads them back exactly as written', async () => {
    const { store } = context();
    const streamId = `${uniquePrefix()}-1`;
    const placed = anEvent('OrderPlaced', {
      lines: [{ sku: 'SKU-1', quantity: 2, price: { amount: 1999, currency: 'EUR' } }],
      note: 'größe «L» 🚚',
      flags: { gift: true, rush: false },
      discount: null,
      ratio: 0.125,
    });
    const paid = {
      ...anEvent('PaymentCaptured', { amount: 3998 }),
      metadata: { ...anEvent().metadata, channel: 'web' },
    };
    const result = await store.append(streamId, [placed, paid], 'no-stream');
    expect(result).toMatchObject({ streamId, revision: 2, duplicate: false });
    expectRecorded(result.events[0], placed, streamId, 1);
    expectRecorded(result.events[1], paid, streamId, 2);
    expect(result.position).toBe(result.events[1]!.position);
    expectIncreasingPositions(result.events);
    expect(await store.readStream(streamId)).toEqual(result.events);
    expect(await store.streamRevision(streamId)).toBe(2);
  });

  it("accepts 'no-stream' and 0 only while the stream is empty", async () => {
    const { store } = context();
    const prefix = uniquePrefix();
    expect((await store.append(`${prefix}-a`, someEvents(1), 'no-stream')).revision).toBe(1);
    expect((await store.append(`${prefix}-b`, someEvents(2), 0)).revision).toBe(2);
    await expectConflict(`${prefix}-a`, 'no-stream', 1);
    await expectConflict(`${prefix}-b`, 0, 2);
  });

  it('accepts an exact revision only when it is the current one', async () => {
    const { store } = context();
    const streamId = `${uniquePrefix()}-1`;
    await expectConflict(streamId, 1, 0);
    await store.append(streamId, someEvents(1), 'no-stream');
    expect((await store.append(streamId, someEvents(2), 1)).revision).toBe(3);
    await expectConflict(streamId, 1, 3);
    await expectConflict(streamId, 4, 3);
    expect((await store.append(streamId, someEvents(1), 3)).revision).toBe(4);
  });

  it("accepts 'stream-exists' only for a stream with events and 'any' always", async () => {
    const { store } = context();
    const streamId = `${uniquePrefix()}-1`;
    await expectConflict(streamId, 'stream-exists', 0);
    expect((await store.append(streamId, someEvents(1), 'any')).revision).toBe(1);
    expect((await store.append(streamId, someEvents(1), 'stream-exists')).revision).toBe(2);
    expect((await store.append(streamId, someEvents(1), 'any')).revision).toBe(3);
  });

  it('returns the current revision for an empty append and writes nothing', async () => {
    const { store } = context();
    const streamId = `${uniquePrefix()}-1`;
    expect(await store.append(streamId, [], 'any')).toMatchObject({ streamId, revision: 0, events: [] });
    await store.append(streamId, someEvents(2), 'no-stream');
    expect(await store.append(streamId, [], 'any')).toMatchObject({ streamId, revision: 2, events: [] });
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('returns the original result when the same append is retried, whatever revision it expects', async () => {
    const { store } = context();
    const streamId = `${uniquePrefix()}-1`;
    const events = someEvents(2);
    const first = await store.append(streamId, events, 'no-stream');
    await store.append(streamId, someEvents(1), 2);
    const stored = await store.readStream(streamId);
    for (const expected of ['no-stream', 0, 2, 'stream-exists', 'any'] as const) {
      expect(await store.append(streamId, events, expected)).toEqual({ ...first, duplicate: true });
    }
    expect(await store.readStream(streamId)).toEqual(stored);
  });

  it('refuses an append that mixes stored and new ids or reuses ids of another stream', async () => {
    const { store, capabilities } = context();
    // EventStoreDB keeps event ids unique per stream only, so an adapter over it declares that
    // it cannot refuse ids of another stream; that part alone is skipped for it.
    const acrossStreams = capabilities?.rejectsIdsOfOtherStreams !== false;
    const prefix = uniquePrefix();
    const streamId = `${prefix}-1`;
    const [first, second] = someEvents(2);
    await store.append(streamId, [first!, second!], 'no-stream');
    const storedIds = [first!.eventId, second!.eventId];
    const attempts = [
      { target: streamId, events: [second!, anEvent()] },
      { target: streamId, events: [anEvent(), first!] },
      { target: streamId, events: [second!, first!] },
      ...(acrossStreams ? [{ target: `${prefix}-2`, events: [first!, second!] }] : []),
    ];
    for (const { target, events } of attempts) {
      const error = await rejectionOf(store.append(target, events, 'any'));
      expect(error).toBeInstanceOf(DuplicateEventIdError);
      expect(error).toMatchObject({ code: 'store.duplicate-event-id', streamId: target });
      expect(storedIds).toContain((error as DuplicateEventIdError).eventId);
    }
    expect(await store.streamRevision(streamId)).toBe(2);
    if (acrossStreams) expect(await store.streamRevision(`${prefix}-2`)).toBe(0);
  });

  it('lets exactly one of several concurrent appends expecting the same revision win', async () => {
    const { store } = context();
    const streamId = `${uniquePrefix()}-1`;
    await store.append(streamId, someEvents(1), 'no-stream');
    const attempts = Array.from({ length: 8 }, () => anEvent());
    const outcomes = await Promise.allSettled(attempts.map((event) => store.append(streamId, [event], 1)));
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const error of lost) {
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ expected: 1, actual: 2 });
    }
    const stored = await store.readStream(streamId);
    expect(stored).toHaveLength(2);
    expect(stored[1]).toEqual(won[0]!.value.events[0]);
  });
}
