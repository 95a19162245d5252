import type { CommandOutcome } from '@ordinal/domain';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ActorHost } from './actor-host.ts';
import {
  type CounterCommand,
  type CounterEvent,
  type CounterState,
  counterDecider,
  envelope,
} from './counter.fixture.ts';
import type { ActorHostOptions } from './host.options.ts';
import { decorate, gate, hostTestBed } from './temp-store.fixture.ts';

type Options = Partial<ActorHostOptions<CounterCommand, CounterEvent, CounterState>>;
const inc = (counterId: string, by = 1): CounterCommand => ({ type: 'Increment', counterId, by });
const revisionOf = (outcome: CommandOutcome): number => outcome.revision;

describe('ActorHost passivation', () => {
  const bed = hostTestBed();
  let spawned = counterDecider({ spawn: true });
  const makeHost = (options: Options = {}) => {
    const host = new ActorHost({ store: bed.store, decider: spawned.decider, ...options });
    return bed.track(host);
  };

  beforeEach(() => {
    spawned = counterDecider({ spawn: true });
  });

  it('passivates entities idle longer than the timeout and rehydrates them to the same state', async () => {
    const now = { ms: Date.parse('2024-05-01T10:00:00.000Z') };
    const host = makeHost({ idleTimeoutMs: 1_000, clock: () => new Date(now.ms) });
    await host.execute(envelope(inc('a', 3)));
    await host.execute(envelope({ type: 'SetLimit', counterId: 'b', limit: 9 }));
    const before = { a: await host.load('a'), b: await host.load('b') };
    now.ms += 500;
    await host.execute(envelope(inc('b', 4)));
    before.b = await host.load('b');
    now.ms += 600;
    expect(host.passivateIdle()).toBe(1);
    expect(host.stats().liveActors).toBe(1);
    now.ms += 500;
    expect(host.passivateIdle()).toBe(1);
    expect(host.stats().liveActors).toBe(0);
    expect(spawned.counts).toEqual({ spawned: 2, stopped: 2 });
    expect({ a: await host.load('a'), b: await host.load('b') }).toEqual(before);
    expect(spawned.counts.spawned).toBe(4);
    expect(revisionOf(await host.execute(envelope(inc('b', 2))))).toBe(3);
    expect(await host.load('b')).toEqual({ state: { total: 6, increments: 2, limit: 9, closed: false }, revision: 3 });
  });

  it('forgets an entity’s live state after its queued commands, and folds the stream again on next use', async () => {
    const host = makeHost();
    await host.execute(envelope(inc('a', 3)));
    const queued = host.execute(envelope(inc('a', 2)));
    await host.forget('a');
    expect(revisionOf(await queued)).toBe(2);
    expect(spawned.counts).toEqual({ spawned: 1, stopped: 1 });
    expect((await host.load('a')).state.total).toBe(5);
    expect(spawned.counts.spawned).toBe(2);
  });

  it('passivates idle entities on its own timer', async () => {
    const host = makeHost({ idleTimeoutMs: 20 });
    await host.execute(envelope(inc('a')));
    expect(host.stats().liveActors).toBe(1);
    await vi.waitFor(() => expect(host.stats().liveActors).toBe(0), { timeout: 5_000, interval: 10 });
    expect(spawned.counts).toEqual({ spawned: 1, stopped: 1 });
  });

  it('keeps at most maxLiveActors, passivating the least recently used first', async () => {
    const host = makeHost({ maxLiveActors: 3 });
    for (const id of ['a', 'b', 'c']) await host.execute(envelope(inc(id, id.charCodeAt(0))));
    const a = await host.load('a');
    for (const id of ['d', 'e']) await host.execute(envelope(inc(id)));
    expect(host.stats().liveActors).toBe(3);
    // a was used after b and c, so b and c went first.
    expect(spawned.counts).toEqual({ spawned: 5, stopped: 2 });
    await host.load('a');
    expect(spawned.counts.spawned).toBe(5);
    await host.load('b');
    expect(spawned.counts).toEqual({ spawned: 6, stopped: 3 });
    expect(await host.load('a')).toEqual(a);
    expect(await host.load('b')).toEqual({
      state: { total: 98, increments: 1, limit: null, closed: false },
      revision: 1,
    });
  });

  it('never passivates an entity with queued work', async () => {
    const blocker = gate();
    const host = makeHost({
      maxLiveActors: 1,
      store: decorate(bed.store, {
        beforeAppend: (streamId) => (streamId === 'counter-a' ? blocker.promise : undefined),
      }),
    });
    const a1 = host.execute(envelope(inc('a')));
    const a2 = host.execute(envelope(inc('a')));
    for (const id of ['b', 'c', 'd']) await host.execute(envelope(inc(id)));
    expect(host.stats()).toMatchObject({ liveActors: 2, queuedCommands: 2 });
    expect(spawned.counts).toEqual({ spawned: 4, stopped: 2 });
    blocker.open();
    expect([revisionOf(await a1), revisionOf(await a2)]).toEqual([1, 2]);
    expect(spawned.counts.spawned).toBe(4);
    expect((await host.load('a')).state.total).toBe(2);
  });
});
