import { DuplicateEventIdError, StoreOverloadedError, WrongExpectedRevisionError } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  anEvent,
  iteratorOf,
  rejectionOf,
  someEvents,
  take,
  withDeadline,
} from './event-store.conformance.fixtures.ts';
import { eventStoreConformance } from './event-store.conformance.ts';
import { EventStoreClosedError } from './sqlite-event-store.ts';
import { type TempStoreDir, tempStoreDir } from './temp-dir.fixture.ts';

eventStoreConformance('SqliteEventStore', async () => {
  const dir = await tempStoreDir();
  return { store: dir.open(), reopen: async () => dir.open(), cleanup: () => dir.remove() };
});

describe('SqliteEventStore', () => {
  let dir: TempStoreDir;
  beforeEach(async () => {
    dir = await tempStoreDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('runs in WAL mode, synchronous FULL by default and NORMAL on request, with a busy timeout', () => {
    expect(dir.open().pragmas()).toEqual({ journalMode: 'wal', synchronous: 2, busyTimeoutMs: 5000 });
    expect(dir.open({ synchronous: 'NORMAL', busyTimeoutMs: 250 }).pragmas()).toEqual({
      journalMode: 'wal',
      synchronous: 1,
      busyTimeoutMs: 250,
    });
  });

  it('commits appends that arrive together in far fewer transactions than appends', async () => {
    const store = dir.open();
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.append(`order-${i}`, someEvents(1), 'no-stream')));
    const grouped = store.stats();
    expect(grouped).toMatchObject({ appends: 200, events: 200 });
    expect(grouped.transactions).toBeLessThanOrEqual(5);
    for (let i = 0; i < 3; i += 1) await store.append('order-0', someEvents(2), 'any');
    expect(store.stats()).toMatchObject({ transactions: grouped.transactions + 3, appends: 203, events: 206 });
  });

  it('applies appends to one stream in arrival order and fails only the append that is wrong', async () => {
    const store = dir.open();
    const reused = anEvent();
    await store.append('order-other', [reused], 'no-stream');
    const before = store.stats().transactions;
    const outcomes = await Promise.allSettled([
      store.append('order-1', someEvents(1), 'no-stream'),
      store.append('order-1', someEvents(2), 1),
      store.append('order-1', someEvents(1), 1),
      store.append('order-1', [anEvent(), reused], 'any'),
      store.append('order-1', someEvents(1), 3),
    ]);
    expect(store.stats().transactions).toBe(before + 1);
    const [first, second, stale, duplicate, last] = outcomes;
    expect(first).toMatchObject({ status: 'fulfilled', value: { revision: 1 } });
    expect(second).toMatchObject({ status: 'fulfilled', value: { revision: 3 } });
    expect(stale).toMatchObject({ status: 'rejected', reason: { expected: 1, actual: 3 } });
    expect(stale?.status === 'rejected' && stale.reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(duplicate?.status === 'rejected' && duplicate.reason).toBeInstanceOf(DuplicateEventIdError);
    expect(last).toMatchObject({ status: 'fulfilled', value: { revision: 4 } });
    expect((await store.readStream('order-1')).map((event) => event.revision)).toEqual([1, 2, 3, 4]);
  });

  it('refuses appends beyond maxQueuedAppends at once and writes nothing of them', async () => {
    const store = dir.open({ maxQueuedAppends: 3 });
    const queued = [0, 1, 2].map((i) => store.append(`order-${i}`, someEvents(1), 'no-stream'));
    let refusedEarly: unknown;
    const refused = store.append('order-3', someEvents(2), 'no-stream').catch((error: unknown) => {
      refusedEarly = error;
    });
    await Promise.resolve();
    // Refused before the batch ahead of it committed: the caller does not wait to hear no.
    expect(store.stats().transactions).toBe(0);
    expect(refusedEarly).toBeInstanceOf(StoreOverloadedError);
    expect(refusedEarly).toMatchObject({ code: 'store.overloaded', queued: 3, limit: 3, retryAfterMs: 1_000 });
    await refused;
    expect((await Promise.all(queued)).map((result) => result.revision)).toEqual([1, 1, 1]);
    expect(await store.streamRevision('order-3')).toBe(0);
    expect(await store.readAll()).toHaveLength(3);
    // The bound is on what waits, not on what was ever written: the queue is free again.
    expect(await store.append('order-3', someEvents(2), 'no-stream')).toMatchObject({ revision: 2 });
    expect(() => dir.open({ maxQueuedAppends: 0 })).toThrow(RangeError);
  });

  it('checks the expected revision of an empty append too', async () => {
    const store = dir.open();
    await store.append('order-1', someEvents(1), 'no-stream');
    expect(await rejectionOf(store.append('order-1', [], 'no-stream'))).toMatchObject({ actual: 1 });
    expect(await store.append('order-1', [], 1)).toMatchObject({ revision: 1, events: [], duplicate: false });
  });

  it('refuses data that is not JSON without failing the rest of the batch', async () => {
    const store = dir.open();
    const [bad, good] = await Promise.allSettled([
      store.append('order-1', [anEvent('Bad', { amount: 10n })], 'any'),
      store.append('order-2', someEvents(1), 'any'),
    ]);
    expect(bad?.status).toBe('rejected');
    expect(good?.status).toBe('fulfilled');
    expect(await store.streamRevision('order-1')).toBe(0);
  });

  it('answers a retry of a committed append whose caller never saw the answer', async () => {
    const store = dir.open();
    const events = someEvents(3);
    const lost = store.append('order-1', events, 'no-stream');
    const sameBatch = store.append('order-1', events, 'no-stream');
    const original = await lost;
    expect(await sameBatch).toEqual({ ...original, duplicate: true });
    await store.close();

    const reopened = dir.open();
    const head = await reopened.headPosition();
    expect(await reopened.append('order-1', events, 'no-stream')).toEqual({ ...original, duplicate: true });
    expect(await reopened.append('order-1', events, 7)).toEqual({ ...original, duplicate: true });
    const prefix = await reopened.append('order-1', events.slice(0, 2), 'any');
    expect(prefix).toMatchObject({ revision: 2, duplicate: true, events: original.events.slice(0, 2) });
    expect(await reopened.headPosition()).toBe(head);
    expect(reopened.stats().events).toBe(0);
  });

  it('commits queued appends when closed and refuses work afterwards', async () => {
    const store = dir.open({ clock: () => new Date('2030-01-01T00:00:00.000Z') });
    const queued = store.append('order-1', someEvents(2), 'no-stream');
    await store.close();
    expect((await queued).events.map((event) => event.recordedAt)).toEqual([
      '2030-01-01T00:00:00.000Z',
      '2030-01-01T00:00:00.000Z',
    ]);
    expect(await rejectionOf(store.append('order-1', someEvents(1), 2))).toBeInstanceOf(EventStoreClosedError);
    expect(await rejectionOf(store.readStream('order-1'))).toMatchObject({ code: 'store.closed' });
    expect(await dir.open().streamRevision('order-1')).toBe(2);
  });

  it('ends waiting subscriptions when the store closes and forgets subscriptions that end', async () => {
    const store = dir.open();
    const broken = store.subscribeAll();
    await store.append('order-1', someEvents(1), 'no-stream');
    for await (const _ of broken) break;
    const waiting = iteratorOf(store.subscribeAll({ afterPosition: await store.headPosition() }));
    const next = waiting.next();
    expect(store.stats().subscriptions).toBe(1);
    await store.close();
    expect(await withDeadline(next, () => 'the subscription did not end')).toMatchObject({ done: true });
    expect(store.stats().subscriptions).toBe(0);
  });

  it('skips long runs of unmatched events when a filtered subscription catches up', async () => {
    const store = dir.open();
    const wanted = [];
    for (let round = 0; round < 3; round += 1) {
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(`order-${i}`, someEvents(30), 'any')));
      wanted.push(...(await store.append('inventory-sku', someEvents(1), 'any')).events);
    }
    const iterator = iteratorOf(store.subscribeAll({ streamPrefixes: ['inventory-'] }));
    expect(await take(iterator, 3)).toEqual(wanted);
    const live = store.append('inventory-sku', someEvents(1), 3);
    await store.append('order-1', someEvents(600), 'any');
    expect(await take(iterator, 1)).toEqual((await live).events);
  });
});
