import { createServer } from 'node:net';
import { EventStoreDBClient, UnavailableError } from '@eventstore/db-client';
import type { RecordedEvent } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EsdbEventStore } from './esdb-event-store.ts';
import {
  anEvent,
  iteratorOf,
  rejectionOf,
  someEvents,
  uniquePrefix,
  withDeadline,
} from './event-store.conformance.fixtures.ts';
import { eventStoreConformance } from './event-store.conformance.ts';
import { EventStoreClosedError } from './sqlite-event-store.ts';

// Runs against a real server only, e.g. ORDINAL_ESDB_URL=esdb://localhost:2113?tls=false.
const url = process.env.ORDINAL_ESDB_URL ?? '';

describe.skipIf(url === '')('EsdbEventStore on a server', () => {
  eventStoreConformance('EsdbEventStore', async () => {
    const opened = [EsdbEventStore.connect({ url })];
    return {
      store: opened[0]!,
      reopen: async () => {
        const store = EsdbEventStore.connect({ url });
        opened.push(store);
        return store;
      },
      cleanup: async () => {
        await Promise.all(opened.map((store) => store.close()));
      },
      capabilities: { rejectsIdsOfOtherStreams: false },
    };
  });

  describe('beyond the conformance suite', () => {
    let store: EsdbEventStore;
    let client: EventStoreDBClient;
    beforeEach(() => {
      store = EsdbEventStore.connect({ url });
      client = EventStoreDBClient.connectionString(url);
    });
    afterEach(async () => {
      await store.close();
      await client.dispose();
    });

    it('never shows system events in reads, the head or subscriptions', async () => {
      const prefix = uniquePrefix();
      const start = await store.headPosition();
      const first = await store.append(`${prefix}-1`, someEvents(1), 'no-stream');
      // Stream metadata is written as a `$metadata` event to the system stream `$$<stream>`.
      await client.setStreamMetadata(`${prefix}-1`, { maxCount: 100 });
      const second = await store.append(`${prefix}-1`, someEvents(1), 1);
      const ours = [...first.events, ...second.events];

      const after = await store.readAll({ afterPosition: start });
      expect(after.filter((event) => event.streamId.includes(prefix))).toEqual(ours);
      expect(after.filter((event) => event.streamId.startsWith('$') || event.type.startsWith('$'))).toEqual([]);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(second.position);

      const subscription = store.subscribeAll({ afterPosition: start });
      const iterator = iteratorOf(subscription);
      const seen: RecordedEvent[] = [];
      const pull = async () => {
        while (seen.filter((event) => event.streamId.includes(prefix)).length < 2) {
          const next = await iterator.next();
          if (next.done) break;
          seen.push(next.value);
        }
      };
      await withDeadline(pull(), () => `saw ${seen.length} events`);
      await subscription.close();
      expect(seen.filter((event) => event.streamId.includes(prefix))).toEqual(ours);
      expect(seen.filter((event) => event.streamId.startsWith('$') || event.type.startsWith('$'))).toEqual([]);
    });

    it('shows only the streams of its own prefixes when connected with some', async () => {
      const prefix = uniquePrefix();
      const scoped = EsdbEventStore.connect({ url, streamPrefixes: [`${prefix}a-`] });
      try {
        const start = await store.headPosition();
        const wanted = await store.append(`${prefix}a-1`, someEvents(2), 'no-stream');
        await store.append(`${prefix}b-1`, someEvents(2), 'no-stream');
        expect(await scoped.readAll({ afterPosition: start })).toEqual(wanted.events);
        expect(await scoped.readAll({ afterPosition: start, streamPrefixes: [`${prefix}b-`] })).toEqual([]);
        expect(await scoped.headPosition()).toBe(wanted.position);
      } finally {
        await scoped.close();
      }
    });
  });
});

/** A loopback port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('EsdbEventStore without a server', () => {
  it("passes the client's 'unavailable' errors on, so callers can retry, and still closes", async () => {
    const store = EsdbEventStore.connect({ url: `esdb://user:secret@127.0.0.1:${await closedPort()}?tls=false` });
    const calls = [
      store.append('order-1', someEvents(1), 1),
      store.append('order-1', someEvents(1), 'any'),
      store.readStream('order-1'),
      store.readAll(),
      store.headPosition(),
      iteratorOf(store.subscribeAll()).next(),
    ];
    for (const call of calls) expect(await rejectionOf(call)).toBeInstanceOf(UnavailableError);
    await store.close();
    const closed = await rejectionOf(store.readStream('order-1'));
    expect(closed).toBeInstanceOf(EventStoreClosedError);
    expect((closed as Error).message).not.toContain('secret');
  });

  it('refuses what it cannot write before calling the server', async () => {
    const store = EsdbEventStore.connect({ url: `esdb://127.0.0.1:${await closedPort()}?tls=false` });
    try {
      expect(
        await rejectionOf(store.append('order-1', [{ ...anEvent(), eventId: 'not-a-uuid' }], 'any')),
      ).toBeInstanceOf(TypeError);
      expect(await rejectionOf(store.append('order-1', someEvents(1), -1))).toBeInstanceOf(RangeError);
      expect(await store.readStream('order-1', { maxCount: 0 })).toEqual([]);
      expect(await store.readAll({ maxCount: 0 })).toEqual([]);
    } finally {
      await store.close();
    }
    expect(() => EsdbEventStore.connect({ url: 'esdb://127.0.0.1:2113', idempotencyWindow: 0 })).toThrow(RangeError);
  });
});
