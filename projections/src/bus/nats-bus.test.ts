import type { RecordedEvent } from '@ordinal/domain';
import { connect, type NatsConnection } from 'nats';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../testing/eventually.ts';
import { natsSuite, startNatsServer } from '../testing/nats-server.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import { uniqueName } from '../testing/unique-name.ts';
import { busConformance } from './bus.conformance.ts';
import { isolatedBus, isolatedOptions, type NatsTestServer, natsTestServer } from './nats-bus.fixture.ts';
import { NatsBus } from './nats-bus.ts';
import { POSITION_HEADER, REVISION_HEADER, STREAM_ID_HEADER } from './nats-streams.ts';
import { streamSubjects } from './nats-subjects.ts';

const events = (streamId: string, count: number, firstPosition = 1): RecordedEvent[] =>
  Array.from({ length: count }, (_, i) =>
    recordedEvent({ streamId, revision: i + 1, position: firstPosition + i, type: 'OrderNoted' }),
  );

describe.skipIf(natsSuite() === 'skip')('NatsBus', () => {
  let server: NatsTestServer;
  let raw: NatsConnection;
  const cleanup: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    server = await natsTestServer();
    raw = await connect({ servers: server.url });
  });

  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  afterAll(async () => {
    await raw?.close();
    await server?.stop();
  });

  busConformance('NatsBus', () => isolatedBus(server.url));

  const newBus = async (overrides: Parameters<typeof isolatedBus>[1] = {}) => {
    const fixture = await isolatedBus(server.url, overrides);
    cleanup.push(fixture.dispose, () => fixture.bus.close());
    return fixture;
  };

  it('stores each event under its subject with position, stream id and revision headers', async () => {
    const { bus, options } = await newBus();
    const [event] = events('order-a.b', 1, 41);
    await bus.publish([event!]);
    const jsm = await raw.jetstreamManager();
    const stored = await jsm.streams.getMessage(options.stream!, { seq: 1 });
    expect(stored.subject).toBe(`${options.subjectPrefix}.order.a_2Eb.OrderNoted`);
    expect(stored.header.get(POSITION_HEADER)).toBe('41');
    expect(decodeURIComponent(stored.header.get(STREAM_ID_HEADER))).toBe('order-a.b');
    expect(stored.header.get(REVISION_HEADER)).toBe('1');
    expect(stored.json()).toEqual(event);
  });

  it('reports what the broker still holds for a durable: undelivered and unacknowledged', async () => {
    const { bus } = await newBus();
    const durableName = uniqueName('durable');
    expect(await bus.backlog(durableName)).toBeUndefined();
    const held: { ack(): Promise<void> }[] = [];
    const subscription = await bus.subscribe({ durableName, maxInFlight: 2 }, async (message) => {
      held.push(message);
    });
    cleanup.push(() => subscription.close());
    await bus.publish(events('order-backlog', 5));
    await eventually(async () => expect(await bus.backlog(durableName)).toEqual({ pending: 3, ackPending: 2 }));
    for (let acked = 0; acked < 5; acked += 1) {
      await eventually(() => expect(held.length).toBeGreaterThan(acked));
      await held[acked]!.ack();
    }
    await eventually(async () => expect(await bus.backlog(durableName)).toEqual({ pending: 0, ackPending: 0 }));
  });

  it('lets a consumer filter one order on the server with streamSubjects', async () => {
    const { bus, options } = await newBus();
    const mine = events('order-A1', 2);
    await bus.publish([mine[0]!, ...events('order-B2', 2), ...events('inventory-A1', 1), mine[1]!]);
    const js = raw.jetstream();
    const consumer = await js.consumers.get(options.stream!, {
      filterSubjects: streamSubjects('order', 'A1', options.subjectPrefix),
    });
    const batch = await consumer.fetch({ max_messages: 10, expires: 1_000 });
    const received: RecordedEvent[] = [];
    for await (const msg of batch) received.push(msg.json<RecordedEvent>());
    expect(received).toEqual(mine);
  });

  it('drops a re-published event id within the duplicate window, and stores it again after it', async () => {
    const { bus } = await newBus({ duplicateWindowMs: 500 });
    const [event] = events('order-dup', 1);
    await bus.publish([event!, event!]);
    await bus.publish([event!]);
    expect(bus.stats()).toMatchObject({ published: 1, connected: true, reconnects: 0 });
    await eventually(
      async () => {
        await bus.publish([event!]);
        expect(bus.stats().published).toBe(2);
      },
      10_000,
      250,
    );
  });

  it('tells the last position it holds: 0 when empty, then the last published', async () => {
    const { bus } = await newBus();
    expect(await bus.resumePosition()).toBe(0);
    await bus.publish(events('order-r', 3, 10));
    expect(await bus.resumePosition()).toBe(12);
  });

  it('keeps parked records in their own stream, one per durable and event, for a new instance', async () => {
    const { bus, options } = await newBus();
    const durableName = uniqueName('d');
    await bus.subscribe({ durableName }, (m) => m.park('cannot apply'));
    await bus.subscribe({ durableName: `${durableName}.other` }, (m) => m.ack());
    const batch = events('order-p', 2);
    await bus.publish(batch);
    await eventually(async () => expect(await bus.parked(durableName)).toHaveLength(2));
    await bus.close();
    const again = await NatsBus.connect(options);
    cleanup.push(() => again.close());
    const parked = await again.parked(durableName);
    expect(parked.map((p) => p.event)).toEqual(batch);
    expect(parked.every((p) => p.reason === 'cannot apply' && p.deliveryCount === 1)).toBe(true);
    expect(await again.parked(`${durableName}.other`)).toEqual([]);
    expect(await again.parked()).toHaveLength(2);
  });

  it('refuses a second live subscriber of a durable in the same bus, and takes it after close', async () => {
    const { bus } = await newBus();
    const first = await bus.subscribe({ durableName: 'd' }, (m) => m.ack());
    await expect(bus.subscribe({ durableName: 'd' }, (m) => m.ack())).rejects.toMatchObject({
      code: 'bus.durable-in-use',
    });
    await expect(bus.subscribe({ durableName: 'e', ackWaitMs: 0 }, (m) => m.ack())).rejects.toMatchObject({
      code: 'bus.invalid-options',
    });
    await first.close();
    const seen: string[] = [];
    await bus.subscribe({ durableName: 'd' }, async (m) => {
      seen.push(m.event.eventId);
      await m.ack();
    });
    const batch = events('order-x', 1);
    await bus.publish(batch);
    await eventually(() => expect(seen).toEqual([batch[0]!.eventId]));
    await bus.close();
    await expect(bus.publish(batch)).rejects.toMatchObject({ code: 'bus.closed' });
  });

  it('creates the consumer again when the server lost it', async () => {
    const { bus, options } = await newBus();
    const seen: number[] = [];
    await bus.subscribe({ durableName: 'lost' }, async (m) => {
      seen.push(m.event.position);
      await m.ack();
    });
    await bus.publish(events('order-l', 1, 1));
    await eventually(() => expect(seen).toEqual([1]));
    const jsm = await raw.jetstreamManager();
    await jsm.consumers.delete(options.stream!, 'lost');
    await bus.publish(events('order-m', 1, 2));
    // The new consumer has none of the old one's acks: it starts over (projections skip duplicates).
    await eventually(() => expect(seen.slice(1)).toEqual([1, 2]), 25_000, 50);
  });
});

