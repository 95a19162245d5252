import type { RecordedEvent } from '@ordinal/domain';
import { expect, it } from 'vitest';
import {
  type ConformanceContext,
  expectIncreasingPositions,
  iteratorOf,
  someEvents,
  take,
  uniquePrefix,
  withDeadline,
} from './event-store.conformance.fixtures.ts';

/** Subscriptions to the whole log: catch-up, live, start position, closing. */
export function subscriptionConformance(context: () => ConformanceContext): void {
  it('catches up, then follows live appends without gap or duplicate while appends race it', async () => {
    const { store } = context();
    const prefix = uniquePrefix();
    const start = await store.headPosition();
    // 600 stored events: more than one page for an adapter that catches up in pages.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => store.append(`${prefix}-${i}`, someEvents(50), 'no-stream')),
    );
    const subscription = store.subscribeAll({ afterPosition: start, streamPrefixes: [prefix] });
    const iterator = iteratorOf(subscription);
    const racing = (async () => {
      for (let round = 0; round < 20; round += 1) {
        await Promise.all([0, 5, 11].map((i) => store.append(`${prefix}-${i}`, someEvents(2), 'stream-exists')));
      }
    })();
    const received = await take(iterator, 600 + 20 * 3 * 2);
    await racing;
    expect(received).toEqual(await store.readAll({ afterPosition: start, streamPrefixes: [prefix] }));
    expectIncreasingPositions(received);

    const live = store.append(`${prefix}-live`, someEvents(1), 'no-stream');
    const [next] = await take(iterator, 1);
    expect(next).toEqual((await live).events[0]);
    await subscription.close();
  });

  it('starts strictly after the given position', async () => {
    const { store } = context();
    const prefix = uniquePrefix();
    const { events } = await store.append(`${prefix}-1`, someEvents(5), 'no-stream');
    const filtered = store.subscribeAll({ afterPosition: events[1]!.position, streamPrefixes: [prefix] });
    expect(await take(iteratorOf(filtered), 3)).toEqual(events.slice(2));
    await filtered.close();

    // Unfiltered, on a shared log other writers' events may sit among ours: keep only ours.
    const everything = store.subscribeAll({ afterPosition: events[2]!.position });
    const ours: RecordedEvent[] = [];
    const iterator = iteratorOf(everything);
    const pull = async () => {
      while (ours.length < 2) {
        const next = await iterator.next();
        if (next.done) break;
        if (next.value.streamId.startsWith(prefix)) ours.push(next.value);
      }
    };
    await withDeadline(pull(), () => `saw ${ours.length} of 2 events`);
    expect(ours).toEqual(events.slice(3));
    await everything.close();
  });

  it('ends the iterator when the subscription is closed, even while it waits', async () => {
    const { store } = context();
    const prefix = uniquePrefix();
    const subscription = store.subscribeAll({ afterPosition: await store.headPosition(), streamPrefixes: [prefix] });
    const iterator = iteratorOf(subscription);
    const waiting = iterator.next();
    await subscription.close();
    expect(await withDeadline(waiting, () => 'the iterator did not end')).toMatchObject({ done: true });
    await store.append(`${prefix}-1`, someEvents(1), 'no-stream');
    expect(await withDeadline(iterator.next(), () => 'the iterator did not stay ended')).toMatchObject({ done: true });
  });

  it('stops cleanly when a for-await loop breaks, leaving other subscriptions running', async () => {
    const { store } = context();
    const prefix = uniquePrefix();
    const start = await store.headPosition();
    const { events } = await store.append(`${prefix}-1`, someEvents(3), 'no-stream');
    const other = store.subscribeAll({ afterPosition: start, streamPrefixes: [prefix] });
    const seen: RecordedEvent[] = [];
    const loop = async () => {
      for await (const event of store.subscribeAll({ afterPosition: start, streamPrefixes: [prefix] })) {
        seen.push(event);
        if (seen.length === 2) break;
      }
    };
    await withDeadline(loop(), () => `the loop saw ${seen.length} events and did not end`);
    expect(seen).toEqual(events.slice(0, 2));
    const more = await store.append(`${prefix}-1`, someEvents(1), 3);
    expect(await take(iteratorOf(other), 4)).toEqual([...events, ...more.events]);
    await other.close();
  });
}
