import type { Document, RecordedEvent } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/in-process-bus.ts';
import { ORDER_TRACKING_COLLECTION, orderTrackingProjection } from '../order-tracking/order-tracking.projection.ts';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { eventually } from '../testing/eventually.ts';
import { MemoryEventLog } from '../testing/memory-event-log.ts';
import { eventfulOrder, OrderEventRecorder } from '../testing/order-events.ts';
import type { Projection, ProjectionContext } from './projection.ts';
import { defaultRetryDelay, ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner.ts';

const EVENTS = new OrderEventRecorder().stream('o-1', eventfulOrder('o-1'));

/** Counts events per stream; fails the first `failures` attempts of each event. */
function countingProjection(failures: number): Projection & { attempts: number } {
  const seen = new Map<string, number>();
  const projection = {
    name: 'counting',
    categories: ['order'],
    collections: ['counts'],
    attempts: 0,
    async apply(event: RecordedEvent, { store }: ProjectionContext) {
      projection.attempts += 1;
      const tries = (seen.get(event.eventId) ?? 0) + 1;
      seen.set(event.eventId, tries);
      if (tries <= failures) throw new Error(`attempt ${tries} failed`);
      await store.collection<Document & { n: number }>('counts').put({ id: event.eventId, n: tries });
      return 'applied' as const;
    },
  };
  return projection;
}

describe('ProjectionRunner', () => {
  let store: SqliteReadStore;
  let bus: InProcessBus;
  let log: MemoryEventLog;
  const runners: ProjectionRunner[] = [];

  beforeEach(() => {
    store = new SqliteReadStore({ path: ':memory:' });
    bus = new InProcessBus();
    log = new MemoryEventLog(EVENTS);
  });

  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await bus.close();
    await store.close();
  });

  const start = async (options: Partial<ProjectionRunnerOptions> & Pick<ProjectionRunnerOptions, 'projection'>) => {
    const runner = new ProjectionRunner({ bus, store, events: log, ...options });
    runners.push(runner);
    await runner.start();
    return runner;
  };

  it('applies the events it receives and acks them', async () => {
    const runner = await start({ projection: orderTrackingProjection });
    await bus.publish(EVENTS);
    const doc = await store.collection(ORDER_TRACKING_COLLECTION).get('o-1');
    expect(doc).toMatchObject({ revision: EVENTS.length, status: { main: 'completed' } });
    expect(runner.stats()).toMatchObject({
      name: 'orderTracking',
      running: true,
      applied: EVENTS.length,
      duplicates: 0,
      lastPosition: EVENTS.at(-1)!.position,
    });
    expect(await bus.parked()).toEqual([]);
  });

  it('skips events a previous process already applied', async () => {
    const first = await start({ projection: orderTrackingProjection });
    await bus.publish(EVENTS.slice(0, 20));
    await first.stop();
    const before = store.storedDocuments(ORDER_TRACKING_COLLECTION);
    // A new process: a new bus, the relay replays from an older checkpoint.
    await bus.close();
    bus = new InProcessBus();
    const second = await start({ projection: orderTrackingProjection });
    await bus.publish(EVENTS.slice(10, 20));
    expect(second.stats()).toMatchObject({ applied: 0, duplicates: 10 });
    expect(store.storedDocuments(ORDER_TRACKING_COLLECTION)).toEqual(before);
  });

  it('parks invalid envelopes with the reason and goes on', async () => {
    const runner = await start({ projection: orderTrackingProjection });
    const broken = { ...EVENTS[1]!, eventId: 'broken', type: 'OrderTeleported' };
    await bus.publish([EVENTS[0]!, broken as RecordedEvent, EVENTS[1]!]);
    const parked = await bus.parked('orderTracking');
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({
      reason: 'projection.invalid-event: type OrderTeleported is not a order event',
      deliveryCount: 1,
    });
    expect(runner.stats()).toMatchObject({ applied: 2, invalid: 1 });
  });

  it('retries a failed apply after a backoff, then acks it', async () => {
    const projection = countingProjection(2);
    const errors: unknown[] = [];
    const delays: number[] = [];
    const runner = await start({
      projection,
      onError: (error) => errors.push(error),
      retryDelayMs: (n) => {
        delays.push(n);
        return 1;
      },
    });
    await bus.publish(EVENTS.slice(0, 2));
    expect(projection.attempts).toBe(6);
    expect(delays).toEqual([1, 2, 1, 2]);
    expect(errors).toHaveLength(4);
    expect(runner.stats()).toMatchObject({ applied: 2, failures: 4 });
    expect(await store.collection('counts').count()).toBe(2);
  });

  it('leaves an event that keeps failing parked by the bus after maxDeliveries', async () => {
    const projection = countingProjection(Number.POSITIVE_INFINITY);
    await start({ projection, maxDeliveries: 3, retryDelayMs: () => 1 });
    await bus.publish(EVENTS.slice(0, 1));
    const parked = await bus.parked('counting');
    expect(parked.map((p) => [p.event.eventId, p.deliveryCount])).toEqual([[EVENTS[0]!.eventId, 3]]);
    expect(parked[0]!.reason).toMatch(/^bus\.max-deliveries/);
  });

  it('resumes after stop with what was published meanwhile', async () => {
    const runner = await start({ projection: orderTrackingProjection });
    await bus.publish(EVENTS.slice(0, 5));
    await runner.stop();
    expect(runner.stats().running).toBe(false);
    await bus.publish(EVENTS.slice(5));
    await runner.start();
    await eventually(async () =>
      expect(await store.collection(ORDER_TRACKING_COLLECTION).get('o-1')).toMatchObject({ revision: EVENTS.length }),
    );
  });

  it('backs off exponentially by default, up to 10 s', () => {
    expect([1, 2, 3, 4, 10, 20].map(defaultRetryDelay)).toEqual([100, 200, 400, 800, 10_000, 10_000]);
  });
});
