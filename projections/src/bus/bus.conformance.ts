import type { BusMessage, EventBus, RecordedEvent, SubscribeOptions } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/eventually.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import { uniqueName } from '../testing/unique-name.ts';
import { MAX_DELIVERIES_REASON } from './bus.errors.ts';

/** A bus to test and how to clean up after it (the suite closes the bus itself). */
export interface BusFixture {
  readonly bus: EventBus;
  dispose?(): Promise<void>;
}

interface Delivery {
  readonly eventId: string;
  readonly deliveryCount: number;
}

/**
 * The behaviour every EventBus adapter must show. Every test uses its own stream ids and
 * durable names, subscribes before publishing, and never assumes when `publish` resolves
 * (an in-memory bus waits for acks, a broker only for persistence).
 */
export function busConformance(name: string, createFixture: () => Promise<BusFixture>): void {
  describe(`EventBus conformance: ${name}`, () => {
    let fixture: BusFixture;
    let bus: EventBus;

    beforeEach(async () => {
      fixture = await createFixture();
      bus = fixture.bus;
    });

    afterEach(async () => {
      await bus.close();
      await fixture.dispose?.();
    });

    const events = (category: string, count: number): RecordedEvent[] => {
      const streamId = `${category}-${uniqueName('s')}`;
      return Array.from({ length: count }, (_, i) => recordedEvent({ streamId, revision: i + 1, position: i + 1 }));
    };

    /** Subscribes with a handler that records each delivery, then lets `react` settle it. */
    const record = async (
      options: Partial<SubscribeOptions>,
      react: (message: BusMessage, seen: Delivery[]) => Promise<void> = (m) => m.ack(),
    ) => {
      const seen: Delivery[] = [];
      const durableName = options.durableName ?? uniqueName('durable');
      const subscription = await bus.subscribe({ ...options, durableName }, async (message) => {
        seen.push({ eventId: message.event.eventId, deliveryCount: message.deliveryCount });
        await react(message, seen);
      });
      return { seen, subscription, durableName };
    };
    const ids = (list: readonly { eventId: string }[]) => list.map((e) => e.eventId);

    it('delivers published events to a durable subscription in order, once each', async () => {
      const { seen } = await record({});
      const batch = events('order', 5);
      await bus.publish(batch);
      await eventually(() => expect(ids(seen)).toEqual(ids(batch)));
      expect(seen.every((d) => d.deliveryCount === 1)).toBe(true);
    });

    it('delivers the full event envelope', async () => {
      const received: RecordedEvent[] = [];
      await bus.subscribe({ durableName: uniqueName('durable') }, async (m) => {
        received.push(m.event);
        await m.ack();
      });
      const [event] = events('order', 1);
      await bus.publish([event!]);
      await eventually(() => expect(received).toEqual([event]));
    });

    it('drops a re-published event id, within a publish and across publishes, per subscription', async () => {
      const first = await record({});
      const second = await record({});
      const batch = events('order', 3);
      await bus.publish([batch[0]!, batch[0]!, batch[1]!]);
      await bus.publish([batch[1]!, batch[2]!, batch[0]!]);
      await eventually(() => expect(ids(first.seen)).toEqual(ids(batch)));
      await eventually(() => expect(ids(second.seen)).toEqual(ids(batch)));
    });

    it('delivers only the categories a subscription asks for', async () => {
      const orders = await record({ categories: ['order'] });
      const everything = await record({});
      const orderEvents = events('order', 2);
      const stockEvents = events('inventory', 2);
      await bus.publish([orderEvents[0]!, stockEvents[0]!, orderEvents[1]!, stockEvents[1]!]);
      await eventually(() => expect(everything.seen).toHaveLength(4));
      expect(ids(orders.seen)).toEqual(ids(orderEvents));
    });

    it('redelivers a nak-ed message with deliveryCount + 1 before anything after it', async () => {
      const { seen } = await record({}, (m) => (m.deliveryCount === 1 && m.event.revision === 1 ? m.nak() : m.ack()));
      const batch = events('order', 3);
      await bus.publish(batch);
      await eventually(() => expect(seen).toHaveLength(4));
      expect(seen.map((d) => [batch.findIndex((e) => e.eventId === d.eventId), d.deliveryCount])).toEqual([
        [0, 1],
        [0, 2],
        [1, 1],
        [2, 1],
      ]);
    });

    it('honours the nak delay', async () => {
      const times: number[] = [];
      await record({}, (m) => {
        times.push(Date.now());
        return m.deliveryCount === 1 ? m.nak(300) : m.ack();
      });
      await bus.publish(events('order', 1));
      await eventually(() => expect(times).toHaveLength(2));
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(250);
    });

    it('redelivers a message that is not acked within ackWait', async () => {
      const { seen } = await record({ ackWaitMs: 200 }, (m) => (m.deliveryCount === 1 ? Promise.resolve() : m.ack()));
      const batch = events('order', 2);
      const published = bus.publish(batch);
      await eventually(() => expect(seen).toHaveLength(3));
      expect(seen.map((d) => d.deliveryCount)).toEqual([1, 2, 1]);
      expect(ids(seen)).toEqual([batch[0]!.eventId, batch[0]!.eventId, batch[1]!.eventId]);
      await published;
    });

    it('parks a message with the given reason and goes on with the next', async () => {
      const { seen, durableName } = await record({}, (m) =>
        m.event.revision === 2 ? m.park('cannot apply') : m.ack(),
      );
      const other = await record({});
      const batch = events('order', 3);
      await bus.publish(batch);
      await eventually(() => expect(ids(seen)).toEqual(ids(batch)));
      const parked = await bus.parked(durableName);
      expect(parked).toHaveLength(1);
      expect(parked[0]).toMatchObject({ durableName, reason: 'cannot apply', deliveryCount: 1, event: batch[1] });
      expect(Number.isNaN(Date.parse(parked[0]!.parkedAt))).toBe(false);
      expect(await bus.parked(other.durableName)).toEqual([]);
      expect((await bus.parked()).map((p) => p.durableName)).toContain(durableName);
    });

    it('parks a message itself after maxDeliveries unsettled deliveries', async () => {
      const { seen, durableName } = await record({ maxDeliveries: 3 }, (m) =>
        m.event.revision === 1 ? m.nak() : m.ack(),
      );
      const batch = events('order', 2);
      await bus.publish(batch);
      await eventually(() => expect(seen).toHaveLength(4));
      expect(seen.map((d) => d.deliveryCount)).toEqual([1, 2, 3, 1]);
      const parked = await eventually(async () => {
        const list = await bus.parked(durableName);
        expect(list).toHaveLength(1);
        return list;
      });
      expect(parked[0]!.event.eventId).toBe(batch[0]!.eventId);
      expect(parked[0]!.deliveryCount).toBe(3);
      expect(parked[0]!.reason).toContain(MAX_DELIVERIES_REASON);
    });

    it('redelivers when the handler throws', async () => {
      const { seen } = await record({}, async (m) => {
        if (m.deliveryCount === 1) throw new Error('projection failed');
        await m.ack();
      });
      await bus.publish(events('order', 1));
      await eventually(() => expect(seen.map((d) => d.deliveryCount)).toEqual([1, 2]));
    });

    it('keeps unsettled messages of a closed durable and resumes with them', async () => {
      const durableName = uniqueName('durable');
      const batch = events('order', 5);
      const first = await record({ durableName }, (m) => (m.event.revision <= 2 ? m.ack() : Promise.resolve()));
      const published = bus.publish(batch);
      await eventually(() => expect(first.seen).toHaveLength(3));
      await first.subscription.close();
      await published;
      const second = await record({ durableName });
      await eventually(() => expect(ids(second.seen)).toEqual(ids(batch.slice(2))));
      expect(second.seen[0]!.deliveryCount).toBeGreaterThanOrEqual(2);
      expect(second.seen.slice(1).every((d) => d.deliveryCount === 1)).toBe(true);
    });

    it('has up to maxInFlight messages out at once', async () => {
      const held: BusMessage[] = [];
      const { seen } = await record({ maxInFlight: 3 }, async (m) => {
        held.push(m);
      });
      const batch = events('order', 5);
      const published = bus.publish(batch);
      await eventually(() => expect(seen).toHaveLength(3));
      expect(ids(seen)).toEqual(ids(batch.slice(0, 3)));
      for (const m of held.splice(0)) await m.ack();
      await eventually(() => expect(seen).toHaveLength(5));
      for (const m of held.splice(0)) await m.ack();
      await published;
    });

    it('keeps durable subscriptions independent', async () => {
      const slow = await record({}, (m) => (m.deliveryCount === 1 ? m.nak(300) : m.ack()));
      const fast = await record({});
      const batch = events('order', 3);
      const published = bus.publish(batch);
      await eventually(() => expect(ids(fast.seen)).toEqual(ids(batch)));
      expect(slow.seen.length).toBeLessThan(4);
      await eventually(() => expect(slow.seen).toHaveLength(6));
      await published;
    });
  });
}
