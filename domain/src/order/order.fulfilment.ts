import type { OrderContext, OrderLineState, ShipmentState } from './order.context.ts';
import type { OrderEventOf } from './order.events.ts';
import { entryOf, withEntry } from './order.records.ts';
import { stampMilestones } from './order.stage.ts';
import { at, defined } from './order.updates.ts';

// Pure context updates of allocation and shipments. Each shipment event changes one
// shipment, then the order-level milestones follow the least advanced shipment.

export function recordAllocation(context: OrderContext, event: OrderEventOf<'OrderAllocated'>): OrderContext {
  const when = at(event);
  // A re-allocation replaces the shipments nobody has started on; cancelled ones stay as history.
  let shipments: Readonly<Record<string, ShipmentState>> = Object.fromEntries(
    Object.entries(context.shipments).filter(([, s]) => s.status !== 'allocated'),
  );
  for (const allocation of event.data.allocations) {
    const shipment: ShipmentState = defined({
      shipmentId: allocation.shipmentId,
      locationId: allocation.locationId,
      service: allocation.service,
      lines: allocation.lines.map(({ lineId, quantity }) => ({ lineId, quantity })),
      status: 'allocated' as const,
      deliveryAttempts: 0,
      allocatedAt: when,
      scans: [],
    });
    shipments = withEntry(shipments, allocation.shipmentId, shipment);
  }
  return { ...context, shipments, milestones: { ...context.milestones, allocatedAt: when } };
}

/**
 * A location gave a shipment back: every shipment of the allocation nobody has started on is
 * cancelled (the allocation is all-or-nothing), so the order needs a new allocation.
 */
export function recordAllocationRejection(
  context: OrderContext,
  event: OrderEventOf<'AllocationRejected'>,
): OrderContext {
  const { shipmentId, locationId, kind, reason } = event.data;
  const when = at(event);
  const shipments = Object.fromEntries(
    Object.entries(context.shipments).map(([id, shipment]) => {
      if (shipment.status !== 'allocated') return [id, shipment];
      const why =
        id === shipmentId
          ? `${kind} by ${locationId}: ${reason}`
          : `withdrawn with ${shipmentId} (${kind} by ${locationId})`;
      return [id, { ...shipment, status: 'cancelled' as const, cancelledAt: when, cancellationReason: why }];
    }),
  );
  return { ...context, shipments };
}

function updateShipment(
  context: OrderContext,
  shipmentId: string,
  change: (shipment: ShipmentState) => ShipmentState,
  when: string,
): OrderContext {
  const shipment = entryOf(context.shipments, shipmentId);
  if (shipment === undefined) return context;
  const next = { ...context, shipments: withEntry(context.shipments, shipmentId, defined(change(shipment))) };
  return stampMilestones(next, when);
}

function addLineQuantities(
  lines: readonly OrderLineState[],
  shipment: ShipmentState,
  field: 'dispatchedQuantity' | 'deliveredQuantity',
): OrderLineState[] {
  return lines.map((line) => {
    const quantity = shipment.lines.filter((l) => l.lineId === line.lineId).reduce((t, l) => t + l.quantity, 0);
    return quantity === 0 ? line : { ...line, [field]: line[field] + quantity };
  });
}

export function recordPickingStarted(context: OrderContext, event: OrderEventOf<'PickingStarted'>): OrderContext {
  const when = at(event);
  return updateShipment(
    context,
    event.data.shipmentId,
    (s) => ({ ...s, status: 'picking', pickingStartedAt: when }),
    when,
  );
}

export function recordPacking(context: OrderContext, event: OrderEventOf<'ShipmentPacked'>): OrderContext {
  const { shipmentId, parcels, weightGrams } = event.data;
  const when = at(event);
  return updateShipment(
    context,
    shipmentId,
    (s) => ({ ...s, status: 'packed', parcels, weightGrams, packedAt: when }),
    when,
  );
}

export function recordDispatch(context: OrderContext, event: OrderEventOf<'ShipmentDispatched'>): OrderContext {
  const { shipmentId, carrier, trackingNumber, estimatedDelivery } = event.data;
  const shipment = entryOf(context.shipments, shipmentId);
  if (shipment === undefined) return context;
  const when = at(event);
  const withLines = { ...context, lines: addLineQuantities(context.lines, shipment, 'dispatchedQuantity') };
  return updateShipment(
    withLines,
    shipmentId,
    (s) => ({ ...s, status: 'shipped', carrier, trackingNumber, estimatedDelivery, dispatchedAt: when }),
    when,
  );
}

export function recordInTransit(context: OrderContext, event: OrderEventOf<'ShipmentInTransit'>): OrderContext {
  const { shipmentId, location } = event.data;
  const when = at(event);
  return updateShipment(
    context,
    shipmentId,
    (s) => ({
      ...s,
      status: 'inTransit',
      lastLocation: location ?? s.lastLocation,
      inTransitAt: s.inTransitAt ?? when,
    }),
    when,
  );
}

// A first run and a re-attempt both put the shipment back with the courier: one more attempt.
function sendOutForDelivery(
  context: OrderContext,
  shipmentId: string,
  window: OrderEventOf<'ShipmentOutForDelivery'>['data']['estimatedDelivery'],
  when: string,
): OrderContext {
  return updateShipment(
    context,
    shipmentId,
    (s) => ({
      ...s,
      status: 'outForDelivery',
      estimatedDelivery: window ?? s.estimatedDelivery,
      deliveryAttempts: s.deliveryAttempts + 1,
      outForDeliveryAt: when,
    }),
    when,
  );
}

export function recordOutForDelivery(
  context: OrderContext,
  event: OrderEventOf<'ShipmentOutForDelivery'>,
): OrderContext {
  return sendOutForDelivery(context, event.data.shipmentId, event.data.estimatedDelivery, at(event));
}

export function recordDelivery(context: OrderContext, event: OrderEventOf<'ShipmentDelivered'>): OrderContext {
  const { shipmentId, receivedBy } = event.data;
  const shipment = entryOf(context.shipments, shipmentId);
  if (shipment === undefined) return context;
  const when = at(event);
  const withLines = { ...context, lines: addLineQuantities(context.lines, shipment, 'deliveredQuantity') };
  return updateShipment(
    withLines,
    shipmentId,
    (s) => ({ ...s, status: 'delivered', receivedBy, deliveredAt: when }),
    when,
  );
}

export function recordDeliveryFailure(context: OrderContext, event: OrderEventOf<'DeliveryFailed'>): OrderContext {
  const { shipmentId, reason } = event.data;
  const when = at(event);
  return updateShipment(
    context,
    shipmentId,
    (s) => ({ ...s, status: 'deliveryFailed', failureReason: reason, deliveryFailedAt: when }),
    when,
  );
}

export function recordReattempt(context: OrderContext, event: OrderEventOf<'DeliveryReattempted'>): OrderContext {
  return sendOutForDelivery(context, event.data.shipmentId, event.data.window, at(event));
}

export function recordReturnToSender(
  context: OrderContext,
  event: OrderEventOf<'ShipmentReturnedToSender'>,
): OrderContext {
  const { shipmentId, reason } = event.data;
  const when = at(event);
  return updateShipment(
    context,
    shipmentId,
    (s) => ({ ...s, status: 'returnedToSender', failureReason: reason, returnedToSenderAt: when }),
    when,
  );
}
