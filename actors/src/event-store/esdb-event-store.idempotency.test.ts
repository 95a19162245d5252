import { type DomainEvent, DuplicateEventIdError, type RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { StoredIds } from './esdb-event-store.idempotency.ts';
import { anEvent, rejectionOf, someEvents } from './event-store.conformance.fixtures.ts';

/** A stream as stored: revisions from 1, positions 10 apart, ids in lower case as the server returns them. */
function stream(events: readonly DomainEvent[]): RecordedEvent[] {
  return events.map((event, i) => ({
    ...event,
    eventId: event.eventId.toLowerCase(),
    streamId: 'order-1',
    revision: i + 1,
    position: 10 * (i + 1),
    recordedAt: '2025-01-01T00:00:00.000Z',
  }));
}

/** Feeds the stream newest first, stopping at the append's first id, as the adapter reads it. */
function lookBack(stored: readonly RecordedEvent[], append: readonly DomainEvent[]): StoredIds {
  const ids = new StoredIds(append);
  for (const event of [...stored].reverse()) if (ids.see(event)) break;
  return ids;
}

describe('StoredIds', () => {
  const [a, b, c, d] = someEvents(4);
  const stored = stream([a!, b!, c!, d!]);

  it('finds nothing when no id of the append is stored', () => {
    const ids = lookBack(stored, [anEvent(), anEvent()]);
    expect(ids.any).toBe(false);
    expect(ids.originalResult('order-1')).toBeUndefined();
  });

  it('answers a retry, or its leading part, with the events as stored', () => {
    expect(lookBack(stored, [b!, c!]).originalResult('order-1')).toEqual({
      streamId: 'order-1',
      revision: 3,
      position: 30,
      events: stored.slice(1, 3),
      duplicate: true,
    });
    const upper = { ...c!, eventId: c!.eventId.toUpperCase() };
    expect(lookBack(stored, [upper]).originalResult('order-1')).toMatchObject({ revision: 3, events: [stored[2]] });
  });

  it('stops looking back at the first id and knows where it is', () => {
    const ids = new StoredIds([b!, c!]);
    expect(ids.see(stored[3]!)).toBe(false);
    expect(ids.see(stored[2]!)).toBe(false);
    expect(ids.first).toBeUndefined();
    expect(ids.see(stored[1]!)).toBe(true);
    expect(ids.first).toBe(stored[1]);
  });

  it('refuses appends that mix stored and new ids or reorder stored ones, naming a stored id', async () => {
    const storedIds = stored.map((event) => event.eventId);
    for (const append of [
      [d!, anEvent()],
      [anEvent(), a!],
      [b!, a!],
      [a!, c!],
      [c!, d!, anEvent()],
    ]) {
      const error = await rejectionOf(Promise.resolve().then(() => lookBack(stored, append).originalResult('order-1')));
      expect(error).toBeInstanceOf(DuplicateEventIdError);
      expect(error).toMatchObject({ streamId: 'order-1' });
      expect(storedIds).toContain((error as DuplicateEventIdError).eventId);
    }
  });
});
