import { type Rejection, reject } from '../shared/rejection.ts';
import type { InventoryCommandOf } from './inventory.commands.ts';
import type { InventoryEventDraft, ReservationData } from './inventory.events.ts';
import { figuresOf, type InventoryState, type OpenReservation, ownEntry, stockAt } from './inventory.state.ts';

type Decision = readonly InventoryEventDraft[] | Rejection;

function notFound(state: InventoryState, sku: string, reservationId: string, action: string): Rejection {
  const closed = ownEntry(state.closed, reservationId);
  const why = closed === undefined ? 'is unknown' : `was ${closed.status}`;
  return reject('inventory.reservation-not-found', `reservation ${reservationId} ${why}; nothing to ${action}`, {
    sku,
    reservationId,
    ...(closed === undefined ? {} : { status: closed.status }),
  });
}

function reservationData(sku: string, reservationId: string, open: OpenReservation): ReservationData {
  const { orderId, lineId, locationId, quantity } = open;
  return { sku, reservationId, orderId, lineId, locationId, quantity };
}

/**
 * Releases an open reservation. Releasing one already released or expired records nothing:
 * its units are back already, so a process that releases twice (a retry under a new command
 * id, a cancellation racing an expiry) is safe. A committed or unknown one is refused.
 */
export function decideRelease(command: InventoryCommandOf<'ReleaseReservation'>, state: InventoryState): Decision {
  const { sku, reservationId, reason } = command;
  const open = ownEntry(state.reservations, reservationId);
  if (open === undefined) {
    const status = ownEntry(state.closed, reservationId)?.status;
    if (status === 'released' || status === 'expired') return [];
    return notFound(state, sku, reservationId, 'release');
  }
  const stock = stockAt(state, open.locationId);
  const after = figuresOf({ onHand: stock.onHand, reserved: stock.reserved - open.quantity });
  return [{ type: 'ReservationReleased', data: { ...reservationData(sku, reservationId, open), reason, ...after } }];
}

/**
 * Commits an open reservation to a shipment: the units leave, so on hand and reserved both go
 * down. The same commit again records nothing; a released, expired or unknown one is refused.
 */
export function decideCommit(command: InventoryCommandOf<'CommitReservation'>, state: InventoryState): Decision {
  const { sku, reservationId, shipmentId } = command;
  const open = ownEntry(state.reservations, reservationId);
  if (open === undefined) {
    const closed = ownEntry(state.closed, reservationId);
    if (closed?.status === 'committed' && closed.shipmentId === shipmentId) return [];
    return notFound(state, sku, reservationId, 'commit');
  }
  const stock = stockAt(state, open.locationId);
  const after = figuresOf({ onHand: stock.onHand - open.quantity, reserved: stock.reserved - open.quantity });
  return [
    { type: 'ReservationCommitted', data: { ...reservationData(sku, reservationId, open), shipmentId, ...after } },
  ];
}

/**
 * One `ReservationExpired` per open reservation whose `expiresAt` is at or before `now`, oldest
 * first (ties by id), each with the figures after it. None due: no event.
 */
export function decideExpiry(
  command: InventoryCommandOf<'ExpireReservations'>,
  state: InventoryState,
  now: string,
): Decision {
  const at = Date.parse(now);
  const due = Object.entries(state.reservations)
    .filter(([, open]) => Date.parse(open.expiresAt) <= at)
    .sort(([idA, a], [idB, b]) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || (idA < idB ? -1 : 1));
  const reserved = new Map<string, number>();
  return due.map(([reservationId, open]) => {
    const stock = stockAt(state, open.locationId);
    const left = (reserved.get(open.locationId) ?? stock.reserved) - open.quantity;
    reserved.set(open.locationId, left);
    const data = reservationData(command.sku, reservationId, open);
    const after = figuresOf({ onHand: stock.onHand, reserved: left });
    return { type: 'ReservationExpired', data: { ...data, expiresAt: open.expiresAt, expiredAt: now, ...after } };
  });
}
