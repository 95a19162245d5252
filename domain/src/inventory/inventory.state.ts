import type { InventoryEvent, ReservationData, StockFigures } from './inventory.events.ts';

/** What a location holds of the SKU. */
export interface LocationStock {
  readonly onHand: number;
  readonly reserved: number;
}

/** A reservation still holding units. */
export interface OpenReservation {
  readonly orderId: string;
  readonly lineId: string;
  readonly locationId: string;
  readonly quantity: number;
  readonly expiresAt: string;
}

/** How a reservation ended. */
export type ReservationEnd = 'released' | 'committed' | 'expired';

/** A reservation that no longer holds units, kept so retries and reused ids are recognised. */
export interface ClosedReservation extends OpenReservation {
  readonly status: ReservationEnd;
  readonly shipmentId?: string;
}

/** One SKU's stock at every location, and its reservations. */
export interface InventoryState {
  readonly sku: string | null;
  readonly locations: Readonly<Record<string, LocationStock>>;
  readonly reservations: Readonly<Record<string, OpenReservation>>;
  readonly closed: Readonly<Record<string, ClosedReservation>>;
}

/** State before any event. */
export function initialInventoryState(): InventoryState {
  return { sku: null, locations: {}, reservations: {}, closed: {} };
}

/** The record's own entry for a key (ids such as `constructor` are data, not the prototype). */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A location's stock; nothing for a location never stocked. */
export function stockAt(state: InventoryState, locationId: string): LocationStock {
  return ownEntry(state.locations, locationId) ?? { onHand: 0, reserved: 0 };
}

/** A location's figures with what is available. */
export function figuresOf(stock: LocationStock): StockFigures {
  return { onHand: stock.onHand, reserved: stock.reserved, available: stock.onHand - stock.reserved };
}

function withStock(state: InventoryState, sku: string, locationId: string, change: LocationStock): InventoryState {
  const stock = stockAt(state, locationId);
  const next = { onHand: stock.onHand + change.onHand, reserved: stock.reserved + change.reserved };
  return { ...state, sku, locations: { ...state.locations, [locationId]: next } };
}

function opened(data: ReservationData & { readonly expiresAt: string }): OpenReservation {
  const { orderId, lineId, locationId, quantity, expiresAt } = data;
  return { orderId, lineId, locationId, quantity, expiresAt };
}

function close(state: InventoryState, data: ReservationData, status: ReservationEnd, shipmentId?: string) {
  const open = ownEntry(state.reservations, data.reservationId);
  const reservations = Object.fromEntries(
    Object.entries(state.reservations).filter(([id]) => id !== data.reservationId),
  );
  const base = open ?? opened({ ...data, expiresAt: '' });
  const ended: ClosedReservation = shipmentId === undefined ? { ...base, status } : { ...base, status, shipmentId };
  return { ...state, reservations, closed: { ...state.closed, [data.reservationId]: ended } };
}

/**
 * The state after one more event. The figures are computed from the quantities, not copied
 * from the event, so the figures an event carries can be checked against the fold.
 */
export function evolveInventory(state: InventoryState, event: InventoryEvent): InventoryState {
  switch (event.type) {
    case 'StockReceived': {
      const { sku, locationId, quantity } = event.data;
      return withStock(state, sku, locationId, { onHand: quantity, reserved: 0 });
    }
    case 'StockAdjusted': {
      const { sku, locationId, delta } = event.data;
      return withStock(state, sku, locationId, { onHand: delta, reserved: 0 });
    }
    case 'StockReserved': {
      const { sku, locationId, quantity, reservationId } = event.data;
      const next = withStock(state, sku, locationId, { onHand: 0, reserved: quantity });
      return { ...next, reservations: { ...next.reservations, [reservationId]: opened(event.data) } };
    }
    case 'ReservationReleased':
    case 'ReservationExpired': {
      const { sku, locationId, quantity } = event.data;
      const status = event.type === 'ReservationReleased' ? 'released' : 'expired';
      return close(withStock(state, sku, locationId, { onHand: 0, reserved: -quantity }), event.data, status);
    }
    case 'ReservationCommitted': {
      const { sku, locationId, quantity, shipmentId } = event.data;
      const change = { onHand: -quantity, reserved: -quantity };
      return close(withStock(state, sku, locationId, change), event.data, 'committed', shipmentId);
    }
  }
}

/** Folds events from the start. */
export function foldInventory(events: readonly InventoryEvent[]): InventoryState {
  return events.reduce(evolveInventory, initialInventoryState());
}
