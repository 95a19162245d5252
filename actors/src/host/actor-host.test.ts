import type { CommandOutcome, RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { ActorHost } from './actor-host.ts';
import { commandHash, eventIdFor } from './command-ids.ts';
import {
  type CounterCommand,
  type CounterEvent,
  type CounterState,
  counterDecider,
  envelope,
} from './counter.fixture.ts';
import { HostClosedError, MailboxFullError } from './host.errors.ts';
import type { ActorHostOptions } from './host.options.ts';
import { decorate, gate, hostTestBed } from './temp-store.fixture.ts';

type Options = Partial<ActorHostOptions<CounterCommand, CounterEvent, CounterState>>;
const inc = (counterId: string, by = 1): CounterCommand => ({ type: 'Increment', counterId, by });
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const accepted = (outcome: CommandOutcome) => {
  if (outcome.status !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`);
  return outcome;
};

describe.each([
  ['evolve', false],
  ['spawn', true],
])('ActorHost folding with %s', (_, spawn) => {
  const bed = hostTestBed();
  const { decider, counts } = counterDecider({ spawn });
  const makeHost = (options: Options = {}) => {
    const host = new ActorHost({ store: bed.store, decider, ...options });
    return bed.track(host);
  };

  it('runs concurrent commands to one entity one at a time, in order, without conflicts', async () => {
    const host = makeHost();
    const outcomes = await Promise.all(range(1, 100).map(() => host.execute(envelope(inc('c1')))));
    expect(outcomes.map((outcome) => accepted(outcome).revision)).toEqual(range(1, 100));
    expect(host.stats()).toEqual({ liveActors: 1, queuedCommands: 0, executed: 100, conflicts: 0, rejections: 0 });
    const stream = await bed.store.readStream('counter-c1');
    expect(stream.map((event) => event.revision)).toEqual(range(1, 100));
    expect(stream.map((event) => (event.data as { total: number }).total)).toEqual(range(1, 100));
    expect(await host.load('c1')).toEqual({
      state: { total: 100, increments: 100, limit: null, closed: false },
      revision: 100,
    });
  });

  it('runs commands to different entities concurrently', async () => {
    const blocker = gate();
    const aAppending = gate();
    const appends: string[] = [];
    const host = makeHost({
      store: decorate(bed.store, {
        async beforeAppend(streamId) {
          appends.push(streamId);
          if (streamId !== 'counter-a') return;
          aAppending.open();
          await blocker.promise;
        },
      }),
    });
    const a1 = host.execute(envelope(inc('a')));
    const a2 = host.execute(envelope(inc('a')));
    await aAppending.promise;
    // Would never settle if the host ran one command at a time overall.
    expect(accepted(await host.execute(envelope(inc('b')))).revision).toBe(1);
    expect(appends).toEqual(['counter-a', 'counter-b']);
    expect(host.stats().queuedCommands).toBe(2);
    blocker.open();
    expect([accepted(await a1).revision, accepted(await a2).revision]).toEqual([1, 2]);
    expect(appends).toEqual(['counter-a', 'counter-b', 'counter-a']);
  });

  it('answers a rejection as a value and writes nothing', async () => {
    const host = makeHost();
    expect(await host.execute(envelope(inc('c1', 0)))).toMatchObject({
      status: 'rejected',
      rejection: { kind: 'rejection', code: 'counter.invalid-amount' },
      revision: 0,
    });
    await host.execute(envelope({ type: 'Close', counterId: 'c1' }));
    expect(await host.execute(envelope(inc('c1')))).toEqual({
      status: 'rejected',
      rejection: {
        kind: 'rejection',
        code: 'counter.closed',
        message: 'the counter is closed',
        details: { closed: true, allowedCommands: ['Reopen'] },
      },
      revision: 1,
    });
    expect(await bed.store.streamRevision('counter-c1')).toBe(1);
    expect(host.stats()).toMatchObject({ executed: 3, rejections: 2 });
  });

  it('refuses a command when the mailbox is full, without queuing it', async () => {
    const blocker = gate();
    const host = makeHost({
      mailboxCapacity: 2,
      store: decorate(bed.store, {
        beforeAppend: (streamId) => (streamId === 'counter-c1' ? blocker.promise : undefined),
      }),
    });
    const first = host.execute(envelope(inc('c1')));
    const second = host.execute(envelope(inc('c1')));
    const third = host.execute(envelope(inc('c1')));
    await expect(third).rejects.toBeInstanceOf(MailboxFullError);
    await expect(third).rejects.toMatchObject({ code: 'host.mailbox-full', entityId: 'c1', capacity: 2 });
    expect(accepted(await host.execute(envelope(inc('other')))).revision).toBe(1);
    blocker.open();
    expect([accepted(await first).revision, accepted(await second).revision]).toEqual([1, 2]);
    expect(await bed.store.streamRevision('counter-c1')).toBe(2);
  });

  it('writes deterministic event ids and the metadata of the command', async () => {
    const host = makeHost({
      clock: () => new Date('2024-05-01T10:00:00.000Z'),
      schemaVersionOf: (type) => (type === 'LimitSet' ? 2 : 1),
    });
    const actor = { kind: 'user', id: 'u1', role: 'ops' } as const;
    const first = envelope(
      { type: 'Increment', counterId: 'c1', by: 2, times: 2 },
      { commandId: 'cmd-1', correlationId: 'corr-1', channel: 'webshop', actor },
    );
    const outcome = accepted(await host.execute(first));
    const metadata = {
      schemaVersion: 1,
      occurredAt: '2024-05-01T10:00:00.000Z',
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      actor,
      channel: 'webshop',
      commandId: 'cmd-1',
      commandHash: commandHash(first.command),
    };
    expect(outcome).toEqual({
      status: 'accepted',
      streamId: 'counter-c1',
      revision: 2,
      duplicate: false,
      events: [0, 1].map((i) => ({
        eventId: eventIdFor('cmd-1', i),
        type: 'Incremented',
        data: { by: 2, total: 2 * (i + 1) },
        metadata,
        streamId: 'counter-c1',
        revision: i + 1,
        position: expect.any(Number),
        recordedAt: expect.any(String),
        hash: expect.any(String),
      })),
    });
    expect(await bed.store.readStream('counter-c1')).toEqual(outcome.events);

    const second = envelope(
      { type: 'SetLimit', counterId: 'c1', limit: 10 },
      { commandId: 'cmd-2', causationId: 'event-9', occurredAt: '2024-04-30T08:00:00.000Z' },
    );
    const [limitSet] = accepted(await host.execute(second)).events;
    expect(limitSet?.metadata).toEqual({
      schemaVersion: 2,
      occurredAt: '2024-04-30T08:00:00.000Z',
      correlationId: second.metadata.correlationId,
      causationId: 'event-9',
      actor: second.metadata.actor,
      commandId: 'cmd-2',
      commandHash: commandHash(second.command),
    });
  });

  it('tells onCommitted of each commit, not of rejections, and survives a throwing listener', async () => {
    const committed: (readonly RecordedEvent[])[] = [];
    const host = makeHost({
      onCommitted(events) {
        committed.push(events);
        throw new Error('listener failure');
      },
    });
    const first = accepted(await host.execute(envelope({ type: 'Increment', counterId: 'c1', by: 1, times: 2 })));
    await host.execute(envelope(inc('c1', -1)));
    expect(committed).toEqual([first.events]);
    expect(accepted(await host.execute(envelope(inc('c1')))).revision).toBe(3);
  });

  it('drops the live state after a store failure and rehydrates on the next command', async () => {
    let failNext = false;
    const host = makeHost({
      store: decorate(bed.store, {
        beforeAppend() {
          if (!failNext) return;
          failNext = false;
          throw new Error('disk on fire');
        },
      }),
    });
    await host.execute(envelope(inc('c1', 5)));
    failNext = true;
    await expect(host.execute(envelope(inc('c1')))).rejects.toThrow('disk on fire');
    expect(accepted(await host.execute(envelope(inc('c1', 2)))).events[0]?.data).toEqual({ by: 2, total: 7 });
  });

  it('loads the current state, including what another connection appended', async () => {
    const host = makeHost();
    expect(await host.load('c1')).toEqual({ state: decider.initialState(), revision: 0 });
    await host.execute(envelope(inc('c1', 3)));
    const other = bed.track(new ActorHost({ store: await bed.temp.open(), decider }));
    await other.execute(envelope({ type: 'Close', counterId: 'c1' }));
    expect(await host.load('c1')).toEqual({
      state: { total: 3, increments: 1, limit: null, closed: true },
      revision: 2,
    });
  });

  it('finishes queued work on close, then refuses commands and stops its actors', async () => {
    const blocker = gate();
    const host = makeHost({ store: decorate(bed.store, { beforeAppend: () => blocker.promise }) });
    const spawnedBefore = counts.spawned - counts.stopped;
    const queued = [
      host.execute(envelope(inc('a'))),
      host.execute(envelope(inc('a'))),
      host.execute(envelope(inc('b'))),
    ];
    const closing = host.close();
    await expect(host.execute(envelope(inc('a')))).rejects.toBeInstanceOf(HostClosedError);
    await expect(host.load('a')).rejects.toMatchObject({ code: 'host.closed' });
    blocker.open();
    await closing;
    expect((await Promise.all(queued)).map((outcome) => accepted(outcome).revision)).toEqual([1, 2, 1]);
    expect(host.stats()).toMatchObject({ liveActors: 0, queuedCommands: 0, executed: 3 });
    expect(counts.spawned - counts.stopped).toBe(spawnedBefore);
  });

  it('refuses limits that make no sense', () => {
    expect(() => new ActorHost({ store: bed.store, decider, mailboxCapacity: 0 })).toThrow(RangeError);
    expect(() => new ActorHost({ store: bed.store, decider, maxConflictRetries: -1 })).toThrow(RangeError);
    expect(() => new ActorHost({ store: bed.store, decider, maxLiveActors: 1.5 })).toThrow(RangeError);
    expect(() => new ActorHost({ store: bed.store, decider, idleTimeoutMs: 0 })).toThrow(RangeError);
  });
});
