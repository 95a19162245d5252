import { dirname, join } from 'node:path';
import {
  type CommandEnvelope,
  type CommandOutcome,
  type EventStore,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  orderDecider,
  orderStateAt,
  type ReadStreamOptions,
  type RecordedEvent,
  toPersistedOrderState,
} from '@ordinal/domain';
import { commandForOrder as orderCommandFor, orderIntent } from '@ordinal/domain/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorHost } from './actor-host.ts';
import { envelope } from './counter.fixture.ts';
import { SqliteSnapshotStore } from './sqlite-snapshot-store.ts';
import { decorate, type TempStore, tempStore } from './temp-store.fixture.ts';

type OrderHost = ActorHost<OrderCommand, OrderEvent, OrderState>;
const clock = () => new Date('2026-03-02T09:00:00.000Z');
const fold = (events: readonly RecordedEvent[]) => orderStateAt(events as unknown as OrderEvent[], events.length);

describe('ActorHost with the order decider and a snapshot cache, random histories', () => {
  let temp: TempStore;
  let store: EventStore;
  let snapshots: SqliteSnapshotStore;

  beforeAll(async () => {
    temp = await tempStore();
    store = await temp.open();
    snapshots = SqliteSnapshotStore.open({ file: join(dirname(temp.file), 'snapshots.db') });
  });

  afterAll(async () => {
    await snapshots.close();
    await temp.cleanup();
  });

  it('snapshot + tail gives the full fold, and every earlier command its first answer', async () => {
    const totals = { runs: 0, restored: 0, deepest: 0 };
    const errors: unknown[] = [];
    const step = fc.record({ intent: orderIntent, restart: fc.integer({ min: 0, max: 5 }).map((n) => n === 0) });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(step, { minLength: 1, maxLength: 30, size: 'max' }),
        async (every, steps) => {
          totals.runs += 1;
          const orderId = `snap-${totals.runs}`;
          const streamId = `order-${orderId}`;
          const reads: (number | undefined)[] = [];
          const counted = decorate(store, {
            beforeRead: (id: string, options?: ReadStreamOptions) => {
              if (id === streamId) reads.push(options?.fromRevision);
            },
          });
          const open = (): OrderHost =>
            new ActorHost({
              store: counted,
              decider: orderDecider,
              clock,
              snapshots: { store: snapshots, every, onError: (error) => errors.push(error) },
            });
          let host = open();
          const sent: { envelope: CommandEnvelope<OrderCommand>; outcome: CommandOutcome }[] = [];
          for (const [i, { intent, restart }] of steps.entries()) {
            if (restart) {
              // A new host (a restart, or the entity passivated) goes on from the snapshot.
              await host.close();
              host = open();
            }
            const { state } = await host.load(orderId);
            const command = envelope(orderCommandFor(intent, state, orderId), { commandId: `${orderId}-${i}` });
            sent.push({ envelope: command, outcome: await host.execute(command) });
          }
          await host.close();

          const stream = await store.readStream(streamId);
          const stored = await snapshots.get(streamId);
          if (stream.length >= every) {
            // The last snapshot is at most `every - 1` events behind, and is the fold up to it.
            expect(stored?.revision).toBeGreaterThan(stream.length - every);
            expect(stored?.state).toEqual(toPersistedOrderState(fold(stream.slice(0, stored?.revision))));
            totals.restored += 1;
          } else {
            expect(stored).toBeUndefined();
          }
          const fresh = open();
          reads.length = 0;
          const loaded = await fresh.load(orderId);
          expect(reads[0]).toBe(stored?.revision);
          expect(loaded.revision).toBe(stream.length);
          expect(JSON.parse(JSON.stringify(toPersistedOrderState(loaded.state)))).toEqual(
            JSON.parse(JSON.stringify(toPersistedOrderState(fold(stream)))),
          );
          for (const { envelope: again, outcome } of sent) {
            expect(await fresh.execute(again)).toEqual({ ...outcome, duplicate: true });
          }
          expect(await store.streamRevision(streamId)).toBe(stream.length);
          await fresh.close();
          totals.deepest = Math.max(totals.deepest, stream.length);
        },
      ),
      { numRuns: 40, seed: 20_261_123 },
    );
    expect(errors).toEqual([]);
    expect(totals.restored).toBeGreaterThan(20);
    expect(totals.deepest).toBeGreaterThan(14);
  });
});
