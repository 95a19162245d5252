import { describe, expect, it } from 'vitest';
import { ActorRegistry } from './actor-registry.ts';

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

class Probe {
  stopped = false;
  stop(): void {
    this.stopped = true;
  }
}

function registry(maxLive: number, idleTimeoutMs = 1_000) {
  const clock = { now: 0 };
  const actors = new ActorRegistry<Probe>({ maxLive, idleTimeoutMs, mailboxCapacity: 10, now: () => clock.now });
  const load = (entityId: string): Probe => {
    const entry = actors.acquire(entityId);
    entry.aggregate ??= new Probe();
    return entry.aggregate;
  };
  return { actors, clock, load };
}

describe('ActorRegistry', () => {
  it('passivates the least recently used entities beyond the bound and stops them', () => {
    const { actors, load } = registry(2);
    const a = load('a');
    const b = load('b');
    load('a');
    const c = load('c');
    expect(actors.enforceBound()).toBe(1);
    expect(actors.size).toBe(2);
    expect([a.stopped, b.stopped, c.stopped]).toEqual([false, true, false]);
    expect(actors.acquire('b').aggregate).toBeUndefined();
  });

  it('never passivates an entity with queued work, even over the bound', async () => {
    const { actors, load } = registry(1);
    const a = load('a');
    const blocker = gate();
    const busy = actors.acquire('a').mailbox.post(() => blocker.promise);
    const b = load('b');
    const c = load('c');
    expect(actors.enforceBound()).toBe(2);
    expect([a.stopped, b.stopped, c.stopped]).toEqual([false, true, true]);
    expect(actors.size).toBe(1);
    blocker.open();
    await busy;
    const d = load('d');
    expect(actors.enforceBound()).toBe(1);
    expect([a.stopped, d.stopped]).toEqual([true, false]);
    expect(actors.size).toBe(1);
  });

  it('passivates entities idle for longer than the timeout, unless busy', async () => {
    const { actors, clock, load } = registry(10, 1_000);
    const a = load('a');
    clock.now = 500;
    const b = load('b');
    clock.now = 1_000;
    expect(actors.passivateIdle()).toBe(0);
    clock.now = 1_001;
    expect(actors.passivateIdle()).toBe(1);
    expect([a.stopped, b.stopped]).toEqual([true, false]);
    const blocker = gate();
    const busy = actors.acquire('b').mailbox.post(() => blocker.promise);
    clock.now = 10_000;
    expect(actors.passivateIdle()).toBe(0);
    blocker.open();
    await busy;
    expect(actors.passivateIdle()).toBe(1);
    expect(b.stopped).toBe(true);
  });

  it('stops every entity on clear', () => {
    const { actors, load } = registry(10);
    const probes = ['a', 'b', 'c'].map(load);
    actors.clear();
    expect(probes.every((probe) => probe.stopped)).toBe(true);
    expect(actors.size).toBe(0);
  });
});
