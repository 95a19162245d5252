import type { InventoryEventDraft, RecordedInventoryEvent } from '../inventory/inventory.events.ts';
import { inventoryStreamId } from '../inventory/inventory.events.ts';
import type { LocationEvent } from '../inventory/location.decider.ts';
import { type Location, locationStreamId } from '../inventory/location.types.ts';
import type { DecisionFacts } from '../shared/decider.ts';
import type { EventDraft, RecordedEvent } from '../shared/event.ts';
import { minutesAfterT0 } from './order-fixtures.ts';

/** The fixtures' SKU and locations. */
export const INVENTORY_SKU = 'TEA-01';
export const WAREHOUSE_ID = 'wh-sh';
export const STORE_ID = 'st-bj';

/** A warehouse in Shanghai; override any field. */
export function warehouseLocation(overrides: Partial<Location> = {}): Location {
  return {
    locationId: WAREHOUSE_ID,
    name: 'Shanghai DC',
    kind: 'warehouse',
    coordinates: { lat: 31.23, lng: 121.47 },
    region: 'CN-31',
    country: 'CN',
    capabilities: ['fragile', 'express'],
    dailyCapacity: 5000,
    active: true,
    ...overrides,
  };
}

/** A store in Beijing; override any field. */
export function storeLocation(overrides: Partial<Location> = {}): Location {
  return warehouseLocation({
    locationId: STORE_ID,
    name: 'Beijing Sanlitun',
    kind: 'store',
    coordinates: { lat: 39.93, lng: 116.45 },
    region: 'CN-11',
    capabilities: ['store-pickup'],
    dailyCapacity: 40,
    ...overrides,
  });
}

function recorded<E extends RecordedEvent>(draft: EventDraft, index: number, streamId: string): E {
  const revision = index + 1;
  const occurredAt = minutesAfterT0(index);
  return {
    eventId: `${streamId}-evt-${revision}`,
    type: draft.type,
    data: draft.data,
    metadata: {
      schemaVersion: 1,
      occurredAt,
      correlationId: `corr-${streamId}`,
      causationId: `cmd-${revision}`,
      actor: { kind: 'role', role: 'ops' },
    },
    streamId,
    revision,
    position: revision * 10,
    recordedAt: occurredAt,
  } as E;
}

/** A recorded envelope for the draft at 0-based `index` of a SKU's stream. */
export function recordInventoryEvent(draft: EventDraft, index: number, sku = INVENTORY_SKU): RecordedInventoryEvent {
  return recorded(draft, index, inventoryStreamId(sku));
}

/** Recorded envelopes for inventory drafts, revisions 1…n. */
export function inventoryStream(drafts: readonly InventoryEventDraft[], sku = INVENTORY_SKU): RecordedInventoryEvent[] {
  return drafts.map((d, i) => recordInventoryEvent(d, i, sku));
}

/** A recorded envelope for the draft at 0-based `index` of a location's stream. */
export function recordLocationEvent(
  draft: EventDraft,
  index: number,
  locationId = WAREHOUSE_ID,
): RecordedEvent<LocationEvent> {
  return recorded(draft, index, locationStreamId(locationId));
}

/** Decision facts at `minutes` after T0, by an ops user. */
export function inventoryFacts(minutes = 0): DecisionFacts {
  return {
    now: minutesAfterT0(minutes),
    metadata: { commandId: `cmd-at-${minutes}`, correlationId: 'corr-test', actor: { kind: 'role', role: 'ops' } },
  };
}
