import { expect, it } from 'vitest';
import { chainedFieldsOf, eventChainHash, firstChainBreak, GENESIS_HASH } from './event-chain.ts';
import { anEvent, type ConformanceContext, someEvents, uniquePrefix } from './event-store.conformance.fixtures.ts';

/** The hash chain: every stored event's hash links to the previous event of its stream. */
export function chainConformance(context: () => ConformanceContext): void {
  it('chains each event to the previous one of its stream, across appends of any expectation', async () => {
    const { store } = context();
    const prefix = uniquePrefix();
    const a = `${prefix}-a`;
    const b = `${prefix}-b`;
    await store.append(a, someEvents(3), 'no-stream');
    await store.append(b, someEvents(2), 'any');
    await store.append(a, someEvents(2), 3);
    await store.append(a, [anEvent('Noted', { note: 'größe «L» 🚚', nested: { n: 0.5 } })], 'any');
    await store.append(b, someEvents(1), 'stream-exists');

    const streamA = await store.readStream(a);
    const streamB = await store.readStream(b);
    expect(streamA.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(firstChainBreak(streamA)).toBeUndefined();
    expect(firstChainBreak(streamB)).toBeUndefined();
    expect(streamA[0]!.hash).toBe(eventChainHash(GENESIS_HASH, chainedFieldsOf(streamA[0]!)));
    expect(streamA[1]!.hash).toBe(eventChainHash(streamA[0]!.hash!, chainedFieldsOf(streamA[1]!)));
    // The same events read from the whole log carry the same hashes.
    const fromAll = (await store.readAll({ streamPrefixes: [prefix] })).filter((e) => e.streamId === a);
    expect(fromAll.map((e) => e.hash)).toEqual(streamA.map((e) => e.hash));
  });

  it('gives a retried append its first hashes back and does not extend the chain', async () => {
    const { store } = context();
    const streamId = `${uniquePrefix()}-1`;
    const events = someEvents(2);
    const first = await store.append(streamId, events, 'no-stream');
    const retry = await store.append(streamId, events, 'no-stream');
    expect(retry.duplicate).toBe(true);
    expect(retry.events.map((e) => e.hash)).toEqual(first.events.map((e) => e.hash));
    expect(firstChainBreak(await store.readStream(streamId))).toBeUndefined();
  });

  it('names the event whose content no longer matches its hash', async () => {
    const { store } = context();
    const streamId = `${uniquePrefix()}-1`;
    await store.append(streamId, someEvents(3), 'no-stream');
    const stored = await store.readStream(streamId);
    const altered = stored.map((e) => (e.revision === 2 ? { ...e, data: { index: 99 } } : e));
    expect(firstChainBreak(altered)).toEqual({
      streamId,
      revision: 2,
      position: stored[1]!.position,
      eventId: stored[1]!.eventId,
      expected: eventChainHash(stored[0]!.hash!, chainedFieldsOf(altered[1]!)),
      found: stored[1]!.hash,
    });
  });
}
