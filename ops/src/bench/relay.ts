import { join } from 'node:path';
import type { EventStore, RecordedEvent } from '@ordinal/domain';
import {
  CheckpointStore,
  eventSubject,
  NatsBus,
  POSITION_HEADER,
  REVISION_HEADER,
  Relay,
  SqliteReadStore,
  STREAM_ID_HEADER,
} from '@ordinal/projections';
import { connect, headers, type MsgHdrs } from 'nats';

/** Events moved, in how long, and the resulting rate. */
export interface Throughput {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/** The relay's throughput over JetStream beside a raw publish of the same messages. */
export interface RelayFigures {
  readonly relay: Throughput;
  /** Raw `nats` client publishes with acks: same subjects, bytes, headers, msg ids, batches. */
  readonly ceiling: Throughput;
  /** The largest batch the relay published, used as the ceiling's batch (and parallelism). */
  readonly batchSize: number;
  readonly batches: number;
}

/** Where the relay publishes: the bus's default stream on the given server. */
export const RELAY_STREAM = 'ORDINAL_EVENTS';

export function throughput(events: number, startedMs: number): Throughput {
  const seconds = (performance.now() - startedMs) / 1_000;
  return { events, seconds, eventsPerSecond: events / seconds };
}

/**
 * Runs the real Relay (SQLite event store → NatsBus, checkpoint in a SQLite read store) from
 * checkpoint 0 until its checkpoint reaches the log's head, then publishes the same messages
 * straight from a `nats` client into a fresh stream of the same shape: the ceiling.
 */
export async function measureRelay(
  events: EventStore,
  natsUrl: string,
  dir: string,
  onProgress: (published: number) => void,
): Promise<RelayFigures> {
  const head = await events.headPosition();
  const total = (await events.readAll({ afterPosition: 0, streamPrefixes: ['order-'] })).length;
  const bus = await NatsBus.connect({ servers: natsUrl, stream: RELAY_STREAM, name: 'bench-relay' });
  const checkpoints = new SqliteReadStore({ path: join(dir, 'relay-checkpoints.db') });
  let batchSize = 0;
  let batches = 0;
  let failure: unknown;
  let relayed: Throughput;
  try {
    let reached: () => void = () => {};
    const atHead = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let reported = 0;
    const relay = new Relay({
      events,
      bus,
      checkpoints: new CheckpointStore(checkpoints),
      streamPrefixes: ['order-'],
      onProgress: (progress) => {
        batches += 1;
        batchSize = Math.max(batchSize, progress.batch);
        if (progress.published - reported >= 10_000) {
          reported = progress.published;
          onProgress(progress.published);
        }
        if (progress.checkpoint >= head) reached();
      },
      onError: (error) => {
        failure ??= error;
        reached();
      },
    });
    const started = performance.now();
    await relay.start();
    await atHead;
    relayed = throughput(total, started);
    await relay.stop();
    if (failure !== undefined) throw failure;
    const status = await relay.status();
    if (status.published !== total) throw new Error(`the relay published ${status.published} of ${total} events`);
  } finally {
    await bus.close();
    await checkpoints.close();
  }
  const ceiling = await rawPublish(events, natsUrl, batchSize);
  return { relay: relayed, ceiling, batchSize, batches };
}

interface RawMessage {
  readonly subject: string;
  readonly payload: Uint8Array;
  readonly msgID: string;
  readonly headers: MsgHdrs;
}

const CEILING_PREFIX = 'bench.ceiling';

/**
 * Publishes every order event with acks, `batchSize` at a time all in flight, as NatsBus
 * does; the messages are encoded before the clock starts, so only publishing is timed.
 */
async function rawPublish(events: EventStore, natsUrl: string, batchSize: number): Promise<Throughput> {
  // The bus creates the stream, so the ceiling's stream has exactly the relay's settings.
  const setup = await NatsBus.connect({
    servers: natsUrl,
    stream: 'BENCH_CEILING',
    parkedStream: 'BENCH_CEILING_PARKED',
    subjectPrefix: CEILING_PREFIX,
  });
  await setup.close();
  const encoder = new TextEncoder();
  const messages = (await events.readAll({ afterPosition: 0, streamPrefixes: ['order-'] })).map(
    (event: RecordedEvent): RawMessage => {
      const h = headers();
      h.set(POSITION_HEADER, String(event.position));
      h.set(STREAM_ID_HEADER, encodeURIComponent(event.streamId));
      h.set(REVISION_HEADER, String(event.revision));
      return {
        subject: eventSubject(event, CEILING_PREFIX),
        payload: encoder.encode(JSON.stringify(event)),
        msgID: event.eventId,
        headers: h,
      };
    },
  );
  const nc = await connect({ servers: natsUrl, name: 'bench-ceiling' });
  try {
    const js = nc.jetstream();
    const started = performance.now();
    let stored = 0;
    for (let i = 0; i < messages.length; i += batchSize) {
      const acks = await Promise.all(
        messages
          .slice(i, i + batchSize)
          .map((m) => js.publish(m.subject, m.payload, { msgID: m.msgID, headers: m.headers })),
      );
      stored += acks.filter((ack) => !ack.duplicate).length;
    }
    const figures = throughput(messages.length, started);
    if (stored !== messages.length) throw new Error(`the ceiling stored ${stored} of ${messages.length} messages`);
    return figures;
  } finally {
    await nc.drain();
  }
}
