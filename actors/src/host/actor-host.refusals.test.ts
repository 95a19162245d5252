import { type CommandEnvelope, type CommandOutcome, commandStreamId, type EventStore } from '@ordinal/domain';
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
import { ConcurrencyConflictError } from './host.errors.ts';
import { decorate, gate, hostTestBed } from './temp-store.fixture.ts';

type Host = ActorHost<CounterCommand, CounterEvent, CounterState>;
const inc = (counterId: string, by = 1): CounterCommand => ({ type: 'Increment', counterId, by });
const rejected = (outcome: CommandOutcome) => {
  if (outcome.status !== 'rejected') throw new Error(`expected rejected, got ${JSON.stringify(outcome)}`);
  return outcome;
};
const NOW = '2024-05-01T10:00:00.000Z';

/** A store that holds the appends of one command at a gate until the test opens it. */
function holding(store: EventStore, commandId: string) {
  const held = gate();
  const reached = gate();
  const decorated = decorate(store, {
    async beforeAppend(_streamId, events) {
      if (events[0]?.metadata.commandId !== commandId) return;
      reached.open();
      await held.promise;
    },
  });
  return { store: decorated, reached: reached.promise, release: held.open };
}

describe('ActorHost remembers refused commands', () => {
  const bed = hostTestBed();
  const { decider } = counterDecider({ spawn: true });
  const makeHost = (on: EventStore = bed.store): Host => {
    const host = new ActorHost({ store: on, decider, clock: () => new Date(NOW) });
    return bed.track(host);
  };
  /** Limit 5 on c1: an increment by 10 is refused until the counter is closed (which clears it). */
  const limited = async (host: Host) => {
    await host.execute(envelope({ type: 'SetLimit', counterId: 'c1', limit: 5 }));
  };
  const clearLimit = async (host: Host) => {
    await host.execute(envelope({ type: 'Close', counterId: 'c1' }));
    await host.execute(envelope({ type: 'Reopen', counterId: 'c1' }));
  };

  it('answers a retry with the first refusal, even once a fresh decision would accept', async () => {
    const host = makeHost();
    await limited(host);
    const command = envelope(inc('c1', 10));
    const first = rejected(await host.execute(command));
    expect(first).toEqual({
      status: 'rejected',
      rejection: {
        kind: 'rejection',
        code: 'counter.limit-exceeded',
        message: 'over the limit',
        details: { closed: false, allowedCommands: ['Increment', 'SetLimit', 'Close'], limit: 5 },
      },
      revision: 1,
    });
    await clearLimit(host);
    const retry = { ...command, metadata: { ...command.metadata, correlationId: 'another' } };
    expect(await host.execute(retry)).toEqual({ ...first, duplicate: true });
    expect(await makeHost(await bed.temp.open()).execute(command)).toEqual({ ...first, duplicate: true });
    expect(await bed.store.streamRevision('counter-c1')).toBe(4);
    expect(await bed.store.streamRevision(commandStreamId(command.metadata.commandId))).toBe(1);
    // The same body under a new id is decided afresh, and now accepted.
    expect((await host.execute(envelope(inc('c1', 10)))).status).toBe('accepted');
    expect(host.stats()).toMatchObject({ executed: 6, rejections: 2 });
  });

  it('records the refusal as a CommandRejected in command-<commandId>, and nothing in the aggregate', async () => {
    const host = makeHost();
    await limited(host);
    const command = envelope(inc('c1', 10), { commandId: 'cmd-refused', causationId: 'event-9', channel: 'pos' });
    const outcome = rejected(await host.execute(command));
    const stream = await bed.store.readStream('command-cmd-refused');
    expect(stream).toHaveLength(1);
    expect(stream[0]).toMatchObject({
      streamId: 'command-cmd-refused',
      revision: 1,
      eventId: eventIdFor('cmd-refused', 0),
      type: 'CommandRejected',
      data: {
        targetStreamId: 'counter-c1',
        commandType: 'Increment',
        commandHash: commandHash(command.command),
        rejection: { code: outcome.rejection.code, message: outcome.rejection.message },
        revision: 1,
      },
      metadata: {
        schemaVersion: 1,
        occurredAt: NOW,
        correlationId: command.metadata.correlationId,
        causationId: 'cmd-refused',
        actor: command.metadata.actor,
        channel: 'pos',
        commandId: 'cmd-refused',
        commandHash: commandHash(command.command),
      },
    });
    expect(stream[0]?.data).toHaveProperty('rejection', {
      code: 'counter.limit-exceeded',
      message: 'over the limit',
      details: outcome.rejection.details,
    });
    expect(await bed.store.streamRevision('counter-c1')).toBe(1);
  });

  it('refuses the id of a refused command with another body, or for another entity', async () => {
    const host = makeHost();
    await limited(host);
    const command = envelope(inc('c1', 10));
    await host.execute(command);
    const other = await host.execute({ command: inc('c1', 2), metadata: command.metadata });
    expect(other).toMatchObject({
      status: 'rejected',
      rejection: {
        code: 'command.idempotency-conflict',
        message: expect.stringContaining('with another body'),
        details: { commandId: command.metadata.commandId },
      },
      revision: 1,
    });
    expect(other).not.toHaveProperty('duplicate');
    const elsewhere = await host.execute({ command: inc('c2', 10), metadata: command.metadata });
    expect(elsewhere).toMatchObject({
      status: 'rejected',
      rejection: { code: 'command.idempotency-conflict', message: expect.stringContaining('counter-c1') },
      revision: 0,
    });
    expect(await bed.store.streamRevision('counter-c1')).toBe(1);
    expect(await bed.store.streamRevision('counter-c2')).toBe(0);
    expect(await bed.store.streamRevision(commandStreamId(command.metadata.commandId))).toBe(1);
  });

  it('gives two hosts racing the same refused command one refusal, recorded once', async () => {
    await limited(makeHost());
    const command = envelope(inc('c1', 10));
    const held = [
      holding(await bed.temp.open(), command.metadata.commandId),
      holding(bed.store, command.metadata.commandId),
    ];
    const [a, b] = held.map((h) => makeHost(h.store));
    const outcomes = [a!.execute(command), b!.execute(command)];
    await Promise.all(held.map((h) => h.reached));
    for (const h of held) h.release();
    const answers = (await Promise.all(outcomes)).map(rejected);
    // One recorded the refusal; the other found it recorded and answers it as a replay.
    const first = answers.filter((answer) => answer.duplicate !== true);
    expect(first).toMatchObject([{ rejection: { code: 'counter.limit-exceeded' }, revision: 1 }]);
    expect(answers.filter((answer) => answer.duplicate === true)).toEqual([{ ...first[0], duplicate: true }]);
    expect(await bed.store.streamRevision(commandStreamId(command.metadata.commandId))).toBe(1);
    expect(await bed.store.streamRevision('counter-c1')).toBe(1);
  });

  it('accepts, not refuses, when a stale host refuses a command another host has just accepted', async () => {
    const writer = makeHost();
    await limited(writer);
    const stale = holding(await bed.temp.open(), 'cmd-raced');
    const refuser = makeHost(stale.store);
    await refuser.load('c1');
    const command = envelope(inc('c1', 10), { commandId: 'cmd-raced' });
    // The refuser checks it decided on the latest revision, then is held before recording.
    const refusing = refuser.execute(command);
    await stale.reached;
    await clearLimit(writer);
    const accepted = await writer.execute(command);
    expect(accepted).toMatchObject({ status: 'accepted', revision: 5 });
    stale.release();
    // Its refusal takes the id of the command's first event: the bed.store says it is taken.
    expect(await refusing).toEqual({ ...accepted, duplicate: true });
    expect(await bed.store.streamRevision('command-cmd-raced')).toBe(0);
  });

  it('refuses, not accepts, when an acceptance decided before a recorded refusal comes to be appended', async () => {
    const writer = makeHost();
    await limited(writer);
    const refuser = makeHost(await bed.temp.open());
    const command = envelope(inc('c1', 10), { commandId: 'cmd-raced' });
    const held = holding(bed.store, 'cmd-raced');
    const refusing = holding(await bed.temp.open(), 'cmd-raced');
    const slowRefuser = makeHost(refusing.store);
    const late = slowRefuser.execute(command);
    await refusing.reached;
    await clearLimit(writer);
    const accepter = makeHost(held.store);
    const accepting = accepter.execute(command);
    await held.reached;
    refusing.release();
    const refusal = rejected(await late);
    expect(refusal).toMatchObject({ rejection: { code: 'counter.limit-exceeded' }, revision: 1 });
    held.release();
    expect(await accepting).toEqual({ ...refusal, duplicate: true });
    expect(await refuser.execute(command)).toEqual({ ...refusal, duplicate: true });
    expect(await bed.store.streamRevision('counter-c1')).toBe(4);
  });

  it('decides again instead of recording a refusal taken on a stale state', async () => {
    const writer = makeHost();
    await limited(writer);
    const stale = makeHost(await bed.temp.open());
    await stale.load('c1');
    await clearLimit(writer);
    const outcome = await stale.execute(envelope(inc('c1', 10), { commandId: 'cmd-fresh' }));
    expect(outcome).toMatchObject({ status: 'accepted', revision: 5, events: [{ data: { by: 10, total: 10 } }] });
    expect(await bed.store.streamRevision('command-cmd-fresh')).toBe(0);
  });

  it('records the refusal decided on the latest revision, or gives up when out of retries', async () => {
    const writer = makeHost();
    await limited(writer);
    const [eager, patient] = [0, 3].map((maxConflictRetries) => {
      return bed.track(new ActorHost({ store: bed.store, decider, clock: () => new Date(NOW), maxConflictRetries }));
    });
    await Promise.all([eager!.load('c1'), patient!.load('c1')]);
    await writer.execute(envelope({ type: 'Close', counterId: 'c1' }));
    // Both first refuse on the stale limit; the tail shows the counter closed since.
    const error = await eager!.execute(envelope(inc('c1', 10), { commandId: 'cmd-eager' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    expect(await bed.store.streamRevision('command-cmd-eager')).toBe(0);
    const outcome = await patient!.execute(envelope(inc('c1', 10), { commandId: 'cmd-patient' }));
    expect(outcome).toMatchObject({ status: 'rejected', rejection: { code: 'counter.closed' }, revision: 3 });
    expect(await bed.store.readStream('command-cmd-patient')).toMatchObject([{ data: { revision: 3 } }]);
  });

  it('reads the command stream only for ids the aggregate does not hold', async () => {
    const reads: string[] = [];
    const host = makeHost(decorate(bed.store, { beforeRead: (streamId) => void reads.push(streamId) }));
    const command: CommandEnvelope<CounterCommand> = envelope(inc('c1'), { commandId: 'cmd-1' });
    await host.execute(command);
    expect(reads.filter((streamId) => streamId.startsWith('command-'))).toEqual(['command-cmd-1']);
    reads.length = 0;
    expect((await host.execute(command)).status).toBe('accepted');
    expect(reads).toEqual(['counter-c1']);
    expect(await bed.store.streamRevision('command-cmd-1')).toBe(0);
  });
});
