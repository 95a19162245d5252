import { fingerprint } from '../shared/fingerprint.ts';
import type { OrderContext, ShipmentState } from './order.context.ts';
import type { OrderEventDataMap, OrderEventOf } from './order.events.ts';
import { entryOf, withEntry } from './order.records.ts';
import { isDispatched } from './order.stage.ts';
import type { Address } from './order.types.ts';
import { at } from './order.updates.ts';

// Consolidation: shipments of one customer's orders to the same address, allocated to the same
// location and not yet picked, go out as one parcel. The decision is recorded on every member
// (ShipmentConsolidated) and undone on every member (ConsolidationUndone) when one drops out.

const fold = (value: string | undefined) => (value ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The key two addresses must share to go in one parcel: the fingerprint (`fingerprint`, 16 hex
 * digits) of name, line1, line2, city, region, postal code and country, each Unicode-normalised
 * (NFKC), trimmed, inner whitespace collapsed to one space and lower-cased, joined with `|`.
 * Phone and coordinates are not part of it. A fingerprint, so events repeat no personal data.
 */
export function consolidationAddressKey(address: Address): string {
  const { name, line1, line2, city, region, postalCode, country } = address;
  return fingerprint([name, line1, line2, city, region, postalCode, country].map(fold).join('|'));
}

/** The shipment of the order in consolidation `consolidationId`, if one is in it now. */
export function consolidatedShipment(context: OrderContext, consolidationId: string): ShipmentState | undefined {
  return Object.values(context.shipments).find((s) => s.consolidation?.consolidationId === consolidationId);
}

/** True when the members' placements are all within `windowMinutes` of each other. */
export function placedWithin(members: readonly { readonly placedAt: string }[], windowMinutes: number): boolean {
  const times = members.map((m) => Date.parse(m.placedAt));
  if (times.some((t) => !Number.isFinite(t))) return false;
  return Math.max(...times) - Math.min(...times) <= windowMinutes * 60_000;
}

/** What can be wrong with a consolidation's data, by code. */
export type ConsolidationProblem =
  | 'shipment.consolidation-members'
  | 'shipment.consolidation-basis'
  | 'shipment.consolidation-window';

/**
 * The first problem of a consolidation's data for this order: at least two orders, each once,
 * this order's shipment among them, the basis being this order's customer and its own placement
 * time, and every placement within the window. The address key is checked by decide only
 * (`isConsolidationAddress`): the read side folds events over a context whose address is masked.
 */
export function checkConsolidation(
  context: OrderContext,
  data: OrderEventDataMap['ShipmentConsolidated'],
): ConsolidationProblem | undefined {
  const { members, basis, shipmentId } = data;
  const orders = new Set(members.map((m) => m.orderId));
  const mine = members.find((m) => m.orderId === context.orderId);
  if (members.length < 2 || orders.size !== members.length || mine?.shipmentId !== shipmentId) {
    return 'shipment.consolidation-members';
  }
  if (basis.customerId !== context.customer?.customerId || mine.placedAt !== context.milestones.placedAt) {
    return 'shipment.consolidation-basis';
  }
  if (!Number.isSafeInteger(basis.windowMinutes) || basis.windowMinutes <= 0) return 'shipment.consolidation-window';
  return placedWithin(members, basis.windowMinutes) ? undefined : 'shipment.consolidation-window';
}

/** True when the basis's address key is the order's shipping address's. */
export function isConsolidationAddress(
  context: OrderContext,
  data: OrderEventDataMap['ShipmentConsolidated'],
): boolean {
  return context.shippingAddress !== null && data.basis.addressKey === consolidationAddressKey(context.shippingAddress);
}

/**
 * The machine's rule: a shipment of this order, allocated to the location and not picked, that
 * is its own parcel or in a consolidation this one supersedes, with data that checks out.
 */
export function canConsolidate(context: OrderContext, data: OrderEventDataMap['ShipmentConsolidated']): boolean {
  const shipment = entryOf(context.shipments, data.shipmentId);
  if (shipment === undefined || shipment.status !== 'allocated' || shipment.locationId !== data.locationId) {
    return false;
  }
  const current = shipment.consolidation?.consolidationId;
  if (current !== undefined && !(data.supersedes ?? []).includes(current)) return false;
  return current !== data.consolidationId && checkConsolidation(context, data) === undefined;
}

/** The machine's rule: the shipment is in that consolidation now and has not left. */
export function canUndoConsolidation(context: OrderContext, data: OrderEventDataMap['ConsolidationUndone']): boolean {
  const shipment = entryOf(context.shipments, data.shipmentId);
  return shipment?.consolidation?.consolidationId === data.consolidationId && !isDispatched(shipment.status);
}

/** The shipment goes in the consolidated parcel; what else the parcel holds stays in the event. */
export function recordConsolidation(context: OrderContext, event: OrderEventOf<'ShipmentConsolidated'>): OrderContext {
  const { shipmentId, consolidationId, consolidatedShipmentId, members } = event.data;
  const shipment = entryOf(context.shipments, shipmentId);
  if (shipment === undefined) return context;
  const consolidation = {
    consolidationId,
    consolidatedShipmentId,
    memberCount: members.length,
    consolidatedAt: at(event),
  };
  return { ...context, shipments: withEntry(context.shipments, shipmentId, { ...shipment, consolidation }) };
}

/** The shipment is its own parcel again, otherwise untouched. */
export function recordConsolidationUndone(
  context: OrderContext,
  event: OrderEventOf<'ConsolidationUndone'>,
): OrderContext {
  const shipment = entryOf(context.shipments, event.data.shipmentId);
  if (shipment === undefined) return context;
  const { consolidation: _, ...alone } = shipment;
  return { ...context, shipments: withEntry(context.shipments, event.data.shipmentId, alone) };
}
