import type { ParkedMessage, RecordedEvent } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import { PARKED_EVENTS_COLLECTION, ParkedEventStore } from './parked-event-store.ts';

const at = '2026-04-01T12:00:00.000Z';
const parked = (durableName: string, event: RecordedEvent, reason = 'cannot apply'): ParkedMessage => ({
  durableName,
  event,
  reason,
  deliveryCount: 1,
  parkedAt: at,
});

describe('ParkedEventStore', () => {
  let store: SqliteReadStore;
  let parkedEvents: ParkedEventStore;

  beforeEach(async () => {
    store = new SqliteReadStore({ path: ':memory:' });
    parkedEvents = new ParkedEventStore(store);
    await parkedEvents.setup();
  });

  afterEach(async () => {
    await store.close();
  });

  it('keeps one document per durable name and event id, with the whole event', async () => {
    const event = recordedEvent({ streamId: 'order-1', eventId: 'e-1', position: 7 });
    await parkedEvents.park(parked('orderTracking', event, 'first'));
    await parkedEvents.park({ ...parked('orderTracking', event, 'second'), deliveryCount: 4 });
    await parkedEvents.park(parked('dailyKpis', event));
    expect(store.storedDocuments(PARKED_EVENTS_COLLECTION).map((d) => d.id)).toEqual([
      'dailyKpis/e-1',
      'orderTracking/e-1',
    ]);
    expect(await store.collection(PARKED_EVENTS_COLLECTION).get('orderTracking/e-1')).toEqual({
      id: 'orderTracking/e-1',
      durableName: 'orderTracking',
      eventId: 'e-1',
      position: 7,
      event,
      reason: 'second',
      deliveryCount: 4,
      parkedAt: at,
    });
  });

  it('lists by durable name then log position, filtered by durable name or event id', async () => {
    const late = recordedEvent({ streamId: 'order-1', eventId: 'late', position: 9 });
    const early = recordedEvent({ streamId: 'order-2', eventId: 'early', position: 2 });
    await parkedEvents.park(parked('b', late));
    await parkedEvents.park(parked('b', early));
    await parkedEvents.park(parked('a', late));
    const keys = (list: ParkedMessage[]) => list.map((p) => `${p.durableName}:${p.event.eventId}`);
    expect(keys(await parkedEvents.list())).toEqual(['a:late', 'b:early', 'b:late']);
    expect(keys(await parkedEvents.list({ durableName: 'b' }))).toEqual(['b:early', 'b:late']);
    expect(keys(await parkedEvents.list({ eventId: 'late' }))).toEqual(['a:late', 'b:late']);
    expect(keys(await parkedEvents.list({ durableName: 'a', eventId: 'early' }))).toEqual([]);
    expect(await parkedEvents.count({ durableName: 'b' })).toBe(2);
    expect(await parkedEvents.list()).toContainEqual(parked('a', late));
  });

  it('removes a parked event, and only that one', async () => {
    const event = recordedEvent({ streamId: 'order-1', eventId: 'e-1' });
    await parkedEvents.park(parked('a', event));
    await parkedEvents.park(parked('b', event));
    expect(await parkedEvents.remove({ durableName: 'a', event })).toBe(true);
    expect(await parkedEvents.remove({ durableName: 'a', event })).toBe(false);
    expect((await parkedEvents.list()).map((p) => p.durableName)).toEqual(['b']);
  });

  it('keys an envelope without an event id by its content', async () => {
    const broken = { streamId: 'order-1', type: 'OrderPlaced' } as unknown as RecordedEvent;
    const other = { streamId: 'order-2', type: 'OrderPlaced' } as unknown as RecordedEvent;
    await parkedEvents.park(parked('a', broken, 'first'));
    await parkedEvents.park(parked('a', broken, 'again'));
    await parkedEvents.park(parked('a', other));
    const docs = await store
      .collection<{ id: string; eventId: string; position: number }>(PARKED_EVENTS_COLLECTION)
      .find();
    expect(docs).toHaveLength(2);
    expect(docs.every((d) => /^invalid-[0-9a-f]{24}$/.test(d.eventId) && d.position === 0)).toBe(true);
    expect((await parkedEvents.list()).map((p) => p.reason).sort()).toEqual(['again', 'cannot apply']);
    expect(await parkedEvents.remove({ durableName: 'a', event: broken })).toBe(true);
    expect((await parkedEvents.list()).map((p) => p.event)).toEqual([other]);
  });

  it('keeps durable names apart even when they contain the separator', async () => {
    await parkedEvents.park(parked('a/b', recordedEvent({ streamId: 'order-1', eventId: 'c' })));
    await parkedEvents.park(parked('a', recordedEvent({ streamId: 'order-1', eventId: 'b/c' })));
    expect(await parkedEvents.count()).toBe(2);
    expect((await parkedEvents.list({ durableName: 'a/b' })).map((p) => p.event.eventId)).toEqual(['c']);
  });
  it('erases the personal fields of events parked from the given streams, and keeps the rest', async () => {
    const data = {
      orderId: '1',
      customer: { customerId: 'c-1', name: 'Jane Doe' },
      total: { amount: 5, currency: 'EUR' },
    };
    const ofErased = recordedEvent({ streamId: 'order-1', eventId: 'e-1', type: 'OrderPlaced', data });
    const ofOther = recordedEvent({ streamId: 'order-2', eventId: 'e-2', type: 'OrderPlaced', data });
    await parkedEvents.park(parked('orderTracking', ofErased));
    await parkedEvents.park(parked('orderTracking', ofOther));
    expect(await parkedEvents.erasePersonalData(new Set(['order-1']))).toBe(1);
    const [first, second] = await parkedEvents.list();
    expect(first?.event.data).toEqual({ ...data, customer: { customerId: 'c-1', name: '[erased]' } });
    expect(first?.reason).toBe('cannot apply');
    expect(second?.event.data).toEqual(data);
    expect(await parkedEvents.erasePersonalData(new Set(['order-1']))).toBe(0);
  });
});
