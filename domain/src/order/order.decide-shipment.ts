import { checkAllocationRejection, isPresent } from './order.checks.ts';
import type { OrderCommand, OrderCommandOf } from './order.commands.ts';
import { ifAllowed, missing, type OrderDecision, type OrderDecisionFacts, rejectOrder } from './order.decision.ts';
import type { OrderEventDraft } from './order.events.ts';
import { entryOf } from './order.records.ts';
import { isDispatched } from './order.stage.ts';
import type { OrderState } from './order.state.ts';
import { ALLOCATION_REJECTION_KINDS, type TimeWindow } from './order.types.ts';

/** The commands that move one shipment along. */
export type ShipmentCommand = Extract<
  OrderCommand,
  {
    readonly type:
      | 'StartPicking'
      | 'PackShipment'
      | 'DispatchShipment'
      | 'RecordShipmentInTransit'
      | 'RecordOutForDelivery'
      | 'RecordDelivery'
      | 'RecordDeliveryFailure'
      | 'ReattemptDelivery'
      | 'ReturnShipmentToSender';
  }
>;

function isWindow(window: TimeWindow): boolean {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  return Number.isFinite(from) && Number.isFinite(to) && from <= to;
}

function invalidField(command: ShipmentCommand): string | undefined {
  switch (command.type) {
    case 'DispatchShipment':
      if (!isPresent(command.carrier)) return '/carrier';
      return isPresent(command.trackingNumber) ? undefined : '/trackingNumber';
    case 'RecordDeliveryFailure':
    case 'ReturnShipmentToSender':
      return isPresent(command.reason) ? undefined : '/reason';
    default:
      return undefined;
  }
}

function windowOf(command: ShipmentCommand): TimeWindow | undefined {
  if (command.type === 'DispatchShipment' || command.type === 'RecordOutForDelivery') return command.estimatedDelivery;
  return command.type === 'ReattemptDelivery' ? command.window : undefined;
}

function draftFor(command: ShipmentCommand): OrderEventDraft {
  const { shipmentId } = command;
  const optional = <T extends object>(value: T) =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
  switch (command.type) {
    case 'StartPicking':
      return {
        type: 'PickingStarted',
        data: { shipmentId, ...optional({ consolidationId: command.consolidationId }) },
      };
    case 'PackShipment':
      return {
        type: 'ShipmentPacked',
        data: { shipmentId, ...optional({ parcels: command.parcels, weightGrams: command.weightGrams }) },
      };
    case 'DispatchShipment': {
      const { carrier, trackingNumber, estimatedDelivery } = command;
      return {
        type: 'ShipmentDispatched',
        data: { shipmentId, carrier, trackingNumber, ...optional({ estimatedDelivery }) },
      };
    }
    case 'RecordShipmentInTransit':
      return { type: 'ShipmentInTransit', data: { shipmentId, ...optional({ location: command.location }) } };
    case 'RecordOutForDelivery':
      return {
        type: 'ShipmentOutForDelivery',
        data: { shipmentId, ...optional({ estimatedDelivery: command.estimatedDelivery }) },
      };
    case 'RecordDelivery':
      return { type: 'ShipmentDelivered', data: { shipmentId, ...optional({ receivedBy: command.receivedBy }) } };
    case 'RecordDeliveryFailure':
      return { type: 'DeliveryFailed', data: { shipmentId, reason: command.reason } };
    case 'ReattemptDelivery':
      return { type: 'DeliveryReattempted', data: { shipmentId, ...optional({ window: command.window }) } };
    case 'ReturnShipmentToSender':
      return { type: 'ShipmentReturnedToSender', data: { shipmentId, reason: command.reason } };
  }
}

