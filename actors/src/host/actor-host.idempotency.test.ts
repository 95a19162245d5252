import type { CommandOutcome, EventStore } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { ActorHost } from './actor-host.ts';
import {
  type CounterCommand,
  type CounterEvent,
  type CounterState,
  counterDecider,
  envelope,
} from './counter.fixture.ts';
import { decorate, hostTestBed } from './temp-store.fixture.ts';

type Host = ActorHost<CounterCommand, CounterEvent, CounterState>;
const inc = (counterId: string, by = 1, times = 1): CounterCommand => ({ type: 'Increment', counterId, by, times });
const accepted = (outcome: CommandOutcome) => {
  if (outcome.status !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`);
  return outcome;
};

describe('ActorHost idempotency', () => {
  const bed = hostTestBed();
  const { decider } = counterDecider({ spawn: true });
  const makeHost = (on: EventStore = bed.store): Host => {
    const host = new ActorHost({ store: on, decider });
    return bed.track(host);
  };

  it('answers a retried command with its original outcome and writes nothing', async () => {
    const host = makeHost();
    const retried = envelope(inc('c1', 2, 3));
    const first = accepted(await host.execute(retried));
    await host.execute(envelope(inc('c1')));
    const again = await host.execute({ ...retried, metadata: { ...retried.metadata, correlationId: 'other' } });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await bed.store.streamRevision('c1')).toBe(0);
    expect(await bed.store.streamRevision('counter-c1')).toBe(4);
    expect((await host.load('c1')).state.total).toBe(7);
  });

  it('refuses the same command id with another body', async () => {
    const host = makeHost();
    const original = envelope(inc('c1', 2));
    await host.execute(original);
    const other = await host.execute({ command: inc('c1', 3), metadata: original.metadata });
    expect(other).toMatchObject({
      status: 'rejected',
      rejection: { code: 'command.idempotency-conflict', details: { commandId: original.metadata.commandId } },
      revision: 1,
    });
    expect(await bed.store.streamRevision('counter-c1')).toBe(1);
    expect(host.stats()).toMatchObject({ executed: 2, rejections: 1 });
  });

  it('answers the original outcome when a first answer was lost and another host gets the retry', async () => {
    const first = makeHost();
    const command = envelope(inc('c1', 5, 2));
    const original = accepted(await first.execute(command));
    const second = makeHost(await bed.temp.open());
    expect(await second.execute(command)).toEqual({ ...original, duplicate: true });
    expect(await bed.store.streamRevision('counter-c1')).toBe(2);
  });

  it('answers the original outcome when a stale host appends a command that is already stored', async () => {
    const stale = makeHost(await bed.temp.open());
    await stale.load('c1');
    const command = envelope(inc('c1', 5, 2));
    const original = accepted(await makeHost().execute(command));
    // The stale host decides on revision 0; the bed.store recognises the event ids and returns the first append.
    expect(await stale.execute(command)).toEqual({ ...original, duplicate: true });
    expect(stale.stats().conflicts).toBe(0);
    expect(accepted(await stale.execute(envelope(inc('c1')))).events[0]?.data).toEqual({ by: 1, total: 11 });
  });

  it('refuses a stale host the same command id with another body', async () => {
    const stale = makeHost(await bed.temp.open());
    await stale.load('c1');
    const command = envelope(inc('c1', 5, 2));
    await makeHost().execute(command);
    const other = await stale.execute({ command: inc('c1', 5, 1), metadata: command.metadata });
    expect(other).toMatchObject({
      status: 'rejected',
      rejection: { code: 'command.idempotency-conflict' },
      revision: 2,
    });
    expect(await bed.store.streamRevision('counter-c1')).toBe(2);
  });

  it('answers the whole original outcome when a stale decision makes fewer events', async () => {
    const stale = makeHost(await bed.temp.open());
    await stale.load('c1');
    const writer = makeHost();
    await writer.execute(envelope({ type: 'SetLimit', counterId: 'c1', limit: 10 }));
    const command = envelope({ type: 'Close', counterId: 'c1' });
    const original = accepted(await writer.execute(command));
    expect(original.events.map((event) => event.type)).toEqual(['Closed', 'LimitCleared']);
    // Decided without the limit, the retry makes one event: the bed.store knows it, but not the second.
    expect(await stale.execute(command)).toEqual({ ...original, duplicate: true });
  });

  it('answers the original outcome when a stale decision makes more events', async () => {
    const writer = makeHost();
    await writer.execute(envelope({ type: 'SetLimit', counterId: 'c1', limit: 10 }));
    const stale = makeHost(await bed.temp.open());
    await stale.load('c1');
    await writer.execute(envelope({ type: 'Close', counterId: 'c1' }));
    await writer.execute(envelope({ type: 'Reopen', counterId: 'c1' }));
    const command = envelope({ type: 'Close', counterId: 'c1' });
    const original = accepted(await writer.execute(command));
    expect(original.events.map((event) => event.type)).toEqual(['Closed']);
    // Decided with the old limit, the retry makes two events; only the first id is stored.
    expect(await stale.execute(command)).toEqual({ ...original, duplicate: true });
    expect(await bed.store.streamRevision('counter-c1')).toBe(5);
  });

  it('refuses a command id already used for another entity', async () => {
    const host = makeHost();
    const command = envelope(inc('a'));
    await host.execute(command);
    const reused = await host.execute({ command: inc('b'), metadata: command.metadata });
    expect(reused).toMatchObject({
      status: 'rejected',
      rejection: { code: 'command.idempotency-conflict' },
      revision: 0,
    });
    expect(await bed.store.streamRevision('counter-b')).toBe(0);
  });

  it('re-reads the original events from the store, whatever the live state holds', async () => {
    let reads = 0;
    const host = makeHost(
      decorate(bed.store, {
        beforeRead() {
          reads += 1;
        },
      }),
    );
    const command = envelope(inc('c1'));
    await host.execute(command);
    const before = reads;
    expect(accepted(await host.execute(command)).duplicate).toBe(true);
    expect(reads).toBe(before + 1);
  });
});
