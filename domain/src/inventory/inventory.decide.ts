import type { DecisionFacts } from '../shared/decider.ts';
import { type Rejection, reject } from '../shared/rejection.ts';
import type { InventoryCommand, InventoryCommandOf } from './inventory.commands.ts';
import type { InventoryEventDraft } from './inventory.events.ts';
import { decideCommit, decideExpiry, decideRelease } from './inventory.reservations.ts';
import { figuresOf, type InventoryState, type OpenReservation, ownEntry, stockAt } from './inventory.state.ts';

type Decision = readonly InventoryEventDraft[] | Rejection;

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** `inventory.invalid-field` for the first blank text field among those named. */
export function blankField(command: object, fields: readonly string[]): Rejection | undefined {
  const field = fields.find((name) => !isText((command as Record<string, unknown>)[name]));
  return field === undefined
    ? undefined
    : reject('inventory.invalid-field', `${field} must not be blank`, { field, reason: 'must not be blank' });
}

function invalidQuantity(field: string, value: unknown, sku: string): Rejection {
  return reject('inventory.invalid-quantity', `${field} must be a positive integer`, { sku, field, value });
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function receive(command: InventoryCommandOf<'ReceiveStock'>, state: InventoryState): Decision {
  const { sku, locationId, quantity, reference } = command;
  if (!isPositiveInteger(quantity)) return invalidQuantity('quantity', quantity, sku);
  const stock = stockAt(state, locationId);
  const after = figuresOf({ onHand: stock.onHand + quantity, reserved: stock.reserved });
  return [{ type: 'StockReceived', data: { sku, locationId, quantity, reference, ...after } }];
}

function adjust(command: InventoryCommandOf<'AdjustStock'>, state: InventoryState): Decision {
  const { sku, locationId, delta, reason } = command;
  if (!Number.isSafeInteger(delta) || delta === 0) {
    return reject('inventory.invalid-quantity', 'delta must be a non-zero integer', {
      sku,
      field: 'delta',
      value: delta,
    });
  }
  const stock = stockAt(state, locationId);
  const onHand = stock.onHand + delta;
  if (onHand < stock.reserved) {
    // Reserved units are promised to orders; lower the stock only after releasing them.
    return reject(
      'inventory.below-reserved',
      `on hand at ${locationId} may not go below the ${stock.reserved} reserved`,
      {
        sku,
        locationId,
        delta,
        onHand: stock.onHand,
        reserved: stock.reserved,
      },
    );
  }
  return [{ type: 'StockAdjusted', data: { sku, locationId, delta, reason, ...figuresOf({ ...stock, onHand }) } }];
}

/** True when a held or closed reservation is the one the command asks for. */
function sameReservation(held: OpenReservation, asked: InventoryCommandOf<'ReserveStock'>): boolean {
  return (
    held.orderId === asked.orderId &&
    held.lineId === asked.lineId &&
    held.locationId === asked.locationId &&
    held.quantity === asked.quantity &&
    held.expiresAt === asked.expiresAt
  );
}

function reserve(command: InventoryCommandOf<'ReserveStock'>, state: InventoryState, facts: DecisionFacts): Decision {
  const { sku, reservationId, orderId, lineId, locationId, quantity, expiresAt } = command;
  if (!isPositiveInteger(quantity)) return invalidQuantity('quantity', quantity, sku);
  if (Number.isNaN(Date.parse(expiresAt))) {
    return reject('inventory.invalid-field', 'expiresAt must be an ISO 8601 instant', { field: 'expiresAt' });
  }
  const known = ownEntry(state.reservations, reservationId) ?? ownEntry(state.closed, reservationId);
  if (known !== undefined) {
    // The same reservation asked for again (a retry) needs nothing more; an id means one reservation.
    if (sameReservation(known, command)) return [];
    return reject('inventory.reservation-conflict', `reservation ${reservationId} exists with other data`, {
      sku,
      reservationId,
      existing: known,
    });
  }
  const stock = stockAt(state, locationId);
  const available = stock.onHand - stock.reserved;
  if (available < quantity) {
    return reject('inventory.insufficient-stock', `only ${available} of ${sku} available at ${locationId}`, {
      sku,
      locationId,
      requested: quantity,
      available,
    });
  }
  const after = figuresOf({ onHand: stock.onHand, reserved: stock.reserved + quantity });
  const data = { sku, reservationId, orderId, lineId, locationId, quantity, expiresAt, reservedAt: facts.now };
  return [{ type: 'StockReserved', data: { ...data, ...after } }];
}

function expire(command: InventoryCommandOf<'ExpireReservations'>, state: InventoryState, facts: DecisionFacts) {
  if (command.now === undefined) return decideExpiry(command, state, facts.now);
  const at = Date.parse(command.now);
  if (Number.isNaN(at)) {
    return reject('inventory.invalid-field', 'now must be an ISO 8601 instant', {
      field: 'now',
      reason: 'not an instant',
    });
  }
  // Expiring by a clock ahead of the actor's would release stock before its time.
  if (at > Date.parse(facts.now)) {
    return reject('inventory.invalid-field', `now (${command.now}) is later than the time here (${facts.now})`, {
      field: 'now',
      reason: 'in the future',
    });
  }
  return decideExpiry(command, state, new Date(at).toISOString());
}

const REQUIRED: Readonly<Record<InventoryCommand['type'], readonly string[]>> = {
  ReceiveStock: ['sku', 'locationId', 'reference'],
  AdjustStock: ['sku', 'locationId', 'reason'],
  ReserveStock: ['sku', 'reservationId', 'orderId', 'lineId', 'locationId', 'expiresAt'],
  ReleaseReservation: ['sku', 'reservationId', 'reason'],
  CommitReservation: ['sku', 'reservationId', 'shipmentId'],
  ExpireReservations: ['sku'],
};

/** Decides an inventory command against one SKU's state: events, or why not. Pure. */
export function decideInventory(command: InventoryCommand, state: InventoryState, facts: DecisionFacts): Decision {
  const blank = blankField(command, REQUIRED[command.type] ?? ['sku']);
  if (blank !== undefined) return blank;
  switch (command.type) {
    case 'ReceiveStock':
      return receive(command, state);
    case 'AdjustStock':
      return adjust(command, state);
    case 'ReserveStock':
      return reserve(command, state, facts);
    case 'ReleaseReservation':
      return decideRelease(command, state);
    case 'CommitReservation':
      return decideCommit(command, state);
    case 'ExpireReservations':
      return expire(command, state, facts);
    default: {
      const unknown: never = command;
      const type = String((unknown as { type?: unknown }).type);
      return reject('inventory.invalid-field', `unknown command ${type}`, { field: 'type', reason: 'unknown' });
    }
  }
}
