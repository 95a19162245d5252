import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/in-process-bus.ts';
import { orderTrackingProjection } from '../order-tracking/order-tracking.projection.ts';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { CheckpointStore } from '../relay/checkpoint-store.ts';
import { Relay } from '../relay/relay.ts';
import { eventually } from '../testing/eventually.ts';
import { MemoryEventLog } from '../testing/memory-event-log.ts';
import { eventfulOrder, OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import { ProjectionRunner } from './projection-runner.ts';
import { type RebuildProgress, rebuild } from './rebuild.ts';

/** Orders of a few customers interleaved, plus one malformed event. */
function history(): RecordedEvent[] {
  const recorder = new OrderEventRecorder();
  const streams = Array.from({ length: 6 }, (_, i) => ({
    orderId: `o-${i}`,
    drafts:
      i % 2 === 0
        ? eventfulOrder(`o-${i}`, `c-${i % 3}`)
        : [orderPlaced(`o-${i}`, `c-${i % 3}`), orderDraft('OrderCancelled', { reason: 'no stock' })],
  }));
  const events: RecordedEvent[] = [];
  const steps = Math.max(...streams.map((s) => s.drafts.length));
  for (let step = 0; step < steps; step++) {
    for (const { orderId, drafts } of streams) {
      const draft = drafts[step];
      if (draft !== undefined) events.push(recorder.record(orderId, draft));
    }
    if (step === 3) events.push({ ...recorder.record('bad', orderPlaced('bad')), type: 'OrderTeleported' });
  }
  return events;
}

const PROJECTIONS = [orderTrackingProjection];

describe('rebuild', () => {
  let dir: string;
  let store: SqliteReadStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-rebuild-'));
    store = new SqliteReadStore({ path: join(dir, 'read.db') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const snapshot = () =>
    Object.fromEntries(
      PROJECTIONS.flatMap((p) => p.collections).map((name) => [name, store.storedDocuments(name)] as const),
    );

  it('rebuilds from position 0 to the same bytes the live pipeline wrote', async () => {
    const log = new MemoryEventLog();
    const bus = new InProcessBus();
    const runners = PROJECTIONS.map((projection) => new ProjectionRunner({ projection, bus, store, events: log }));
    for (const runner of runners) await runner.start();
    const checkpoints = new CheckpointStore(store);
    const relay = new Relay({ events: log, bus, checkpoints, batchSize: 16 });
    await relay.start();
    // Events arrive while the pipeline runs, in a few commits.
    const events = history();
    for (let i = 0; i < events.length; i += 25) log.append(events.slice(i, i + 25));
    const head = await log.headPosition();
    await eventually(async () => expect(await checkpoints.load('relay')).toBe(head));
    await relay.stop();
    for (const runner of runners) await runner.stop();
    await bus.close();
    expect(runners.map((r) => r.stats().invalid)).toEqual([1]);

    const live = snapshot();
    expect(live.orderTracking).toHaveLength(6);

    for (const projection of PROJECTIONS) {
      const progress: RebuildProgress[] = [];
      const result = await rebuild(projection, {
        events: log,
        store,
        pageSize: 10,
        onProgress: (p) => progress.push(p),
      });
      expect(result).toMatchObject({ position: head, applied: events.length - 1, skipped: 1, duplicates: 0 });
      expect(progress.at(-1)).toMatchObject({ position: head, head });
      const positions = progress.map((p) => p.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(progress.length).toBe(Math.ceil(events.length / 10));
    }
    expect(snapshot()).toEqual(live);
    expect(await checkpoints.load('relay')).toBe(head);
  });

  it('clears what the projection owned before replaying, and nothing else', async () => {
    const events = history().slice(0, 5);
    const log = new MemoryEventLog(events);
    await store.collection('orderTracking').put({ id: 'stale' });
    await store.collection('checkpoints').put({ id: 'relay' });
    await rebuild(orderTrackingProjection, { events: log, store });
    const ids = (await store.collection('orderTracking').find()).map((d) => d.id);
    expect(ids).toEqual(['o-0', 'o-1', 'o-2', 'o-3', 'o-4']);
    expect(await store.collection('checkpoints').get('relay')).toEqual({ id: 'relay' });
  });
});
