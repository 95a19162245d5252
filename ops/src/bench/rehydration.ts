import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ActorHost, SqliteEventStore } from '@ordinal/actors';
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
}

const actor = { kind: 'system', component: 'bench' } as const;

/** Writes one order with `count` events through the actor host, then times reading it back. */
export async function measureRehydration(
  dir: string,
  count: number,
  onProgress: (done: number) => void,
): Promise<RehydrationFigures> {
  const file = join(dir, 'rehydration.db');
  const store = SqliteEventStore.open({ file, synchronous: 'NORMAL' });
  const host = new ActorHost({ store, decider: orderDecider });
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
  };
  raw.close();
  await store.close();
  return figures;
}
