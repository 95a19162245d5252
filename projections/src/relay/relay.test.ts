import type { BusMessage, EventBus, RecordedEvent } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/in-process-bus.ts';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { eventually } from '../testing/eventually.ts';
import { MemoryEventLog } from '../testing/memory-event-log.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import { CheckpointStore } from './checkpoint-store.ts';
import { Relay, type RelayProgress } from './relay.ts';

/** `count` events spread over streams, positions from `firstPosition` with gaps of 2. */
function logEvents(count: number, firstPosition = 2, streams = ['order-a', 'order-b', 'inventory-x']): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const streamId = streams[i % streams.length]!;
    const revision = (revisions.get(streamId) ?? 0) + 1;
    revisions.set(streamId, revision);
    return recordedEvent({ streamId, revision, position: firstPosition + 2 * i });
  });
}

describe('Relay', () => {
  let store: SqliteReadStore;
  let checkpoints: CheckpointStore;
  const relays: Relay[] = [];
  const buses: InProcessBus[] = [];

  beforeEach(() => {
    store = new SqliteReadStore({ path: ':memory:' });
    checkpoints = new CheckpointStore(store);
  });

  afterEach(async () => {
    for (const relay of relays.splice(0)) await relay.stop();
    for (const bus of buses.splice(0)) await bus.close();
    await store.close();
  });

  const newBus = () => {
    const bus = new InProcessBus();
    buses.push(bus);
    return bus;
  };
  const newRelay = (options: Omit<ConstructorParameters<typeof Relay>[0], 'checkpoints'>) => {
    const relay = new Relay({ checkpoints, retryDelayMs: 10, ...options });
    relays.push(relay);
    return relay;
  };
  const collect = async (bus: InProcessBus, durableName = 'all') => {
    const seen: RecordedEvent[] = [];
    await bus.subscribe({ durableName }, async (m) => {
      seen.push(m.event);
      await m.ack();
    });
    return seen;
  };

  it('publishes the log in order, in batches of what is available, and checkpoints the last position', async () => {
    const log = new MemoryEventLog(logEvents(600));
    const bus = newBus();
    const seen = await collect(bus);
    const progress: RelayProgress[] = [];
    const relay = newRelay({ events: log, bus, batchSize: 256, onProgress: (p) => progress.push(p) });
    await relay.start();
    await eventually(() => expect(seen).toHaveLength(600));
    expect(seen).toEqual(log.events);
    await eventually(() => expect(progress.map((p) => p.batch)).toEqual([256, 256, 88]));
    expect(await checkpoints.load('relay')).toBe(log.events.at(-1)!.position);
    expect(await relay.status()).toMatchObject({ checkpoint: 1200, published: 600, lagPositions: 0, running: true });
  });

  it('follows events committed after it started', async () => {
    const log = new MemoryEventLog(logEvents(3));
    const bus = newBus();
    const seen = await collect(bus);
    await newRelay({ events: log, bus }).start();
    await eventually(() => expect(seen).toHaveLength(3));
    const later = logEvents(4, 100);
    log.append(later);
    await eventually(() => expect(seen).toHaveLength(7));
    expect(seen.slice(3)).toEqual(later);
  });

  it('stores the checkpoint only after publish resolved', async () => {
    const log = new MemoryEventLog(logEvents(4));
    const bus = newBus();
    const held: BusMessage[] = [];
    await bus.subscribe({ durableName: 'slow' }, async (m) => {
      held.push(m);
    });
    const relay = newRelay({ events: log, bus, batchSize: 2, name: 'r' });
    await relay.start();
    await eventually(() => expect(held).toHaveLength(1));
    expect(await checkpoints.load('r')).toBe(0);
    await held[0]!.ack();
    await eventually(() => expect(held).toHaveLength(2));
    expect(await checkpoints.load('r')).toBe(0);
    expect((await relay.status()).lagPositions).toBe(log.events[3]!.position);
    await held[1]!.ack();
    await eventually(async () => expect(await checkpoints.load('r')).toBe(log.events[1]!.position));
    await held[2]!.ack();
    await held[3]!.ack();
    await eventually(async () => expect(await checkpoints.load('r')).toBe(log.events[3]!.position));
  });

  it('resumes after a crash from the stored checkpoint without losing an event', async () => {
    const log = new MemoryEventLog(logEvents(10));
    const firstBus = newBus();
    const applied: RecordedEvent[] = [];
    await firstBus.subscribe({ durableName: 'p' }, async (m) => {
      // The projection dies (stops acking) after the sixth event.
      if (applied.length < 6) {
        applied.push(m.event);
        await m.ack();
      }
    });
    const first = new Relay({ events: log, bus: firstBus, checkpoints, batchSize: 4, retryDelayMs: 10_000 });
    await first.start();
    await eventually(() => expect(applied).toHaveLength(6));
    // The process goes away: the bus and its memory are gone, the relay never checkpoints batch 2.
    await firstBus.close();
    await first.stop();
    const saved = await checkpoints.load('relay');
    expect(saved).toBe(log.events[3]!.position);

    log.append(logEvents(2, 500));
    const secondBus = newBus();
    const seen = await collect(secondBus, 'p');
    await newRelay({ events: log, bus: secondBus, batchSize: 4 }).start();
    await eventually(() => expect(seen).toHaveLength(8));
    expect(seen).toEqual(log.events.filter((e) => e.position > saved));
    const everything = new Set([...applied, ...seen].map((e) => e.eventId));
    expect(everything.size).toBe(log.events.length);
  });

  it('finishes the batch in flight when stopped, then publishes nothing more', async () => {
    const log = new MemoryEventLog(logEvents(3));
    const bus = newBus();
    const held: BusMessage[] = [];
    await bus.subscribe({ durableName: 'slow' }, async (m) => {
      held.push(m);
    });
    const relay = newRelay({ events: log, bus, batchSize: 2 });
    await relay.start();
    await eventually(() => expect(held).toHaveLength(1));
    let stopped = false;
    const stopping = relay.stop().then(() => {
      stopped = true;
    });
    await held[0]!.ack();
    await eventually(() => expect(held).toHaveLength(2));
    expect(stopped).toBe(false);
    await held[1]!.ack();
    await stopping;
    expect(await checkpoints.load('relay')).toBe(log.events[1]!.position);
    expect(await relay.status()).toMatchObject({ running: false, published: 2 });
    log.append(logEvents(1, 100));
    expect(held).toHaveLength(2);
  });

  it('relays only the stream prefixes asked for', async () => {
    const log = new MemoryEventLog(logEvents(9));
    const bus = newBus();
    const seen = await collect(bus);
    await newRelay({ events: log, bus, streamPrefixes: ['order-'] }).start();
    await eventually(async () => expect(await checkpoints.load('relay')).toBe(log.events[7]!.position));
    expect(seen).toEqual(log.events.filter((e) => e.streamId.startsWith('order-')));
  });

  it('starts every follow from the position the bus says it durably holds, when that is lower', async () => {
    const log = new MemoryEventLog(logEvents(10));
    await checkpoints.save('relay', log.events[7]!.position);
    const published: RecordedEvent[][] = [];
    let asked = 0;
    let failOnce = true;
    // Only what the relay looks at: a broker that lost its last three events in a restart.
    const bus: EventBus = {
      publish: async (batch) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('connection lost');
        }
        published.push([...batch]);
      },
      resumePosition: async () => {
        asked += 1;
        return log.events[4]!.position;
      },
      subscribe: async () => ({ close: async () => {} }),
      parked: async () => [],
      close: async () => {},
    };
    const relay = newRelay({ events: log, bus });
    await relay.start();
    await eventually(async () => expect(await checkpoints.load('relay')).toBe(log.events[9]!.position));
    expect(published.flat()).toEqual(log.events.slice(5));
    expect(asked).toBe(2);
  });

  it('reports a failing bus, retries, and still stops', async () => {
    const log = new MemoryEventLog(logEvents(2));
    const bus = newBus();
    await bus.close();
    const errors: unknown[] = [];
    const relay = newRelay({ events: log, bus, onError: (e) => errors.push(e) });
    await relay.start();
    await eventually(() => expect(errors.length).toBeGreaterThanOrEqual(2));
    expect(await relay.status()).toMatchObject({ checkpoint: 0, published: 0, lastError: 'the bus is closed' });
    await relay.stop();
    expect((await relay.status()).running).toBe(false);
    expect(await checkpoints.load('relay')).toBe(0);
  });
});
