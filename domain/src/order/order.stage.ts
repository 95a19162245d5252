import type { OrderContext, ShipmentState, ShipmentStatus } from './order.context.ts';

/** Substates of the main region's `fulfilment` state, one per shipment status after picking began. */
export const FULFILMENT_STAGES = [
  'picking',
  'packed',
  'shipped',
  'inTransit',
  'outForDelivery',
  'deliveryFailed',
  'returnedToSender',
  'delivered',
] as const;
export type FulfilmentStage = (typeof FULFILMENT_STAGES)[number];

/** Where the main region settles after a shipment changes: the least advanced shipment decides. */
export type SettledStage = 'confirmed' | 'allocated' | FulfilmentStage;

/** Every stage `settledStage` can return, least advanced first. */
export const SETTLED_STAGES: readonly SettledStage[] = ['confirmed', 'allocated', ...FULFILMENT_STAGES];

// A failed delivery ranks above "out for delivery" so that one failed parcel shows once the
// others are at least out; a parcel back at the sender ranks just below delivered so an order
// with one returned parcel never looks completely delivered.
const RANK: Readonly<Record<Exclude<ShipmentStatus, 'cancelled'>, number>> = {
  allocated: 0,
  picking: 1,
  packed: 2,
  shipped: 3,
  inTransit: 4,
  outForDelivery: 5,
  deliveryFailed: 6,
  returnedToSender: 7,
  delivered: 8,
};

/** Shipments that still count (not cancelled), in allocation order. */
export function activeShipments(context: OrderContext): ShipmentState[] {
  return Object.values(context.shipments).filter((s) => s.status !== 'cancelled');
}

/** True once a shipment has left the building (dispatched or later). */
export function isDispatched(status: ShipmentStatus): boolean {
  return status !== 'cancelled' && RANK[status] >= RANK.shipped;
}

/** True when no shipment of the order has been dispatched yet. */
export function hasNoDispatchedShipment(context: OrderContext): boolean {
  return Object.values(context.shipments).every((s) => !isDispatched(s.status));
}

/**
 * The order-level stage: the least advanced status over its non-cancelled shipments
 * (`confirmed` when none is left, i.e. the order needs a new allocation).
 */
export function settledStage(context: OrderContext): SettledStage {
  let least: Exclude<ShipmentStatus, 'cancelled'> | undefined;
  for (const shipment of activeShipments(context)) {
    if (shipment.status === 'cancelled') continue;
    if (least === undefined || RANK[shipment.status] < RANK[least]) least = shipment.status;
  }
  return least ?? 'confirmed';
}

/** True when the stage is `stage` or further along. */
export function isAtLeast(stage: SettledStage, than: Exclude<ShipmentStatus, 'cancelled'>): boolean {
  return stage !== 'confirmed' && RANK[stage] >= RANK[than];
}

/** Order-level shipped/delivered milestones: when the least advanced shipment got there. */
export function stampMilestones(context: OrderContext, when: string): OrderContext {
  const stage = settledStage(context);
  const milestones = { ...context.milestones };
  if (milestones.shippedAt === undefined && isAtLeast(stage, 'shipped')) milestones.shippedAt = when;
  if (milestones.deliveredAt === undefined && stage === 'delivered') milestones.deliveredAt = when;
  return { ...context, milestones };
}
