import type { BusMessage, RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { eventually } from '../testing/eventually.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import { busConformance } from './bus.conformance.ts';
import { InProcessBus } from './in-process-bus.ts';

busConformance('InProcessBus', async () => ({ bus: new InProcessBus() }));

const batch = (count: number, streamId = 'order-1'): RecordedEvent[] =>
  Array.from({ length: count }, (_, i) => recordedEvent({ streamId, revision: i + 1, position: i + 1 }));

describe('InProcessBus specifics', () => {
  it('resolves publish only once every active durable has acked or parked the events', async () => {
    const bus = new InProcessBus();
    const held: BusMessage[] = [];
    await bus.subscribe({ durableName: 'acks' }, async (m) => {
      held.push(m);
    });
    await bus.subscribe({ durableName: 'parks' }, (m) => m.park('not for me'));
    let resolved = false;
    const published = bus.publish(batch(2)).then(() => {
      resolved = true;
    });
    await eventually(() => expect(held).toHaveLength(1));
    await held[0]!.ack();
    await eventually(() => expect(held).toHaveLength(2));
    expect(resolved).toBe(false);
    await held[1]!.ack();
    await published;
    expect(resolved).toBe(true);
    expect(await bus.parked('parks')).toHaveLength(2);
    await bus.close();
  });

  it('does not wait for closed durables, and resolves at once without subscribers', async () => {
    const bus = new InProcessBus();
    await bus.publish(batch(3));
    const subscription = await bus.subscribe({ durableName: 'gone' }, async () => {});
    await subscription.close();
    await bus.publish(batch(3, 'order-2'));
    const seen: string[] = [];
    await bus.subscribe({ durableName: 'gone' }, async (m) => {
      seen.push(m.event.streamId);
      await m.ack();
    });
    // Events published while it was closed are kept for it; those from before it existed are not.
    await eventually(() => expect(seen).toEqual(['order-2', 'order-2', 'order-2']));
    await bus.close();
  });

  it('makes a re-publish of an event still in flight wait for the first delivery', async () => {
    const bus = new InProcessBus();
    const held: BusMessage[] = [];
    await bus.subscribe({ durableName: 'd' }, async (m) => {
      held.push(m);
    });
    const events = batch(1);
    const first = bus.publish(events);
    let again = false;
    const second = bus.publish(events).then(() => {
      again = true;
    });
    await eventually(() => expect(held).toHaveLength(1));
    expect(again).toBe(false);
    await held[0]!.ack();
    await Promise.all([first, second]);
    expect(held).toHaveLength(1);
    await bus.close();
  });

  it('rejects publishes still waiting when the bus closes', async () => {
    const bus = new InProcessBus();
    await bus.subscribe({ durableName: 'd' }, async () => {});
    const published = bus.publish(batch(1));
    await bus.close();
    await expect(published).rejects.toMatchObject({ code: 'bus.closed' });
  });

  it('forgets ids beyond the dedup window', async () => {
    const bus = new InProcessBus({ dedupWindow: 2 });
    const seen: string[] = [];
    await bus.subscribe({ durableName: 'd' }, async (m) => {
      seen.push(m.event.eventId);
      await m.ack();
    });
    const [a, b, c] = batch(3);
    await bus.publish([a!, b!, c!]);
    await bus.publish([c!, a!]);
    expect(seen).toEqual([a!.eventId, b!.eventId, c!.eventId, a!.eventId]);
    await bus.close();
  });

  it('delivers a long backlog in order to a handler that acks synchronously', async () => {
    const bus = new InProcessBus();
    let expected = 1;
    let outOfOrder = 0;
    await bus.subscribe({ durableName: 'd' }, (m) => {
      if (m.event.revision !== expected) outOfOrder += 1;
      expected += 1;
      return m.ack();
    });
    await bus.publish(batch(20_000));
    expect(expected).toBe(20_001);
    expect(outOfOrder).toBe(0);
    await bus.close();
  });

  it('refuses a second subscriber on a durable name, bad options, and use after close', async () => {
    const bus = new InProcessBus({ clock: () => new Date('2025-02-03T04:05:06.000Z') });
    await bus.subscribe({ durableName: 'd' }, (m) => m.park('x'));
    await expect(bus.subscribe({ durableName: 'd' }, async () => {})).rejects.toMatchObject({
      code: 'bus.durable-in-use',
    });
    await expect(bus.subscribe({ durableName: 'e', maxInFlight: 0 }, async () => {})).rejects.toMatchObject({
      code: 'bus.invalid-options',
    });
    await bus.publish(batch(1));
    expect((await bus.parked('d'))[0]?.parkedAt).toBe('2025-02-03T04:05:06.000Z');
    await bus.close();
    await expect(bus.publish(batch(1))).rejects.toMatchObject({ code: 'bus.closed' });
    expect(() => new InProcessBus({ dedupWindow: 0 })).toThrow(/dedupWindow/);
  });
});