describe.skipIf(natsSuite() === 'skip')('NatsBus across a broker restart', () => {
  it('resumes consuming, and refuses the first publish after the reconnect once', async () => {
    const server = await startNatsServer();
    const options = isolatedOptions(server.url);
    const bus = await NatsBus.connect(options);
    try {
      const seen: number[] = [];
      await bus.subscribe({ durableName: 'tracking', ackWaitMs: 1_000 }, async (m) => {
        seen.push(m.event.position);
        await m.ack();
      });
      await bus.publish(events('order-before', 3, 1));
      await eventually(() => expect(seen).toEqual([1, 2, 3]));

      await server.kill('SIGKILL');
      await server.restart();
      await eventually(() => expect(bus.stats()).toMatchObject({ reconnects: 1, connected: true }), 15_000);

      const after = events('order-after', 2, 10);
      await expect(bus.publish(after)).rejects.toMatchObject({ code: 'bus.reconnected' });
      // JetStream may need a moment after the restart; whatever fails now is not a reconnect.
      await eventually(
        async () => {
          await expect(bus.publish(after)).resolves.toBeUndefined();
        },
        15_000,
        200,
      );
      await eventually(() => expect(seen).toEqual(expect.arrayContaining([10, 11])), 20_000);
      expect(seen.indexOf(10)).toBeLessThan(seen.indexOf(11));
      expect(await bus.resumePosition()).toBe(11);
    } finally {
      await bus.close();
      await server.stop();
    }
  });
});
