import {
  type CommandOutcome,
  type EventStore,
  figuresOf,
  foldInventory,
  type InventoryCommand,
  type InventoryEvent,
  type InventoryState,
  inventoryDecider,
  inventoryStreamId,
  type StockFigures,
  stockAt,
} from '@ordinal/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorHost } from './actor-host.ts';
import { envelope } from './counter.fixture.ts';
import { inventoryScript, type OrderScript, SCRIPT_LOCATIONS, SCRIPT_SKUS } from './inventory-script.fixture.ts';
import { type TempStore, tempStore, turns } from './temp-store.fixture.ts';

type InventoryHost = ActorHost<InventoryCommand, InventoryEvent, InventoryState>;

const SKUS = SCRIPT_SKUS;
const LOCATIONS = SCRIPT_LOCATIONS;
const expiresAt = '2030-01-01T00:00:00.000Z';
const clock = () => new Date('2026-03-02T09:00:00.000Z');

/** The figures a location must show, from the answers the callers got alone. */
interface Expected {
  onHand: number;
  reserved: number;
  /** Reservation id → quantity, for the reservations still holding units. */
  open: Map<string, number>;
}

const key = (sku: string, locationId: string) => `${sku}@${locationId}`;
const figures = (data: unknown): StockFigures => {
  const { onHand, reserved, available } = data as StockFigures;
  return { onHand, reserved, available };
};

function accepted(outcome: CommandOutcome): boolean {
  return outcome.status === 'accepted' && outcome.events.length > 0;
}

