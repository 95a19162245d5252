import { StoreOverloadedError } from '@ordinal/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../event-store/sqlite-event-store.ts';
import { ActorHost } from './actor-host.ts';
import { type CounterCommand, counterDecider, envelope } from './counter.fixture.ts';
import { HostOverloadedError, MailboxFullError } from './host.errors.ts';
import { decorate, gate, hostTestBed } from './temp-store.fixture.ts';

const inc = (counterId: string): CounterCommand => ({ type: 'Increment', counterId, by: 1 });
const revisionOf = async (outcome: Promise<unknown>) => ((await outcome) as { revision: number }).revision;
/** Whole seconds between 1 and 30, as the host promises. */
const aRetryAfter = () =>
  expect.toSatisfy((ms: number) => Number.isInteger(ms / 1_000) && ms >= 1_000 && ms <= 30_000, 'a retry-after');

describe('ActorHost back-pressure', () => {
  const bed = hostTestBed();
  const { decider } = counterDecider();
  const opened: SqliteEventStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  /** A host whose appends all wait for the gate. */
  const heldHost = (options: { maxPendingCommands?: number; mailboxCapacity?: number }) => {
    const blocker = gate();
    const store = decorate(bed.store, { beforeAppend: () => blocker.promise });
    return { host: bed.track(new ActorHost({ store, decider, ...options })), release: blocker.open };
  };

  it('refuses work beyond maxPendingCommands across entities at once, queuing and writing nothing', async () => {
    const { host, release } = heldHost({ maxPendingCommands: 3 });
    const held = [host.execute(envelope(inc('a'))), host.execute(envelope(inc('a'))), host.execute(envelope(inc('b')))];
    // Settles while the three ahead are still held: the caller hears no at once.
    const refused = host.execute(envelope(inc('c')));
    await expect(refused).rejects.toBeInstanceOf(HostOverloadedError);
    await expect(refused).rejects.toMatchObject({
      code: 'host.overloaded',
      pending: 3,
      limit: 3,
      retryAfterMs: aRetryAfter(),
    });
    await expect(host.load('c')).rejects.toMatchObject({ code: 'host.overloaded' });
    expect(host.stats()).toMatchObject({ liveActors: 2, queuedCommands: 3 });
    release();
    expect(await Promise.all(held.map(revisionOf))).toEqual([1, 2, 1]);
    expect(await bed.store.streamRevision('counter-c')).toBe(0);
    // Room again once the work ahead was answered.
    expect(await revisionOf(host.execute(envelope(inc('c'))))).toBe(1);
    expect(host.stats()).toMatchObject({ queuedCommands: 0, executed: 4 });
  });

  it('tells the caller of a full mailbox when to come back', async () => {
    const { host, release } = heldHost({ mailboxCapacity: 1 });
    const first = host.execute(envelope(inc('a')));
    const refused = host.execute(envelope(inc('a')));
    await expect(refused).rejects.toBeInstanceOf(MailboxFullError);
    await expect(refused).rejects.toMatchObject({ entityId: 'a', capacity: 1, retryAfterMs: aRetryAfter() });
    release();
    expect(await revisionOf(first)).toBe(1);
    expect(await bed.store.streamRevision('counter-a')).toBe(1);
  });

  it('passes a refused append on to the caller and keeps serving the entity', async () => {
    const store = SqliteEventStore.open({ file: bed.temp.file, synchronous: 'NORMAL', maxQueuedAppends: 1 });
    opened.push(store);
    const blocker = gate();
    const host = bed.track(new ActorHost({ store: decorate(store, { beforeAppend: () => blocker.promise }), decider }));
    const first = host.execute(envelope(inc('a')));
    const second = host.execute(envelope(inc('b')));
    // Both appends are made in the same turn once released: the queue takes one of them.
    await new Promise((resolve) => setImmediate(resolve));
    blocker.open();
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { status: 'accepted', revision: 1 } });
    expect(b).toMatchObject({ status: 'rejected', reason: { code: 'store.overloaded' } });
    expect(b?.status === 'rejected' && b.reason).toBeInstanceOf(StoreOverloadedError);
    expect(await store.streamRevision('counter-b')).toBe(0);
    expect(await revisionOf(host.execute(envelope(inc('b'))))).toBe(1);
    expect(await revisionOf(host.execute(envelope(inc('b'))))).toBe(2);
  });

  it('refuses a limit that makes no sense', () => {
    expect(() => new ActorHost({ store: bed.store, decider, maxPendingCommands: 0 })).toThrow(RangeError);
  });
});