/** Decides a shipment command: a known shipment of this order, in the status the step needs. */
export function decideShipment(command: ShipmentCommand, state: OrderState, facts: OrderDecisionFacts): OrderDecision {
  const shipment = entryOf(state.context.shipments, command.shipmentId);
  if (shipment === undefined) {
    return rejectOrder(state, 'shipment.unknown', `order has no shipment ${command.shipmentId}`, {
      field: '/shipmentId',
    });
  }
  const field = invalidField(command);
  if (field !== undefined) return missing(state, field);
  // A consolidated parcel is picked as one: each member's shipment is started under its consolidation.
  const parcel = shipment.consolidation;
  if (command.type === 'StartPicking' && shipment.status === 'allocated' && parcel !== undefined) {
    if (command.consolidationId !== parcel.consolidationId) {
      return rejectOrder(
        state,
        'shipment.consolidated',
        `shipment ${command.shipmentId} goes out in consolidated parcel ${parcel.consolidatedShipmentId} with ${parcel.memberCount - 1} other order(s); start picking it with consolidationId ${parcel.consolidationId}`,
        {
          field: '/consolidationId',
          shipmentId: command.shipmentId,
          consolidationId: parcel.consolidationId,
          consolidatedShipmentId: parcel.consolidatedShipmentId,
        },
      );
    }
  }
  const window = windowOf(command);
  if (window !== undefined && !isWindow(window)) {
    return rejectOrder(state, 'shipment.invalid-window', 'a delivery window needs two instants, from ≤ to', {
      field: command.type === 'ReattemptDelivery' ? '/window' : '/estimatedDelivery',
    });
  }
  return ifAllowed(
    state,
    facts,
    [draftFor(command)],
    'shipment.invalid-transition',
    `${command.type} is not possible for shipment ${command.shipmentId} (${shipment.status})`,
    { shipmentId: command.shipmentId, shipmentStatus: shipment.status },
  );
}

/**
 * Decides a location's rejection (or failure) of a shipment allocated to it: a known shipment of
 * that location, not dispatched, in an allocation nobody has started picking. Accepted, the
 * whole allocation is withdrawn and the order goes back to `confirmed` (or stays on hold).
 */
export function decideAllocationRejection(
  command: OrderCommandOf<'RejectAllocation'>,
  state: OrderState,
  facts: OrderDecisionFacts,
): OrderDecision {
  const { shipmentId, locationId, kind, reason } = command;
  if (!isPresent(reason)) return missing(state, '/reason');
  if (!(ALLOCATION_REJECTION_KINDS as readonly string[]).includes(kind)) {
    return rejectOrder(state, 'order.invalid-field', `kind must be one of ${ALLOCATION_REJECTION_KINDS.join(', ')}`, {
      field: '/kind',
    });
  }
  const data = { shipmentId, locationId, kind, reason };
  const found = checkAllocationRejection(state.context, data);
  const shipment = entryOf(state.context.shipments, shipmentId);
  if (found === 'shipment.unknown' || shipment === undefined) {
    return rejectOrder(state, 'shipment.unknown', `order has no shipment ${shipmentId}`, { field: '/shipmentId' });
  }
  if (found === 'shipment.location-mismatch') {
    return rejectOrder(
      state,
      'shipment.location-mismatch',
      `shipment ${shipmentId} is allocated to ${shipment.locationId}, not ${locationId}`,
      { field: '/locationId', shipmentId, allocatedTo: shipment.locationId },
    );
  }
  if (isDispatched(shipment.status)) {
    return rejectOrder(
      state,
      'shipment.already-dispatched',
      `shipment ${shipmentId} has left ${shipment.locationId} (${shipment.status}); it can no longer be rejected`,
      { shipmentId, shipmentStatus: shipment.status },
    );
  }
  return ifAllowed(
    state,
    facts,
    [{ type: 'AllocationRejected', data }],
    'shipment.not-rejectable',
    `shipment ${shipmentId} (${shipment.status}) cannot be given back: an allocation can be rejected only while no shipment of it is being picked`,
    { shipmentId, shipmentStatus: shipment.status },
  );
}
