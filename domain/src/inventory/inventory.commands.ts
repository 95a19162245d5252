/** Every inventory command with its payload, by type. Imperative; the type name is the `type` string. */
export interface InventoryCommandPayloadMap {
  /** Goods arrived at a location (purchase order, transfer in, return to stock). */
  ReceiveStock: {
    readonly sku: string;
    readonly locationId: string;
    readonly quantity: number;
    /** What the goods came with: a delivery note, a transfer id. */
    readonly reference: string;
  };
  /**
   * A correction of what is on hand by a signed `delta` (a count found 3 fewer: −3). A delta,
   * not a counted figure, so the correction means the same whatever was received meanwhile.
   */
  AdjustStock: {
    readonly sku: string;
    readonly locationId: string;
    readonly delta: number;
    readonly reason: string;
  };
  /** Holds units at one location for an order line until `expiresAt`, unless released or committed before. */
  ReserveStock: {
    readonly sku: string;
    readonly reservationId: string;
    readonly orderId: string;
    readonly lineId: string;
    readonly locationId: string;
    readonly quantity: number;
    readonly expiresAt: string;
  };
  /** Gives a reservation's units back to what is available. */
  ReleaseReservation: { readonly sku: string; readonly reservationId: string; readonly reason: string };
  /** The reserved units left with a shipment: on hand and reserved both go down. */
  CommitReservation: { readonly sku: string; readonly reservationId: string; readonly shipmentId: string };
  /**
   * Releases every open reservation whose `expiresAt` has passed at `now`: the instant the caller's
   * clock read (a scheduler's), never later than the actor's own; without it, the actor's clock.
   * Either way it is recorded in each `ReservationExpired` as `expiredAt`.
   */
  ExpireReservations: { readonly sku: string; readonly now?: string };
}

/** An inventory command type. */
export type InventoryCommandType = keyof InventoryCommandPayloadMap;

/** One inventory command. */
export type InventoryCommandOf<T extends InventoryCommandType> = { readonly type: T } & InventoryCommandPayloadMap[T];

/** Any inventory command. */
export type InventoryCommand = { [T in InventoryCommandType]: InventoryCommandOf<T> }[InventoryCommandType];

/** Every inventory command type. */
export const INVENTORY_COMMAND_TYPES = [
  'ReceiveStock',
  'AdjustStock',
  'ReserveStock',
  'ReleaseReservation',
  'CommitReservation',
  'ExpireReservations',
] as const satisfies readonly InventoryCommandType[];
