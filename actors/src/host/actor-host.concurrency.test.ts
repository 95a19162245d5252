import type { CommandEnvelope, CommandOutcome, EventStore, RecordedEvent } from '@ordinal/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorHost } from './actor-host.ts';
import {
  type CounterCommand,
  type CounterEvent,
  type CounterState,
  counterDecider,
  envelope,
  foldCounter,
} from './counter.fixture.ts';
import { ConcurrencyConflictError } from './host.errors.ts';
import { decorate, type TempStore, tempStore, turns } from './temp-store.fixture.ts';

type Host = ActorHost<CounterCommand, CounterEvent, CounterState>;
const inc = (counterId: string, by = 1, times = 1): CounterCommand => ({ type: 'Increment', counterId, by, times });

describe('ActorHost with two writers on one file', () => {
  let temp: TempStore;
  const stores: EventStore[] = [];
  const evolving = counterDecider().decider;
  const spawning = counterDecider({ spawn: true }).decider;

  beforeAll(async () => {
    temp = await tempStore();
    stores.push(await temp.open(), await temp.open());
  });

  afterAll(async () => {
    await temp.cleanup();
  });

  const a = (): EventStore => stores[0]!;
  const b = (): EventStore => stores[1]!;

  it('reloads and decides again when another writer appended first', async () => {
    const first = new ActorHost({ store: a(), decider: spawning });
    const second = new ActorHost({ store: b(), decider: evolving });
    await second.load('retry');
    await first.execute(envelope(inc('retry', 1)));
    const outcome = await second.execute(envelope(inc('retry', 2)));
    expect(outcome).toMatchObject({ status: 'accepted', revision: 2, events: [{ data: { by: 2, total: 3 } }] });
    expect(second.stats()).toMatchObject({ conflicts: 1, executed: 1 });
    await Promise.all([first.close(), second.close()]);
  });

  it('gives up after maxConflictRetries with the latest state in the error', async () => {
    const rival = new ActorHost({ store: a(), decider: evolving });
    // Before each of its appends, the other process gets there first.
    const store = decorate(b(), { beforeAppend: async () => void (await rival.execute(envelope(inc('busy')))) });
    const loser = new ActorHost({ store, decider: spawning, maxConflictRetries: 2 });
    const error = await loser.execute(envelope(inc('busy', 5))).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    expect(error).toMatchObject({
      code: 'host.concurrency-conflict',
      streamId: 'counter-busy',
      revision: 3,
      attempts: 3,
      state: {
        total: 3,
        increments: 3,
        limit: null,
        closed: false,
        allowedCommands: ['Increment', 'SetLimit', 'Close'],
      },
    });
    expect(loser.stats()).toMatchObject({ conflicts: 3, executed: 0 });
    expect(await a().streamRevision('counter-busy')).toBe(3);
    await Promise.all([rival.close(), loser.close()]);
  });

  it('loses no event and writes none twice, whatever the schedule (500 random schedules)', async () => {
    const totals = { runs: 0, conflicts: 0, gaveUp: 0, duplicates: 0 };
    await fc.assert(
      fc.asyncProperty(scenario(), async (plan) => {
        totals.runs += 1;
        const entity = `race-${totals.runs}`;
        const delays = plan.delays.map((list) => cycle(list));
        const hosts: Host[] = [0, 1].map(
          (i) =>
            new ActorHost({
              store: decorate(stores[i]!, { beforeAppend: () => pause(delays[i]!()) }),
              decider: i === 0 ? spawning : evolving,
              maxConflictRetries: plan.retries[i],
            }),
        );
        if (plan.warm) await Promise.all(hosts.map((host) => host.load(entity)));
        const envelopes = commands(entity, plan.steps);
        const results = await Promise.all(
          plan.steps.map(async (step, i) => {
            await turns(step.start);
            return hosts[step.host]!.execute(envelopes[i]!).catch((error: unknown) => {
              if (error instanceof ConcurrencyConflictError) return error;
              throw error;
            });
          }),
        );
        const stream = await stores[0]!.readStream(`counter-${entity}`);
        checkStream(stream);
        checkOutcomes(stream, envelopes, results);
        for (const host of hosts) {
          expect(await host.load(entity)).toEqual({ state: foldCounter(stream), revision: stream.length });
          totals.conflicts += host.stats().conflicts;
        }
        totals.gaveUp += results.filter((result) => result instanceof ConcurrencyConflictError).length;
        totals.duplicates += results.filter((result) => 'duplicate' in result && result.duplicate).length;
        await Promise.all(hosts.map((host) => host.close()));
      }),
      { numRuns: 500, seed: 20_240_501 },
    );
    // The schedules did race: writers collided, some gave up and some retries met their first answer.
    expect(totals.runs).toBe(500);
    expect(totals.conflicts).toBeGreaterThan(0);
    expect(totals.gaveUp).toBeGreaterThan(0);
    expect(totals.duplicates).toBeGreaterThan(0);
  });
});

