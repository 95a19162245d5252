import type { DomainEvent, RecordedEvent } from '../shared/event.ts';

/** A location's stock figures after an event: available = onHand − reserved. */
export interface StockFigures {
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

/** What every reservation event says about the reservation it closes or opens. */
export interface ReservationData {
  readonly sku: string;
  readonly reservationId: string;
  readonly orderId: string;
  readonly lineId: string;
  readonly locationId: string;
  readonly quantity: number;
}

/**
 * The data of every inventory event, by type. Each carries the location's figures after it,
 * so no reader re-derives them.
 */
export interface InventoryEventDataMap {
  StockReceived: StockFigures & {
    readonly sku: string;
    readonly locationId: string;
    readonly quantity: number;
    readonly reference: string;
  };
  StockAdjusted: StockFigures & {
    readonly sku: string;
    readonly locationId: string;
    readonly delta: number;
    readonly reason: string;
  };
  StockReserved: StockFigures & ReservationData & { readonly expiresAt: string; readonly reservedAt: string };
  ReservationReleased: StockFigures & ReservationData & { readonly reason: string };
  ReservationCommitted: StockFigures & ReservationData & { readonly shipmentId: string };
  /** `expiredAt`: the time the expiry was decided at, past `expiresAt`. */
  ReservationExpired: StockFigures & ReservationData & { readonly expiresAt: string; readonly expiredAt: string };
}

/** An inventory event type. */
export type InventoryEventType = keyof InventoryEventDataMap;

/** Every inventory event type, in catalogue order. */
export const INVENTORY_EVENT_TYPES = [
  'StockReceived',
  'StockAdjusted',
  'StockReserved',
  'ReservationReleased',
  'ReservationCommitted',
  'ReservationExpired',
] as const satisfies readonly InventoryEventType[];

/** One inventory event type with its data, as stored. */
export type InventoryEventOf<T extends InventoryEventType> = DomainEvent<T, InventoryEventDataMap[T]>;

/** Any inventory event. */
export type InventoryEvent = { [T in InventoryEventType]: InventoryEventOf<T> }[InventoryEventType];

/** Any inventory event as read back from the store. */
export type RecordedInventoryEvent = RecordedEvent<InventoryEvent>;

/** An inventory event without id and metadata, as decide produces it. */
export type InventoryEventDraft = {
  [T in InventoryEventType]: { readonly type: T; readonly data: InventoryEventDataMap[T] };
}[InventoryEventType];

/** The stream category of stock: `inventory-<sku>`. */
export const INVENTORY_CATEGORY = 'inventory';

/** The stream a SKU's stock events live in, for every location. */
export function inventoryStreamId(sku: string): string {
  return `${INVENTORY_CATEGORY}-${sku}`;
}
