import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ActorHost, type SnapshotStore, SqliteEventStore, SqliteSnapshotStore } from '@ordinal/actors';
import {
  foldOrder,
  type OrderCommand,
  type OrderEvent,
  orderDecider,
  orderStreamId,
  spawnOrder,
} from '@ordinal/domain';
import Database from 'better-sqlite3';
import { PLACE_ORDER_BODY } from './place-order.body.ts';

/** Median and 95th percentile of repeated timings, in milliseconds. */
export interface Timing {
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly runs: number;
}

/** Times `run` (after warm-up runs) and returns median and p95. */
export async function time(run: () => unknown | Promise<unknown>, runs = 60, warmup = 5): Promise<Timing> {
  for (let i = 0; i < warmup; i += 1) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { medianMs: at(0.5), p95Ms: at(0.95), runs };
}

/** The rehydration figures: the actor host's full load, its parts, and the raw read ceiling. */
export interface RehydrationFigures {
  readonly events: number;
  readonly rawRowsRead: Timing;
  readonly rawRowsReadAndParsed: Timing;
  readonly storeReadStream: Timing;
  readonly foldWithTransition: Timing;
  readonly foldWithActor: Timing;
  readonly hostLoad: Timing;
  /** Snapshot (every 100) 100 events behind the end, more than a host writing every 100 leaves. */
  readonly hostLoadWithSnapshot: Timing;
  /** The snapshot at the stream's last event: nothing to fold after it. */
  readonly hostLoadAtSnapshot: Timing;
  /** Persisting the state and command index and writing them (done after the answer). */
  readonly snapshotWrite: Timing;
  /** Events after the snapshot in the `hostLoadWithSnapshot` runs. */
  readonly snapshotTail: number;
}

/** How often the bench's host writes a snapshot, as in the embedded profile's default. */
export const SNAPSHOT_EVERY = 100;

const actor = { kind: 'system', component: 'bench' } as const;

/** Writes one order with `count` events through the actor host, then times reading it back. */
export async function measureRehydration(
  dir: string,
  count: number,
  onProgress: (done: number) => void,
): Promise<RehydrationFigures> {
  const file = join(dir, 'rehydration.db');
  const store = SqliteEventStore.open({ file, synchronous: 'NORMAL' });
  // The writing host snapshots every 100 events; `behind` keeps the last snapshot taken at least
  // 100 events before the end, the most a host with `every: 100` folds after a snapshot.
  const latest = SqliteSnapshotStore.open({ file: join(dir, 'snapshots.db') });
  const behind = SqliteSnapshotStore.open({ file: join(dir, 'snapshots-behind.db') });
  const both: SnapshotStore = {
    get: (streamId) => latest.get(streamId),
    async put(streamId, snapshot) {
      await latest.put(streamId, snapshot);
      if (snapshot.revision <= count - SNAPSHOT_EVERY) await behind.put(streamId, snapshot);
    },
    close: async () => {},
  };
  const onError = (error: unknown) => {
    throw error;
  };
  const host = new ActorHost({
    store,
    decider: orderDecider,
    snapshots: { store: both, every: SNAPSHOT_EVERY, onError },
  });
  const orderId = randomUUID();
  const send = (command: OrderCommand) =>
    host.execute({ command, metadata: { commandId: randomUUID(), correlationId: orderId, actor } });
  const placed = await send({ type: 'PlaceOrder', orderId, ...PLACE_ORDER_BODY });
  let revision = placed.status === 'accepted' ? placed.revision : 0;
  while (revision < count) {
    const outcome = await send({
      type: 'AddNote',
      orderId,
      noteId: `n${revision}`,
      text: `Customer called (${revision})`,
      visibility: 'internal',
    });
    if (outcome.status !== 'accepted') throw new Error(`AddNote refused: ${outcome.rejection.code}`);
    revision = outcome.revision;
    if (revision % 100 === 0) onProgress(revision);
  }
  await host.close();
  const streamId = orderStreamId(orderId);
  const raw = new Database(file, { readonly: true });
  const select = raw.prepare(
    'SELECT position, revision, event_id, type, data, metadata, recorded_at FROM events WHERE stream_id = ? ORDER BY revision',
  );
  const events = (await store.readStream(streamId)) as unknown as OrderEvent[];
  const stored = await latest.get(streamId);
  const tail = events.length - ((await behind.get(streamId))?.revision ?? 0);
  if (stored?.revision !== events.length || tail !== SNAPSHOT_EVERY) {
    throw new Error(`unexpected snapshots: latest at ${stored?.revision}, ${tail} events after the older one`);
  }
  const liveState = orderDecider.snapshot!.restore(stored.state);
  const loadWith = (snapshots: SnapshotStore) => async () => {
    const fresh = new ActorHost({ store, decider: orderDecider, snapshots: { store: snapshots, onError } });
    await fresh.load(orderId);
    await fresh.close();
  };
  const figures: RehydrationFigures = {
    events: events.length,
    rawRowsRead: await time(() => select.all(streamId)),
    rawRowsReadAndParsed: await time(() =>
      (select.all(streamId) as { data: string; metadata: string }[]).map((row) => [
        JSON.parse(row.data),
        JSON.parse(row.metadata),
      ]),
    ),
    storeReadStream: await time(() => store.readStream(streamId)),
    foldWithTransition: await time(() => foldOrder(events)),
    foldWithActor: await time(() => {
      const live = spawnOrder(orderDecider.initialState());
      for (const event of events) live.send(event);
      live.stop();
    }),
    hostLoad: await time(async () => {
      const fresh = new ActorHost({ store, decider: orderDecider });
      await fresh.load(orderId);
      await fresh.close();
    }),
    hostLoadWithSnapshot: await time(loadWith(behind)),
    hostLoadAtSnapshot: await time(loadWith(latest)),
    snapshotWrite: await time(() =>
      latest.put(streamId, { ...stored, state: orderDecider.snapshot!.persist(liveState) }),
    ),
    snapshotTail: tail,
  };
  raw.close();
  await Promise.all([latest.close(), behind.close()]);
  await store.close();
  return figures;
}