type Action =
  | { kind: 'inc'; by: number; times: number }
  | { kind: 'limit'; limit: number }
  | { kind: 'close' }
  | { kind: 'reopen' }
  | { kind: 'resend'; of: number; sameBody: boolean };

interface Step {
  readonly host: 0 | 1;
  /** Event-loop turns before the step is sent. */
  readonly start: number;
  readonly action: Action;
}

function scenario() {
  const action: fc.Arbitrary<Action> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('inc' as const),
        by: fc.integer({ min: 1, max: 5 }),
        times: fc.integer({ min: 1, max: 3 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('limit' as const), limit: fc.integer({ min: 5, max: 40 }) }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'close' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('resend' as const), of: fc.nat(), sameBody: fc.boolean() }) },
  );
  const step: fc.Arbitrary<Step> = fc.record({
    host: fc.constantFrom(0 as const, 1 as const),
    start: fc.integer({ min: 0, max: 3 }),
    action,
  });
  const delays = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 12 });
  return fc.record({
    steps: fc.array(step, { minLength: 2, maxLength: 8 }),
    retries: fc.tuple(fc.constantFrom(0, 1, 3), fc.constantFrom(0, 1, 3)),
    warm: fc.boolean(),
    delays: fc.tuple(delays, delays),
  });
}

/** Envelopes for the steps; a resend reuses an earlier step's metadata, with its body or another. */
function commands(entity: string, steps: readonly Step[]): CommandEnvelope<CounterCommand>[] {
  const built: CommandEnvelope<CounterCommand>[] = [];
  steps.forEach((step, i) => {
    const { action } = step;
    const commandId = `${entity}-${i}`;
    if (action.kind === 'resend' && built.length > 0) {
      const earlier = built[action.of % built.length]!;
      built.push(action.sameBody ? earlier : { command: inc(entity, 9), metadata: earlier.metadata });
      return;
    }
    const command: CounterCommand =
      action.kind === 'limit'
        ? { type: 'SetLimit', counterId: entity, limit: action.limit }
        : action.kind === 'close'
          ? { type: 'Close', counterId: entity }
          : action.kind === 'reopen'
            ? { type: 'Reopen', counterId: entity }
            : action.kind === 'inc'
              ? inc(entity, action.by, action.times)
              : inc(entity);
    built.push(envelope(command, { commandId }));
  });
  return built;
}

/** Revisions 1..n, unique ids, and every decision taken on the state just before it. */
function checkStream(stream: readonly RecordedEvent[]): void {
  expect(stream.map((event) => event.revision)).toEqual(stream.map((_, i) => i + 1));
  expect(new Set(stream.map((event) => event.eventId)).size).toBe(stream.length);
  let state = foldCounter([]);
  for (const event of stream) {
    if (event.type === 'Incremented') {
      const data = event.data as { by: number; total: number };
      expect(state.closed).toBe(false);
      expect(data.total).toBe(state.total + data.by);
      if (state.limit !== null) expect(data.total).toBeLessThanOrEqual(state.limit);
    }
    state = foldCounter(stream.slice(0, event.revision));
  }
}

/** Accepted events are in the stream; every command in the stream was answered accepted, once. */
function checkOutcomes(
  stream: readonly RecordedEvent[],
  envelopes: readonly CommandEnvelope<CounterCommand>[],
  results: readonly (CommandOutcome | ConcurrencyConflictError)[],
): void {
  const acceptedIds = new Set<string>();
  results.forEach((result, i) => {
    if (result instanceof ConcurrencyConflictError || result.status !== 'accepted') return;
    const commandId = envelopes[i]!.metadata.commandId;
    acceptedIds.add(commandId);
    for (const event of result.events) expect(stream[event.revision - 1]).toEqual(event);
    const written = stream.filter((event) => event.metadata.commandId === commandId);
    expect(result.events).toEqual(written);
  });
  for (const event of stream) expect(acceptedIds.has(event.metadata.commandId ?? '')).toBe(true);
}

function cycle(list: readonly number[]): () => number {
  let next = 0;
  return () => list[next++ % list.length]!;
}

/** 0–2: that many event-loop turns; 3–4: a timer of 0 or 1 ms. */
async function pause(kind: number): Promise<void> {
  if (kind < 3) return turns(kind);
  await new Promise((resolve) => setTimeout(resolve, kind - 3));
}
