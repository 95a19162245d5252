import { expect, it } from 'vitest';
import {
  type ConformanceContext,
  expectIncreasingPositions,
  someEvents,
  uniquePrefix,
} from './event-store.conformance.fixtures.ts';

/** Reads: one stream both ways, the whole log with position, count and prefix filters; reopening. */
export function readConformance(context: () => ConformanceContext): void {
  it('reads a stream forwards and backwards from a revision, up to a count', async () => {
    const { store } = context();
    const streamId = `${uniquePrefix()}-1`;
    await store.append(streamId, someEvents(4), 'no-stream');
    await store.append(streamId, someEvents(6), 4);
    const revisions = async (options: Parameters<typeof store.readStream>[1]) =>
      (await store.readStream(streamId, options)).map((event) => event.revision);
    expect(await revisions({})).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await revisions({ fromRevision: 4, maxCount: 3 })).toEqual([4, 5, 6]);
    expect(await revisions({ fromRevision: 9, maxCount: 5 })).toEqual([9, 10]);
    expect(await revisions({ fromRevision: 11 })).toEqual([]);
    expect(await revisions({ direction: 'backwards' })).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([10, 9]);
    expect(await revisions({ direction: 'backwards', fromRevision: 5, maxCount: 2 })).toEqual([5, 4]);
    expect(await revisions({ direction: 'backwards', fromRevision: 2 })).toEqual([2, 1]);
    const forwards = await store.readStream(streamId);
    expect(await store.readStream(streamId, { direction: 'backwards' })).toEqual([...forwards].reverse());
  });

  it('reads an unknown stream as empty at revision 0', async () => {
    const { store } = context();
    const streamId = `${uniquePrefix()}-missing`;
    expect(await store.readStream(streamId)).toEqual([]);
    expect(await store.readStream(streamId, { direction: 'backwards' })).toEqual([]);
    expect(await store.streamRevision(streamId)).toBe(0);
  });

  it('reads the whole log in global order, after a position, up to a count, by stream prefix', async () => {
    const { store } = context();
    const prefix = uniquePrefix();
    const start = await store.headPosition();
    const order = [`${prefix}a-1`, `${prefix}b-1`, `${prefix}a-2`, `${prefix}c-1`, `${prefix}a-1`, `${prefix}b-1`];
    const appended = [];
    for (const streamId of order) appended.push(...(await store.append(streamId, someEvents(2), 'any')).events);
    const all = await store.readAll({ afterPosition: start, streamPrefixes: [prefix] });
    expect(all).toEqual(appended);
    expectIncreasingPositions(all);
    expect(all[0]!.position).toBeGreaterThan(start);
    expect(await store.headPosition()).toBeGreaterThanOrEqual(all[all.length - 1]!.position);
    expect(await store.readAll({ afterPosition: start, maxCount: 3, streamPrefixes: [prefix] })).toEqual(
      all.slice(0, 3),
    );
    expect(await store.readAll({ afterPosition: all[4]!.position, streamPrefixes: [prefix] })).toEqual(all.slice(5));
    const aOrC = await store.readAll({ afterPosition: start, streamPrefixes: [`${prefix}a-`, `${prefix}c-`] });
    expect(aOrC).toEqual(all.filter((event) => !event.streamId.startsWith(`${prefix}b-`)));
    expect(await store.readAll({ afterPosition: all[all.length - 1]!.position, streamPrefixes: [prefix] })).toEqual([]);
    const unfiltered = await store.readAll({ afterPosition: start });
    expect(unfiltered.filter((event) => event.streamId.startsWith(prefix))).toEqual(all);
  });

  it('gives strictly increasing positions to concurrent appends across streams', async () => {
    const { store } = context();
    const prefix = uniquePrefix();
    const start = await store.headPosition();
    const streams = Array.from({ length: 12 }, (_, index) => `${prefix}-${index}`);
    const results = await Promise.all(
      streams.map(async (streamId) => {
        const first = await store.append(streamId, someEvents(2), 'no-stream');
        const second = await store.append(streamId, someEvents(1), first.revision);
        return [...first.events, ...second.events];
      }),
    );
    const all = await store.readAll({ afterPosition: start, streamPrefixes: [prefix] });
    expectIncreasingPositions(all);
    expect([...all].sort((a, b) => a.position - b.position)).toEqual(all);
    expect(new Set(all.map((event) => event.eventId)).size).toBe(36);
    expect(all).toEqual(expect.arrayContaining(results.flat()));
    for (const streamId of streams) {
      const revisions = all.filter((event) => event.streamId === streamId).map((event) => event.revision);
      expect(revisions).toEqual([1, 2, 3]);
    }
  });

  it('keeps every event, revision and position across a reopen', async ({ skip }) => {
    const { store, reopen } = context();
    if (reopen === undefined) return skip('the adapter cannot reopen its store');
    const prefix = uniquePrefix();
    const start = await store.headPosition();
    const events = someEvents(3);
    const first = await store.append(`${prefix}-1`, events, 'no-stream');
    await store.append(`${prefix}-2`, someEvents(2), 'no-stream');
    const before = await store.readAll({ afterPosition: start, streamPrefixes: [prefix] });
    await store.close();
    const reopened = await reopen();
    expect(await reopened.readAll({ afterPosition: start, streamPrefixes: [prefix] })).toEqual(before);
    expect(await reopened.streamRevision(`${prefix}-1`)).toBe(3);
    expect(await reopened.headPosition()).toBeGreaterThanOrEqual(before[before.length - 1]!.position);
    const retried = await reopened.append(`${prefix}-1`, events, 'no-stream');
    expect(retried).toEqual({ ...first, duplicate: true });
    const next = await reopened.append(`${prefix}-1`, someEvents(1), 3);
    expect(next.revision).toBe(4);
    expect(next.position).toBeGreaterThan(before[before.length - 1]!.position);
  });
}
