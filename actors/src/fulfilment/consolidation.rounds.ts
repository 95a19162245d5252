import { createHash } from 'node:crypto';
import {
  type ConsolidationMember,
  consolidationAddressKey,
  type OrderEventDataMap,
  type RecordedEvent,
} from '@ordinal/domain';
import type { CandidateOrder } from './consolidation-candidates.view.ts';

// The consolidation process's choices, pure: which units a round takes, the ids it gives them,
// and which member events end a consolidation.

/** A unit of the greedy round: one free shipment, or every member of a consolidation in force. */
export interface Unit {
  readonly consolidationId?: string;
  readonly members: readonly ConsolidationMember[];
}

/** Why a member's event ends the consolidations it is in; undefined: it does not. */
export function undoReason(
  event: RecordedEvent,
  before: CandidateOrder | undefined,
  orderId: string,
): string | undefined {
  switch (event.type) {
    case 'OrderCancelled':
      return `member ${orderId} was cancelled (${(event.data as OrderEventDataMap['OrderCancelled']).reason})`;
    case 'OrderHeld':
      return `member ${orderId} was put on hold (${(event.data as OrderEventDataMap['OrderHeld']).reason})`;
    case 'AllocationRejected': {
      const { kind, locationId, reason } = event.data as OrderEventDataMap['AllocationRejected'];
      return `member ${orderId}'s allocation was withdrawn (${kind} by ${locationId}: ${reason}); it is to be routed again`;
    }
    case 'OrderAllocated':
      return `member ${orderId} was allocated again`;
    case 'ShippingAddressChanged': {
      const { address } = event.data as OrderEventDataMap['ShippingAddressChanged'];
      return before !== undefined && before.addressKey === consolidationAddressKey(address)
        ? undefined
        : `member ${orderId}'s shipping address changed`;
    }
    default:
      return undefined;
  }
}

/** The member events after which its shipments may be consolidated (again). */
export const ROUND_TRIGGERS = new Set([
  'OrderAllocated',
  'OrderReleased',
  'ConsolidationUndone',
  'ShippingAddressChanged',
  'OrderLinesCancelled',
]);

/**
 * The greedy round: the trigger's own unit, then the other units nearest in placement time to
 * `placedAt` (ties by their key), each taken when every placement taken stays within
 * `windowMinutes` of every other and none of its orders is in already (one shipment per order).
 */
export function chooseUnits(own: Unit, units: readonly Unit[], placedAt: string, windowMinutes: number): Unit[] {
  const at = Date.parse(placedAt);
  const distance = (u: Unit) => Math.min(...u.members.map((m) => Math.abs(Date.parse(m.placedAt) - at)));
  const others = units
    .filter((u) => u !== own)
    .sort((a, b) => distance(a) - distance(b) || unitKey(a).localeCompare(unitKey(b)));
  const window = windowMinutes * 60_000;
  const taken: Unit[] = [own];
  let times = own.members.map((m) => Date.parse(m.placedAt));
  const orders = new Set(own.members.map((m) => m.orderId));
  for (const unit of others) {
    // One shipment per order in a parcel (an order split twice to one location keeps its second alone).
    if (unit.members.some((m) => orders.has(m.orderId))) continue;
    const next = [...times, ...unit.members.map((m) => Date.parse(m.placedAt))];
    if (Math.max(...next) - Math.min(...next) > window) continue;
    taken.push(unit);
    times = next;
    for (const m of unit.members) orders.add(m.orderId);
  }
  return taken;
}

/**
 * The consolidation's id and its parcel's: 24 hex digits of the SHA-256 of the members (order,
 * shipment, and how many consolidations the order has left before), so the same members at the
 * same point always get the same ids, and members consolidated again after an undo new ones.
 */
export function consolidationIds(
  members: readonly ConsolidationMember[],
  undoneOf: (orderId: string) => number,
): { readonly consolidationId: string; readonly consolidatedShipmentId: string } {
  const keys = members.map((m) => `${m.orderId}/${m.shipmentId}/${undoneOf(m.orderId)}`);
  const hash = createHash('sha256').update(keys.join(',')).digest('hex').slice(0, 24);
  return { consolidationId: `cons-${hash}`, consolidatedShipmentId: `parcel-${hash}` };
}

function unitKey(unit: Unit): string {
  return unit.consolidationId ?? unit.members.map((m) => m.orderId).join(',');
}
