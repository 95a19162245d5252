import {
  type CommandEnvelope,
  type CommandOutcome,
  commandStreamId,
  type EventStore,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  orderDecider,
  orderStateAt,
  type PersistedOrderState,
  type RecordedEvent,
  toPersistedOrderState,
} from '@ordinal/domain';
import { type OrderIntent, commandForOrder as orderCommandFor, orderIntent } from '@ordinal/domain/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorHost } from './actor-host.ts';
import { envelope } from './counter.fixture.ts';
import { ConcurrencyConflictError, IDEMPOTENCY_CONFLICT } from './host.errors.ts';
import { checkAnswers, type Sent, simulate } from './order-race.fixture.ts';
import { decorate, type TempStore, tempStore, turns } from './temp-store.fixture.ts';

type OrderHost = ActorHost<OrderCommand, OrderEvent, OrderState>;
const clock = () => new Date('2026-03-02T09:00:00.000Z');
// Compared as JSON, as it is stored: exact, and immune to ids such as 'constructor' that confuse toStrictEqual.
const persisted = (state: OrderState): PersistedOrderState => JSON.parse(JSON.stringify(toPersistedOrderState(state)));
const fold = (events: readonly RecordedEvent[]): OrderState =>
  events.reduce(
    (state, event) => orderDecider.evolve(state, event as unknown as OrderEvent),
    orderDecider.initialState(),
  );
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('ActorHost with the order decider, random command sequences', () => {
  let temp: TempStore;
  const stores: EventStore[] = [];

  beforeAll(async () => {
    temp = await tempStore();
    stores.push(await temp.open(), await temp.open());
  });

  afterAll(async () => {
    await temp.cleanup();
  });

  it('keeps the stream gapless, the live state equal to the fold, and refusals out of the stream', async () => {
    const store = stores[0]!;
    const host: OrderHost = new ActorHost({ store, decider: orderDecider, clock });
    const totals = { runs: 0, deepest: 0, refusals: 0, replays: 0 };
    // One step in six retries an earlier command instead of sending a new one.
    const resend = fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() });
    const step = fc.record({ intent: orderIntent, resend });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 28, size: 'max' }), fc.nat(), async (steps, cut) => {
        totals.runs += 1;
        const orderId = `seq-${totals.runs}`;
        const streamId = `order-${orderId}`;
        const sent: { envelope: CommandEnvelope<OrderCommand>; outcome: CommandOutcome }[] = [];
        // The live state after each command, by the revision it reached.
        const after = new Map<number, PersistedOrderState>([[0, persisted(orderDecider.initialState())]]);
        for (const [i, { intent, resend }] of steps.entries()) {
          const before = await host.load(orderId);
          if (resend !== null && sent.length > 0) {
            // A retry gets the first answer back, whatever happened since, and writes nothing.
            const earlier = sent[resend % sent.length]!;
            expect(await host.execute(earlier.envelope)).toEqual({ ...earlier.outcome, duplicate: true });
            expect(await store.streamRevision(streamId)).toBe(before.revision);
            totals.replays += 1;
            continue;
          }
          const command = envelope(orderCommandFor(intent, before.state, orderId), { commandId: `${orderId}-${i}` });
          const outcome = await host.execute(command);
          const revision = await store.streamRevision(streamId);
          if (outcome.status === 'rejected') {
            expect(outcome.rejection.code).not.toBe(IDEMPOTENCY_CONFLICT);
            expect(outcome).toMatchObject({ revision: before.revision });
            expect(revision).toBe(before.revision);
            expect(await store.streamRevision(commandStreamId(command.metadata.commandId))).toBe(1);
            totals.refusals += 1;
          } else {
            expect(outcome.revision).toBe(revision);
            expect(outcome.events.map((event) => event.revision)).toEqual(range(before.revision + 1, revision));
          }
          sent.push({ envelope: command, outcome });
          const live = await host.load(orderId);
          expect(live.revision).toBe(revision);
          after.set(revision, persisted(live.state));
        }
        const stream = await store.readStream(streamId);
        expect(stream.map((event) => event.revision)).toEqual(range(1, stream.length));
        const final = await host.load(orderId);
        expect(persisted(final.state)).toEqual(persisted(fold(stream)));
        const events = stream as unknown as OrderEvent[];
        // Replay to a revision a command ended on gives what the live actor held then...
        const boundaries = [...after.keys()];
        const boundary = boundaries[cut % boundaries.length]!;
        expect(persisted(orderStateAt(events, boundary))).toEqual(after.get(boundary));
        // ...and to any revision, the fold of the events up to it.
        const k = cut % (stream.length + 1);
        expect(persisted(orderStateAt(events, k))).toEqual(persisted(fold(stream.slice(0, k))));
        totals.deepest = Math.max(totals.deepest, stream.length);
      }),
      { numRuns: 100, seed: 20_260_302 },
    );
    await host.close();
    // The generator reached deep states, refused some commands and retried some.
    expect(totals.deepest).toBeGreaterThan(14);
    expect(totals.refusals).toBeGreaterThan(100);
    expect(totals.replays).toBeGreaterThan(50);
  });

  it('loses no event and writes none twice with two hosts racing on one order (500 schedules)', async () => {
    const totals = { runs: 0, conflicts: 0, gaveUp: 0, replays: 0, refusals: 0 };
    await fc.assert(
      fc.asyncProperty(raceSchedule(), async (plan) => {
        totals.runs += 1;
        const orderId = `race-${totals.runs}`;
        const delays = plan.delays.map((list) => cycle(list));
        const hosts: OrderHost[] = [0, 1].map(
          (i) =>
            new ActorHost({
              store: decorate(stores[i]!, { beforeAppend: () => pause(delays[i]!()) }),
              decider: orderDecider,
              clock,
              maxConflictRetries: plan.maxRetries[i],
            }),
        );
        const commands = simulate(plan.intents, orderId);
        // Each command once, in journey order give or take a few turns, to either host; then
        // retries of random commands, now and then with the body of another command.
        const sends: Sent[] = commands.map((sent, i) => {
          const { host, jitter } = plan.journey[i % plan.journey.length]!;
          return { host, start: i * plan.spacing + jitter, envelope: sent };
        });
        for (const { host, start, command, otherBody } of plan.retries) {
          const sent = commands[command % commands.length]!;
          const body = commands[(command + 1) % commands.length]!.command;
          const retry = otherBody ? { command: body, metadata: sent.metadata } : sent;
          sends.push({ host, start: start % (commands.length * plan.spacing + 3), envelope: retry });
        }
        const seen: number[] = [];
        const answers = await Promise.all(
          sends.map(async (send, i) => {
            await turns(send.start);
            seen[i] = await stores[send.host]!.streamRevision(`order-${orderId}`);
            return hosts[send.host]!.execute(send.envelope).catch((error: unknown) => {
              if (error instanceof ConcurrencyConflictError) return error;
              throw error;
            });
          }),
        );
        const stream = await stores[0]!.readStream(`order-${orderId}`);
        await checkAnswers(stores[1]!, stream, sends, answers, seen);
        let state = orderDecider.initialState();
        for (const event of stream) {
          // Every event was decided on the state just before it: the machine takes it there.
          expect(state.can(event as unknown as OrderEvent)).toBe(true);
          state = orderDecider.evolve(state, event as unknown as OrderEvent);
        }
        for (const host of hosts) {
          const live = await host.load(orderId);
          expect(live.revision).toBe(stream.length);
          expect(persisted(live.state)).toEqual(persisted(state));
          totals.conflicts += host.stats().conflicts;
        }
        totals.gaveUp += answers.filter((answer) => answer instanceof ConcurrencyConflictError).length;
        totals.replays += answers.filter((answer) => 'duplicate' in answer && answer.duplicate === true).length;
        totals.refusals += answers.filter((answer) => 'status' in answer && answer.status === 'rejected').length;
        await Promise.all(hosts.map((host) => host.close()));
      }),
      { numRuns: 500, seed: 20_260_303 },
    );
    expect(totals.runs).toBe(500);
    expect(totals.conflicts).toBeGreaterThan(0);
    expect(totals.gaveUp).toBeGreaterThan(0);
    expect(totals.replays).toBeGreaterThan(0);
    expect(totals.refusals).toBeGreaterThan(0);
  });
});

interface RaceSchedule {
  readonly intents: readonly OrderIntent[];
  readonly journey: readonly { host: 0 | 1; jitter: number }[];
  /** Turns between the starts of consecutive commands of the journey. */
  readonly spacing: number;
  readonly retries: readonly { host: 0 | 1; start: number; command: number; otherBody: boolean }[];
  readonly maxRetries: readonly [number, number];
  readonly delays: readonly [number[], number[]];
}

/** A journey of commands sent to two hosts, overlapping, plus retries of some of them. */
function raceSchedule(): fc.Arbitrary<RaceSchedule> {
  const host = fc.constantFrom(0 as const, 1 as const);
  const retry = fc.record({
    host,
    start: fc.nat(),
    command: fc.nat(),
    otherBody: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  });
  const delays = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 10 });
  return fc.record({
    intents: fc.array(orderIntent, { minLength: 2, maxLength: 10 }),
    journey: fc.array(fc.record({ host, jitter: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 10 }),
    spacing: fc.integer({ min: 0, max: 10 }),
    retries: fc.array(retry, { maxLength: 4 }),
    maxRetries: fc.tuple(fc.constantFrom(0, 1, 3), fc.constantFrom(0, 1, 3)),
    delays: fc.tuple(delays, delays),
  });
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