describe('ActorHost with the inventory decider, random concurrent order scripts on a real SQLite file', () => {
  let temp: TempStore;
  const stores: EventStore[] = [];

  beforeAll(async () => {
    temp = await tempStore();
    stores.push(await temp.open(), await temp.open());
  });

  afterAll(async () => {
    await temp.cleanup();
  });

  it('keeps reserved + available = on hand and nothing negative at every event, the answers agreeing with the log', async () => {
    const totals = { runs: 0, reserved: 0, refused: 0, released: 0, committed: 0, raced: 0, conflicts: 0 };
    await fc.assert(
      fc.asyncProperty(inventoryScript, async (plan) => {
        totals.runs += 1;
        const skus = Array.from({ length: SKUS }, (_, i) => `P${totals.runs}-${i}`);
        // Two hosts on two connections to one file: the same SKU has two writers, kept apart by
        // the append's expected revision.
        const hosts: InventoryHost[] = stores
          .slice(0, plan.hosts)
          .map((store) => new ActorHost({ store, decider: inventoryDecider, clock, maxConflictRetries: 10_000 }));
        const hostFor = (n: number) => hosts[n % hosts.length]!;
        const expected = new Map<string, Expected>();
        const at = (sku: string, locationId: string) => {
          const k = key(sku, locationId);
          const found = expected.get(k) ?? { onHand: 0, reserved: 0, open: new Map<string, number>() };
          expected.set(k, found);
          return found;
        };
        const refusals: { sku: string; outcome: CommandOutcome & { status: 'rejected' } }[] = [];
        const execute = async (n: number, command: InventoryCommand, commandId?: string) => {
          const sent = envelope(command, commandId === undefined ? {} : { commandId });
          const outcome = await hostFor(n).execute(sent);
          if (outcome.status === 'rejected') refusals.push({ sku: command.sku, outcome });
          return outcome;
        };
        const receive = async (sku: string, locationId: string, quantity: number) => {
          const outcome = await execute(0, { type: 'ReceiveStock', sku, locationId, quantity, reference: 'PO' });
          expect(accepted(outcome)).toBe(true);
          at(sku, locationId).onHand += quantity;
        };

        await Promise.all(
          plan.initial.map((quantity, i) =>
            quantity === 0 ? undefined : receive(skus[i % SKUS]!, LOCATIONS[Math.floor(i / SKUS)]!, quantity),
          ),
        );

        const playOrder = async (order: OrderScript, n: number) => {
          await turns(order.delay);
          const orderId = `o-${totals.runs}-${n}`;
          const lines = order.lines.map((line, i) => ({
            sku: skus[line.sku]!,
            locationId: LOCATIONS[line.location]!,
            reservationId: `${orderId}:${i + 1}`,
            quantity: line.quantity,
          }));
          const reserve = (line: (typeof lines)[number], i: number, hostShift = 0) =>
            execute(
              order.host + i + hostShift,
              {
                type: 'ReserveStock',
                sku: line.sku,
                reservationId: line.reservationId,
                orderId,
                lineId: String(i + 1),
                locationId: line.locationId,
                quantity: line.quantity,
                expiresAt,
              },
              `reserve-${line.reservationId}`,
            );
          const answers = await Promise.all(lines.map((line, i) => reserve(line, i)));
          if (order.resend) {
            // A retry under the same command id, through the other host, gets the first answer back.
            const again = await Promise.all(lines.map((line, i) => reserve(line, i, 1)));
            expect(again).toEqual(answers.map((first) => ({ ...first, duplicate: true })));
          }
          const held = lines.filter((line, i) => {
            const answer = answers[i]!;
            if (accepted(answer)) {
              const place = at(line.sku, line.locationId);
              place.reserved += line.quantity;
              place.open.set(line.reservationId, line.quantity);
              totals.reserved += 1;
              return true;
            }
            expect(answer.status === 'rejected' && answer.rejection.code).toBe('inventory.insufficient-stock');
            totals.refused += 1;
            return false;
          });
          await turns(order.pause);
          const release = (line: (typeof lines)[number]) =>
            execute(order.host, {
              type: 'ReleaseReservation',
              sku: line.sku,
              reservationId: line.reservationId,
              reason: 'order cancelled',
            });
          const commit = (line: (typeof lines)[number]) =>
            execute(order.host + 1, {
              type: 'CommitReservation',
              sku: line.sku,
              reservationId: line.reservationId,
              shipmentId: `s-${orderId}`,
            });
          const closed = (line: (typeof lines)[number], shipped: boolean) => {
            const place = at(line.sku, line.locationId);
            place.reserved -= line.quantity;
            if (shipped) place.onHand -= line.quantity;
            place.open.delete(line.reservationId);
          };
          if (order.fate === 'cancel') {
            // A cancellation releases every line; a line that was never reserved has nothing to give back.
            const released = await Promise.all(lines.map(release));
            released.forEach((answer, i) => {
              const line = lines[i]!;
              if (held.includes(line)) {
                expect(accepted(answer)).toBe(true);
                closed(line, false);
                totals.released += 1;
              } else {
                expect(answer.status === 'rejected' && answer.rejection.code).toBe('inventory.reservation-not-found');
              }
            });
          } else if (order.fate === 'ship') {
            for (const [i, answer] of (await Promise.all(held.map(commit))).entries()) {
              expect(accepted(answer)).toBe(true);
              closed(held[i]!, true);
              totals.committed += 1;
            }
          } else if (order.fate === 'race') {
            await Promise.all(
              held.map(async (line) => {
                const [released, committed] = await Promise.all([release(line), commit(line)]);
                // Exactly one of the two wins; the other finds the reservation closed.
                expect([accepted(released), accepted(committed)].filter(Boolean)).toHaveLength(1);
                const loser = accepted(released) ? committed : released;
                expect(loser.status === 'rejected' && loser.rejection.code).toBe('inventory.reservation-not-found');
                closed(line, accepted(committed));
                totals.raced += 1;
              }),
            );
          }
        };

        await Promise.all([
          ...plan.orders.map(playOrder),
          ...plan.restocks.map(async ({ sku, location, quantity, delay }) => {
            await turns(delay);
            await receive(skus[sku]!, LOCATIONS[location]!, quantity);
          }),
        ]);

        for (const sku of skus) {
          const events = (await stores[0]!.readStream(inventoryStreamId(sku))) as unknown as InventoryEvent[];
          // At every event: the figures it carries are the fold's, and the fold never oversells.
          let state = inventoryDecider.initialState();
          const after: InventoryState[] = [state];
          for (const event of events) {
            state = inventoryDecider.evolve(state, event);
            after.push(state);
            const { locationId } = event.data;
            expect(figures(event.data)).toEqual(figuresOf(stockAt(state, locationId)));
            for (const id of Object.keys(state.locations)) {
              const { onHand, reserved, available } = figuresOf(stockAt(state, id));
              expect(reserved + available).toBe(onHand);
              expect(Math.min(onHand, reserved, available)).toBeGreaterThanOrEqual(0);
            }
          }
          expect(state).toEqual(foldInventory(events));
          // Every live actor holds what the log says.
          for (const host of hosts) expect((await host.load(sku)).state).toEqual(state);
          // The answers the callers got add up to the log's figures and open reservations.
          for (const locationId of LOCATIONS) {
            const want = at(sku, locationId);
            expect(figuresOf(stockAt(state, locationId)), key(sku, locationId)).toEqual(
              figuresOf({ onHand: want.onHand, reserved: want.reserved }),
            );
            const open = Object.entries(state.reservations).filter(([, r]) => r.locationId === locationId);
            expect(new Map(open.map(([id, r]) => [id, r.quantity]))).toEqual(want.open);
            for (const [, r] of open) expect(r.quantity).toBeGreaterThan(0);
          }
          // A refusal for want of stock was true of the stream at the revision it was decided on.
          for (const { outcome } of refusals.filter((r) => r.sku === sku)) {
            if (outcome.rejection.code !== 'inventory.insufficient-stock') continue;
            const { locationId, requested, available } = outcome.rejection.details as {
              locationId: string;
              requested: number;
              available: number;
            };
            expect(available).toBeLessThan(requested);
            expect(figuresOf(stockAt(after[outcome.revision]!, locationId)).available).toBe(available);
          }
        }
        for (const host of hosts) totals.conflicts += host.stats().conflicts;
        await Promise.all(hosts.map((host) => host.close()));
      }),
      { numRuns: 100, seed: 20_260_304 },
    );
    // The scripts reached every branch: reservations taken and refused, released, committed, raced,
    // and two writers of one SKU meeting at the append.
    expect(totals.runs).toBe(100);
    for (const count of [totals.reserved, totals.refused, totals.released, totals.committed, totals.raced]) {
      expect(count).toBeGreaterThan(10);
    }
    expect(totals.conflicts).toBeGreaterThan(0);
  });
});
