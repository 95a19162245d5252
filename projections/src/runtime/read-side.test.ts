import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/in-process-bus.ts';
import { ORDER_TRACKING_COLLECTION, orderTrackingProjection } from '../order-tracking/order-tracking.projection.ts';
import { APPLY_FAILED_REASON } from '../parking/park-reasons.ts';
import { ParkedEventStore } from '../parking/parked-event-store.ts';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { eventually } from '../testing/eventually.ts';
import { MemoryEventLog } from '../testing/memory-event-log.ts';
import { eventfulOrder, OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import type { Projection } from './projection.ts';
import { ReadSide, type ReadSideOptions } from './read-side.ts';
import { rebuild } from './rebuild.ts';

/** Two orders and, last, an envelope no projection can read. */
function history() {
  const recorder = new OrderEventRecorder();
  const first = recorder.stream('o-1', eventfulOrder('o-1'));
  const second = recorder.stream('o-2', [
    orderPlaced('o-2', 'c-2'),
    orderDraft('OrderCancelled', { reason: 'no stock' }),
  ]);
  const broken = { ...recorder.record('bad', orderPlaced('bad')), type: 'OrderTeleported' } as RecordedEvent;
  return { first, second, broken, all: [...first, ...second, broken] };
}

/** The projection, failing as a locked database does for the events in `failing`. */
function failingFor(projection: Projection, failing: ReadonlySet<string>): Projection {
  return {
    ...projection,
    async apply(event, context) {
      if (failing.has(event.eventId)) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      return projection.apply(event, context);
    },
  };
}

describe('ReadSide parked events', () => {
  let dir: string;
  let file: string;
  const open: { readSide: ReadSide; bus: InProcessBus; store: SqliteReadStore }[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-read-side-'));
    file = join(dir, 'read.db');
  });

  afterEach(async () => {
    for (const process of open.splice(0)) await closeAll(process);
    rmSync(dir, { recursive: true, force: true });
  });

  /** One process's read side on the read store file, started and caught up with the log. */
  const startProcess = async (log: MemoryEventLog, options: Partial<ReadSideOptions> = {}) => {
    const store = new SqliteReadStore({ path: file });
    const bus = new InProcessBus();
    const readSide = new ReadSide({
      events: log,
      store,
      bus,
      runners: { maxDeliveries: 3, retryDelayMs: () => 1, clock: () => new Date('2026-04-01T12:00:00Z') },
      relay: { retryDelayMs: 10 },
      ...options,
    });
    const process = { readSide, bus, store };
    open.push(process);
    await readSide.start();
    const head = await log.headPosition();
    await eventually(async () => expect((await readSide.status()).relay?.checkpoint).toBe(head));
    return process;
  };

  const closeAll = async ({ readSide, bus, store }: (typeof open)[number]) => {
    await readSide.stop();
    await bus.close();
    await store.close();
  };

  /** The documents a fault-free replay of the log gives. */
  const expected = async (log: MemoryEventLog, projection: Projection) => {
    const store = new SqliteReadStore({ path: ':memory:' });
    await rebuild(projection, { events: log, store });
    const docs = Object.fromEntries(projection.collections.map((c) => [c, store.storedDocuments(c)]));
    await store.close();
    return docs;
  };
  const stored = (store: SqliteReadStore, projection: Projection) =>
    Object.fromEntries(projection.collections.map((c) => [c, store.storedDocuments(c)]));

  it('keeps parked events across a restart and applies them once the fault is gone', async () => {
    const { first, broken, all } = history();
    const last = first.at(-1)!;
    const log = new MemoryEventLog(all);
    const failing = failingFor(orderTrackingProjection, new Set([last.eventId]));

    const before = await startProcess(log, { projections: [failing] });
    const parked = await before.readSide.status().then((s) => s.parked);
    expect(parked.map((p) => [p.durableName, p.event.eventId])).toEqual([
      ['orderTracking', last.eventId],
      ['orderTracking', broken.eventId],
    ]);
    expect(parked[0]).toEqual({
      durableName: 'orderTracking',
      event: last,
      reason: `${APPLY_FAILED_REASON}: 3 deliveries, last error: SQLITE_BUSY: database is locked`,
      deliveryCount: 3,
      parkedAt: '2026-04-01T12:00:00.000Z',
    });
    const stale = await before.store.collection(ORDER_TRACKING_COLLECTION).get('o-1');
    expect(stale).toMatchObject({ revision: last.revision - 1 });
    await closeAll(before);

    // A new process on the same file: the relay's checkpoint is past the event, the list is not.
    const after = await startProcess(log);
    expect(await after.bus.parked()).toEqual([]);
    expect((await after.readSide.status()).parked).toEqual(parked);
    expect(await after.store.collection(ORDER_TRACKING_COLLECTION).get('o-1')).toEqual(stale);

    expect(await after.readSide.retryParked({ durableName: 'orderTracking', eventId: last.eventId })).toEqual({
      retried: 1,
      applied: 1,
      stillFailing: 0,
    });
    expect(stored(after.store, orderTrackingProjection)).toEqual(await expected(log, orderTrackingProjection));
    expect(await after.readSide.parked()).toEqual([parked[1]]);
  });

  it('keeps invalid envelopes parked on retry, and leaves projections it does not run alone', async () => {
    const { broken, all } = history();
    const log = new MemoryEventLog(all);
    const first = await startProcess(log);
    // What a projection since removed left parked: no runner of this read side owns it.
    await new ParkedEventStore(first.store).park({
      durableName: 'retiredProjection',
      event: broken,
      reason: 'cannot apply',
      deliveryCount: 1,
      parkedAt: '2026-03-01T12:00:00.000Z',
    });
    const parked = await first.readSide.parked();
    expect(parked.map((p) => [p.durableName, p.event, p.reason])).toEqual([
      ['approvalQueue', broken, 'projection.invalid-event: type OrderTeleported is not a order event'],
      ['orderTracking', broken, 'projection.invalid-event: type OrderTeleported is not a order event'],
      ['repurchaseEstimates', broken, 'projection.invalid-event: type OrderTeleported is not a order event'],
      ['retiredProjection', broken, 'cannot apply'],
      ['riskAccounts', broken, 'projection.invalid-event: type OrderTeleported is not a order event'],
      ['shipmentsByTracking', broken, 'projection.invalid-event: type OrderTeleported is not a order event'],
    ]);
    await closeAll(first);

    const { readSide } = await startProcess(log, { projections: [orderTrackingProjection] });
    expect(await readSide.retryParked()).toEqual({ retried: 1, applied: 0, stillFailing: 1 });
    expect(await readSide.parked()).toEqual([
      parked[0],
      { ...parked[1], deliveryCount: 2 },
      parked[2],
      parked[3],
      parked[4],
      parked[5],
    ]);
  });

  it('removes a parked event that later events of its stream already filled in', async () => {
    const { first, second } = history();
    const log = new MemoryEventLog([...first, ...second]);
    // The third event of o-1 fails each time it is delivered; the fourth reads it from the log.
    const failingIds = new Set([first[2]!.eventId]);
    const { readSide, store } = await startProcess(log, {
      projections: [failingFor(orderTrackingProjection, failingIds)],
    });
    expect((await readSide.parked()).map((p) => p.event.eventId)).toEqual([first[2]!.eventId]);
    const converged = stored(store, orderTrackingProjection);
    expect(converged).toEqual(await expected(log, orderTrackingProjection));
    failingIds.clear();
    expect(await readSide.retryParked()).toEqual({ retried: 1, applied: 1, stillFailing: 0 });
    expect(stored(store, orderTrackingProjection)).toEqual(converged);
    expect((await readSide.status()).parked).toEqual([]);
  });

  it('keeps a retry that fails again with the new reason', async () => {
    const { second } = history();
    const log = new MemoryEventLog(second);
    const failingIds = new Set([second[1]!.eventId]);
    const { readSide } = await startProcess(log, {
      projections: [failingFor(orderTrackingProjection, failingIds)],
    });
    const [parked] = await readSide.parked();
    expect(await readSide.retryParked()).toEqual({ retried: 1, applied: 0, stillFailing: 1 });
    expect(await readSide.parked()).toEqual([
      {
        ...parked,
        reason: `${APPLY_FAILED_REASON}: retry failed: SQLITE_BUSY: database is locked`,
        deliveryCount: 4,
      },
    ]);
    failingIds.clear();
    expect(await readSide.retryParked({ eventId: second[1]!.eventId })).toEqual({
      retried: 1,
      applied: 1,
      stillFailing: 0,
    });
    expect(await readSide.parked()).toEqual([]);
  });
});

describe('ReadSide relay', () => {
  it('publishes only the stream categories its projections read', async () => {
    const recorder = new OrderEventRecorder();
    const order = recorder.stream('o-9', [orderPlaced('o-9', 'c-9')]);
    const refusal = {
      ...order[0]!,
      eventId: 'refusal-1',
      streamId: 'command-k1',
      type: 'CommandRejected',
      position: 99,
    };
    const log = new MemoryEventLog([...order, refusal as RecordedEvent]);
    const published: string[] = [];
    const bus = new InProcessBus();
    const publish = bus.publish.bind(bus);
    bus.publish = async (events) => {
      published.push(...events.map((event) => event.streamId));
      return publish(events);
    };
    const store = new SqliteReadStore({ path: ':memory:' });
    const readSide = new ReadSide({ events: log, store, bus, relay: { retryDelayMs: 10 } });
    await readSide.start();
    await eventually(async () => expect(await store.collection(ORDER_TRACKING_COLLECTION).get('o-9')).toBeDefined());
    await readSide.stop();
    await bus.close();
    await store.close();
    expect(published).toEqual(['order-o-9']);
  });
});
