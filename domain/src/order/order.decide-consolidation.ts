import { isPresent } from './order.checks.ts';
import type { OrderCommandOf } from './order.commands.ts';
import { checkConsolidation, consolidatedShipment, isConsolidationAddress } from './order.consolidation.ts';
import { ifAllowed, missing, type OrderDecision, type OrderDecisionFacts, rejectOrder } from './order.decision.ts';
import { entryOf } from './order.records.ts';
import type { OrderState } from './order.state.ts';

const MEMBER_MESSAGES = {
  'shipment.consolidation-members': 'members must be two or more orders, each once, this order with this shipment',
  'shipment.consolidation-basis': "the basis must be this order's customer, its address key and its placement time",
  'shipment.consolidation-window': 'every member must have been placed within the window (minutes > 0) of the others',
} as const;

const FIELDS = {
  'shipment.consolidation-members': '/members',
  'shipment.consolidation-basis': '/basis',
  'shipment.consolidation-window': '/basis/windowMinutes',
} as const;

/**
 * Decides a consolidation for this order: a known shipment at the location, data that checks
 * out against the order, then the machine's word (allocated, not picked, its own parcel or in
 * a consolidation this one supersedes).
 */
export function decideConsolidation(
  command: OrderCommandOf<'ConsolidateShipment'>,
  state: OrderState,
  facts: OrderDecisionFacts,
): OrderDecision {
  const { type: _, orderId: __, supersedes, ...rest } = command;
  if (!isPresent(rest.consolidationId)) return missing(state, '/consolidationId');
  if (!isPresent(rest.consolidatedShipmentId)) return missing(state, '/consolidatedShipmentId');
  const data = { ...rest, ...(supersedes === undefined ? {} : { supersedes }) };
  const shipment = entryOf(state.context.shipments, data.shipmentId);
  if (shipment === undefined) {
    return rejectOrder(state, 'shipment.unknown', `order has no shipment ${data.shipmentId}`, { field: '/shipmentId' });
  }
  if (shipment.locationId !== data.locationId) {
    return rejectOrder(
      state,
      'shipment.location-mismatch',
      `shipment ${data.shipmentId} is allocated to ${shipment.locationId}, not ${data.locationId}`,
      { field: '/locationId', shipmentId: data.shipmentId, allocatedTo: shipment.locationId },
    );
  }
  const found =
    checkConsolidation(state.context, data) ??
    (isConsolidationAddress(state.context, data) ? undefined : ('shipment.consolidation-basis' as const));
  if (found !== undefined) return rejectOrder(state, found, MEMBER_MESSAGES[found], { field: FIELDS[found] });
  const current = shipment.consolidation?.consolidationId;
  return ifAllowed(
    state,
    facts,
    [{ type: 'ShipmentConsolidated', data }],
    'shipment.not-consolidatable',
    current === undefined
      ? `shipment ${data.shipmentId} (${shipment.status}) can be consolidated only while the order is allocated and nobody has started picking it`
      : `shipment ${data.shipmentId} is in consolidation ${current} already, which this one does not supersede`,
    { shipmentId: data.shipmentId, shipmentStatus: shipment.status, ...(current ? { consolidationId: current } : {}) },
  );
}

/** Undoes a consolidation the order is in now: its shipment becomes its own parcel again. */
export function decideUndoConsolidation(
  command: OrderCommandOf<'UndoConsolidation'>,
  state: OrderState,
  facts: OrderDecisionFacts,
): OrderDecision {
  const { consolidationId, reason, causedBy } = command;
  if (!isPresent(consolidationId)) return missing(state, '/consolidationId');
  if (!isPresent(reason)) return missing(state, '/reason');
  const shipment = consolidatedShipment(state.context, consolidationId);
  if (shipment === undefined) {
    return rejectOrder(state, 'order.not-consolidated', `the order is not in consolidation ${consolidationId}`, {
      field: '/consolidationId',
    });
  }
  const data = { consolidationId, shipmentId: shipment.shipmentId, reason, ...(causedBy ? { causedBy } : {}) };
  return ifAllowed(
    state,
    facts,
    [{ type: 'ConsolidationUndone', data }],
    'order.not-consolidated',
    `shipment ${shipment.shipmentId} has left (${shipment.status}); its parcel can no longer be split`,
    { shipmentId: shipment.shipmentId, shipmentStatus: shipment.status },
  );
}
