import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRejection } from '../shared/rejection.ts';
import { inventoryFacts, recordInventoryEvent } from '../testing/inventory-fixtures.ts';
import { minutesAfterT0 } from '../testing/order-fixtures.ts';
import type { InventoryCommand } from './inventory.commands.ts';
import { inventoryDecider, inventorySnapshotHooks } from './inventory.decider.ts';
import type { InventoryEvent, RecordedInventoryEvent, StockFigures } from './inventory.events.ts';
import { figuresOf, type InventoryState, stockAt } from './inventory.state.ts';

const SKUS = ['TEA-01', 'CUP-02', 'POT-03'];
const LOCATIONS = ['wh-sh', 'wh-gz', 'st-bj'];
const RESERVATION_IDS = ['r-1', 'r-2', 'r-3', 'r-4', 'r-5', 'r-6'];

const sku = fc.constantFrom(...SKUS);
const locationId = fc.constantFrom(...LOCATIONS);
const reservationId = fc.constantFrom(...RESERVATION_IDS);
const quantity = fc.integer({ min: -2, max: 12 });

/** Commands in any order, valid or not, with the minute they are decided at. */
const step = fc.record({
  minute: fc.integer({ min: 0, max: 200 }),
  command: fc.oneof(
    fc.record({ type: fc.constant('ReceiveStock' as const), sku, locationId, quantity, reference: fc.constant('PO') }),
    fc.record({
      type: fc.constant('AdjustStock' as const),
      sku,
      locationId,
      delta: fc.integer({ min: -15, max: 15 }),
      reason: fc.constant('count'),
    }),
    fc.record({
      type: fc.constant('ReserveStock' as const),
      sku,
      reservationId,
      orderId: fc.constantFrom('o-1', 'o-2'),
      lineId: fc.constant('1'),
      locationId,
      quantity,
      expiresAt: fc.integer({ min: 0, max: 200 }).map(minutesAfterT0),
    }),
    fc.record({ type: fc.constant('ReleaseReservation' as const), sku, reservationId, reason: fc.constant('x') }),
    fc.record({
      type: fc.constant('CommitReservation' as const),
      sku,
      reservationId,
      shipmentId: fc.constantFrom('s-1', 's-2'),
    }),
    fc.record({ type: fc.constant('ExpireReservations' as const), sku }),
  ),
});

function checkInvariants(state: InventoryState): void {
  for (const id of Object.keys(state.locations)) {
    const { onHand, reserved, available } = figuresOf(stockAt(state, id));
    expect(reserved + available).toBe(onHand);
    expect(reserved).toBeGreaterThanOrEqual(0);
    expect(available).toBeGreaterThanOrEqual(0);
    const held = Object.values(state.reservations)
      .filter((r) => r.locationId === id)
      .reduce((sum, r) => sum + r.quantity, 0);
    expect(held).toBe(reserved);
  }
  for (const open of Object.values(state.reservations)) expect(open.quantity).toBeGreaterThan(0);
}

describe('inventory invariants over random command sequences', () => {
  it('keep reserved + available = on hand, nothing negative, and event figures equal to the fold', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const states = new Map<string, InventoryState>();
        const streams = new Map<string, RecordedInventoryEvent[]>();
        for (const { command, minute } of steps) {
          const target = command.sku;
          let state = states.get(target) ?? inventoryDecider.initialState();
          const stream = streams.get(target) ?? [];
          const decided = inventoryDecider.decide(command as InventoryCommand, state, inventoryFacts(minute));
          if (isRejection(decided)) continue;
          for (const draft of decided) {
            const event = recordInventoryEvent(draft, stream.length, target);
            stream.push(event);
            state = inventoryDecider.evolve(state, event as InventoryEvent);
            const data = event.data as unknown as StockFigures & { locationId: string; sku: string };
            expect(data.sku).toBe(target);
            expect({ onHand: data.onHand, reserved: data.reserved, available: data.available }).toEqual(
              figuresOf(stockAt(state, data.locationId)),
            );
            checkInvariants(state);
          }
          states.set(target, state);
          streams.set(target, stream);
        }
        // Replaying each stream from the start gives the same state: decisions are in the events.
        for (const [target, stream] of streams) {
          expect(stream.reduce(inventoryDecider.evolve, inventoryDecider.initialState())).toEqual(states.get(target));
          // A snapshot is only a shortcut: restored mid-stream, it folds the rest to the same state.
          const half = Math.floor(stream.length / 2);
          const early = stream.slice(0, half).reduce(inventoryDecider.evolve, inventoryDecider.initialState());
          const restored = inventorySnapshotHooks.restore(inventorySnapshotHooks.persist(early));
          expect(stream.slice(half).reduce(inventoryDecider.evolve, restored)).toEqual(states.get(target));
        }
      }),
      { numRuns: 300 },
    );
  });
});
