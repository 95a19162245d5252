/**
 * How an inventory or location rejection should be answered: `not-found` (no such reservation
 * or location), `state` (not possible with the stock or data held now) or `invalid` (the
 * command's own data is wrong).
 */
export type InventoryRejectionKind = 'not-found' | 'state' | 'invalid';

/** Every code an inventory or location command can be rejected with, and its kind. Codes are stable. */
export const INVENTORY_REJECTION_CODES = {
  'inventory.reservation-not-found': 'not-found',
  'location.not-found': 'not-found',

  'inventory.insufficient-stock': 'state',
  'inventory.reservation-conflict': 'state',
  'inventory.below-reserved': 'state',
  'location.already-registered': 'state',

  'inventory.invalid-quantity': 'invalid',
  'inventory.invalid-field': 'invalid',
  'location.invalid-field': 'invalid',
} as const satisfies Readonly<Record<string, InventoryRejectionKind>>;

/** A stable code an inventory or location command may be rejected with. */
export type InventoryRejectionCode = keyof typeof INVENTORY_REJECTION_CODES;

/** The kind of a rejection code; undefined for codes that are not inventory's or a location's. */
export function inventoryRejectionKind(code: string): InventoryRejectionKind | undefined {
  return Object.hasOwn(INVENTORY_REJECTION_CODES, code)
    ? INVENTORY_REJECTION_CODES[code as InventoryRejectionCode]
    : undefined;
}
