import type { Decider, SnapshotHooks } from '../shared/decider.ts';
import type { InventoryCommand } from './inventory.commands.ts';
import { decideInventory } from './inventory.decide.ts';
import { INVENTORY_CATEGORY, type InventoryEvent } from './inventory.events.ts';
import { evolveInventory, figuresOf, type InventoryState, initialInventoryState } from './inventory.state.ts';

/** Snapshot hooks of a SKU's stock: the state is plain JSON already. */
export const inventorySnapshotHooks: SnapshotHooks<InventoryState> = {
  version: 'inventory-1',
  persist: (state) => JSON.parse(JSON.stringify(state)),
  restore(json) {
    const { sku, locations, reservations, closed } = (json ?? {}) as Record<string, unknown>;
    const isRecord = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!(sku === null || typeof sku === 'string') || ![locations, reservations, closed].every(isRecord)) {
      throw new TypeError('not an inventory state: { sku, locations, reservations, closed } expected');
    }
    return json as InventoryState;
  },
};

/** A SKU's stock in words: figures per location and the open reservations. */
export function describeInventory(state: InventoryState): Readonly<Record<string, unknown>> {
  const locations = Object.fromEntries(Object.entries(state.locations).map(([id, stock]) => [id, figuresOf(stock)]));
  return { sku: state.sku, locations, openReservations: Object.keys(state.reservations).length };
}

/**
 * A SKU's stock at every location: category `inventory`, one stream `inventory-<sku>` per SKU.
 * The SKU's actor is the single writer of all its locations, so reservations are serialised
 * and two orders can never take the same unit.
 */
export const inventoryDecider: Decider<InventoryCommand, InventoryEvent, InventoryState> = {
  category: INVENTORY_CATEGORY,
  initialState: initialInventoryState,
  evolve: evolveInventory,
  decide: decideInventory,
  entityId: (command) => command.sku,
  describe: describeInventory,
  snapshot: inventorySnapshotHooks,
};
