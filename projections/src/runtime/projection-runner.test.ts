import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document, RecordedEvent } from '@ordinal/domain';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/in-process-bus.ts';
import { ORDER_TRACKING_COLLECTION, orderTrackingProjection } from '../order-tracking/order-tracking.projection.ts';
import { APPLY_FAILED_REASON } from '../parking/park-reasons.ts';
import { ParkedEventStore } from '../parking/parked-event-store.ts';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { eventually } from '../testing/eventually.ts';
import { MemoryEventLog } from '../testing/memory-event-log.ts';
import { eventfulOrder, OrderEventRecorder } from '../testing/order-events.ts';
import type { Projection, ProjectionContext } from './projection.ts';
import {
  DEFAULT_MAX_DELIVERIES,
  defaultRetryDelay,
  ProjectionRunner,
  type ProjectionRunnerOptions,
} from './projection-runner.ts';

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
      redeliveries: 0,
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

  it('parks invalid envelopes in the read store with the reason and goes on', async () => {
    const runner = await start({ projection: orderTrackingProjection, clock: () => new Date('2026-04-01T12:00:00Z') });
    const broken = { ...EVENTS[1]!, eventId: 'broken', type: 'OrderTeleported' };
    await bus.publish([EVENTS[0]!, broken as RecordedEvent, EVENTS[1]!]);
    const parked = await new ParkedEventStore(store).list({ durableName: 'orderTracking' });
    expect(parked).toEqual([
      {
        durableName: 'orderTracking',
        event: broken,
        reason: 'projection.invalid-event: type OrderTeleported is not a order event',
        deliveryCount: 1,
        parkedAt: '2026-04-01T12:00:00.000Z',
      },
    ]);
    expect((await bus.parked('orderTracking')).map((p) => p.reason)).toEqual([parked[0]!.reason]);
    expect(runner.stats()).toMatchObject({ applied: 2, invalid: 1, parked: 1 });
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
    // Each event came back twice after failing.
    expect(runner.stats()).toMatchObject({ applied: 2, failures: 4, redeliveries: 4 });
    expect(await store.collection('counts').count()).toBe(2);
  });

  it('parks an event still failing at maxDeliveries in the read store, with the last error', async () => {
    const projection = countingProjection(Number.POSITIVE_INFINITY);
    const runner = await start({ projection, maxDeliveries: 3, retryDelayMs: () => 1 });
    await bus.publish(EVENTS.slice(0, 2));
    const parked = await new ParkedEventStore(store).list();
    expect(parked.map((p) => [p.durableName, p.event.eventId, p.deliveryCount])).toEqual([
      ['counting', EVENTS[0]!.eventId, 3],
      ['counting', EVENTS[1]!.eventId, 3],
    ]);
    expect(parked[0]!.reason).toBe(`${APPLY_FAILED_REASON}: 3 deliveries, last error: attempt 3 failed`);
    expect(projection.attempts).toBe(6);
    expect(runner.stats()).toMatchObject({ failures: 6, parked: 2, applied: 0, redeliveries: 4 });
  });

  it('retries a parked event: removed once it applies, kept with the new reason while it fails', async () => {
    const parkedEvents = new ParkedEventStore(store);
    const projection = countingProjection(3);
    const runner = await start({ projection, maxDeliveries: 2, retryDelayMs: () => 1 });
    await bus.publish(EVENTS.slice(0, 1));
    const [parked] = await parkedEvents.list();
    expect(parked).toMatchObject({
      deliveryCount: 2,
      reason: `${APPLY_FAILED_REASON}: 2 deliveries, last error: attempt 2 failed`,
    });

    expect(await runner.retry(parked!)).toBe('still-failing');
    const [kept] = await parkedEvents.list();
    expect(kept).toEqual({
      ...parked,
      reason: `${APPLY_FAILED_REASON}: retry failed: attempt 3 failed`,
      deliveryCount: 3,
    });

    expect(await runner.retry(kept!)).toBe('applied');
    expect(await parkedEvents.list()).toEqual([]);
    expect(await store.collection('counts').get(EVENTS[0]!.eventId)).toEqual({ id: EVENTS[0]!.eventId, n: 4 });
  });

  it('removes a parked event the read model already holds, and keeps an invalid one as it is', async () => {
    const parkedEvents = new ParkedEventStore(store);
    const runner = await start({ projection: orderTrackingProjection });
    const broken = { ...EVENTS[2]!, eventId: 'broken', type: 'OrderTeleported' } as RecordedEvent;
    await bus.publish([EVENTS[0]!, EVENTS[1]!, broken]);
    const at = '2026-04-01T12:00:00.000Z';
    await parkedEvents.park({
      durableName: 'orderTracking',
      event: EVENTS[1]!,
      reason: 'x',
      deliveryCount: 1,
      parkedAt: at,
    });
    const [stale, invalid] = await parkedEvents.list();
    expect(stale!.event.eventId).toBe(EVENTS[1]!.eventId);
    expect(await runner.retry(stale!)).toBe('duplicate');
    expect(await runner.retry(invalid!)).toBe('still-failing');
    expect(await parkedEvents.list()).toEqual([{ ...invalid, deliveryCount: 2 }]);
  });

  it('keeps redelivering past maxDeliveries while the park cannot be written, and publish waits for it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ordinal-runner-'));
    const file = join(dir, 'read.db');
    const fileStore = new SqliteReadStore({ path: file, busyTimeoutMs: 0 });
    const locker = new Database(file);
    try {
      const errors: string[] = [];
      const projection = countingProjection(Number.POSITIVE_INFINITY);
      await start({
        projection,
        store: fileStore,
        maxDeliveries: 2,
        retryDelayMs: () => 1,
        onError: (error) => errors.push(error instanceof Error ? error.message : String(error)),
      });
      // Another connection holds the write lock: the park cannot be written.
      locker.exec('BEGIN IMMEDIATE');
      let published = false;
      const publishing = bus.publish(EVENTS.slice(0, 1)).then(() => {
        published = true;
      });
      await eventually(() => expect(projection.attempts).toBeGreaterThanOrEqual(5));
      expect(errors).toContain('database is locked');
      expect(published).toBe(false);
      expect(await bus.parked()).toEqual([]);
      expect(await new ParkedEventStore(fileStore).list()).toEqual([]);

      locker.exec('COMMIT');
      await publishing;
      const parked = await new ParkedEventStore(fileStore).list();
      expect(parked.map((p) => p.event.eventId)).toEqual([EVENTS[0]!.eventId]);
      expect(parked[0]!.deliveryCount).toBeGreaterThanOrEqual(5);
      expect(await bus.parked()).toHaveLength(1);
    } finally {
      for (const runner of runners.splice(0)) await runner.stop();
      locker.close();
      await fileStore.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a maxDeliveries that is not a positive integer', () => {
    expect(
      () => new ProjectionRunner({ projection: orderTrackingProjection, bus, store, events: log, maxDeliveries: 0 }),
    ).toThrow(/maxDeliveries/);
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

  it('retries for about a minute by default before parking', () => {
    const retries = Array.from({ length: DEFAULT_MAX_DELIVERIES - 1 }, (_, i) => defaultRetryDelay(i + 1));
    expect(retries.reduce((sum, ms) => sum + ms, 0)).toBe(62_700);
  });
});
