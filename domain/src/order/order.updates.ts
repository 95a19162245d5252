import { PRIORITIES } from '../rules/rule-set.types.ts';
import { describeActor } from '../shared/actor.ts';
import type { Money } from '../shared/money.ts';
import type { ApprovalState, HoldOrigin, OrderContext, OrderLineState, ShipmentState } from './order.context.ts';
import type { OrderEvent, OrderEventOf } from './order.events.ts';
import { entryOf, withEntry } from './order.records.ts';
import { isDispatched, stampMilestones } from './order.stage.ts';

// Pure context updates of the order lifecycle: one function per event, (context, event) →
// context. They never throw and never mutate; guards have checked the event beforehand.

/** When an event happened in the business. */
export function at(event: OrderEvent): string {
  return event.metadata.occurredAt;
}

/** a + b without currency checks (guards checked them); folds must never throw. */
export function plus(a: Money, b: Money): Money {
  return { amount: a.amount + b.amount, currency: a.currency };
}

/** a − b without currency checks. */
export function minus(a: Money, b: Money): Money {
  return { amount: a.amount - b.amount, currency: a.currency };
}

/** Copies only the keys whose value is defined, so the context stays plain JSON. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function recordPlacement(context: OrderContext, event: OrderEventOf<'OrderPlaced'>): OrderContext {
  const data = event.data;
  const none: Money = { amount: 0, currency: data.currency };
  return defined({
    ...context,
    orderId: data.orderId,
    customer: data.customer,
    channel: data.channel,
    currency: data.currency,
    lines: data.lines.map((line) => ({
      ...line,
      cancelledQuantity: 0,
      dispatchedQuantity: 0,
      deliveredQuantity: 0,
      returnedQuantity: 0,
    })),
    shippingAddress: data.shippingAddress,
    shippingFee: data.shippingFee,
    total: data.total,
    promisedBy: data.promisedBy,
    ...(data.coupons === undefined ? {} : { coupons: data.coupons }),
    payment: { authorized: none, captured: none, refunded: none },
    milestones: { placedAt: data.placedAt },
  });
}

export function recordConfirmation(context: OrderContext, event: OrderEvent): OrderContext {
  return { ...context, milestones: { ...context.milestones, confirmedAt: at(event) } };
}

export function recordHold(context: OrderContext, event: OrderEventOf<'OrderHeld'>, from: HoldOrigin): OrderContext {
  const { reason, facts } = event.data;
  return { ...context, hold: defined({ reason, facts, heldFrom: from, heldAt: at(event) }) };
}

export function recordRelease(context: OrderContext, event: OrderEventOf<'OrderReleased'>): OrderContext {
  if (context.hold === null) return context;
  const hold = { ...context.hold, releasedAt: at(event), releaseReason: event.data.reason };
  // A hold taken at placement is the screening's verdict: releasing it confirms the order.
  return hold.heldFrom === 'placed' ? recordConfirmation({ ...context, hold }, event) : { ...context, hold };
}

export function recordApprovalRequest(context: OrderContext, event: OrderEventOf<'ApprovalRequested'>): OrderContext {
  const { role, reason, facts } = event.data;
  return { ...context, approval: defined({ role, reason, facts, requestedAt: at(event) }) };
}

export function recordEscalation(context: OrderContext, event: OrderEventOf<'ApprovalEscalated'>): OrderContext {
  if (context.approval === null) return context;
  const { fromRole, toRole, level, deadline, escalatedAt, rule } = event.data;
  const escalations = [
    ...(context.approval.escalations ?? []),
    { fromRole, toRole, level, deadline, escalatedAt, rule },
  ];
  return { ...context, approval: { ...context.approval, escalations } };
}

// Events recorded before `decidedBy` existed name the decider only in their metadata.
function withDecision(
  approval: ApprovalState,
  event: OrderEventOf<'OrderApproved'> | OrderEventOf<'OrderRejected'>,
  outcome: 'approved' | 'rejected',
): ApprovalState {
  return defined({
    ...approval,
    decision: outcome,
    decidedBy: describeActor(event.data.decidedBy ?? event.metadata.actor),
    decisionReason: event.data.reason,
    decidedAt: at(event),
  });
}

export function recordApproval(context: OrderContext, event: OrderEventOf<'OrderApproved'>): OrderContext {
  if (context.approval === null) return context;
  return recordConfirmation({ ...context, approval: withDecision(context.approval, event, 'approved') }, event);
}

export function recordRejection(context: OrderContext, event: OrderEventOf<'OrderRejected'>): OrderContext {
  if (context.approval === null) return context;
  const approval = withDecision(context.approval, event, 'rejected');
  return markCancelled({ ...context, approval }, event.data.reason, at(event));
}

export function recordCancellation(context: OrderContext, event: OrderEventOf<'OrderCancelled'>): OrderContext {
  return markCancelled(context, event.data.reason, at(event));
}

function markCancelled(context: OrderContext, reason: string, when: string): OrderContext {
  const shipments = Object.fromEntries(
    Object.entries(context.shipments).map(([id, shipment]) => [
      id,
      shipment.status === 'cancelled' ? shipment : { ...shipment, status: 'cancelled' as const, cancelledAt: when },
    ]),
  );
  return {
    ...context,
    shipments,
    cancellationReason: reason,
    milestones: { ...context.milestones, cancelledAt: when },
  };
}

/** True when every line of the order has its whole quantity cancelled. */
export function isFullyCancelled(lines: readonly OrderLineState[]): boolean {
  return lines.every((line) => line.cancelledQuantity >= line.quantity);
}

export function recordLineCancellation(
  context: OrderContext,
  event: OrderEventOf<'OrderLinesCancelled'>,
): OrderContext {
  const lines = context.lines.map((line) => {
    const cancelled = event.data.lines
      .filter((l) => l.lineId === line.lineId)
      .reduce((total, l) => total + l.quantity, 0);
    return cancelled === 0 ? line : { ...line, cancelledQuantity: line.cancelledQuantity + cancelled };
  });
  // Dropping a lagging shipment can move the order's stage on, e.g. to shipped.
  const trimmed = stampMilestones(
    { ...context, lines, shipments: trimShipments(context.shipments, lines, at(event)) },
    at(event),
  );
  return isFullyCancelled(lines) ? markCancelled(trimmed, event.data.reason, at(event)) : trimmed;
}

/**
 * Takes cancelled quantities out of shipments not yet dispatched, latest shipment first, so
 * what is allocated never exceeds what is still ordered; a shipment left empty is cancelled.
 */
function trimShipments(
  shipments: Readonly<Record<string, ShipmentState>>,
  lines: readonly OrderLineState[],
  when: string,
): Record<string, ShipmentState> {
  let result = shipments;
  const open = Object.values(shipments)
    .filter((s) => s.status !== 'cancelled' && !isDispatched(s.status))
    .reverse();
  for (const line of lines) {
    const allocated = Object.values(result)
      .filter((s) => s.status !== 'cancelled')
      .reduce(
        (total, s) => total + s.lines.filter((l) => l.lineId === line.lineId).reduce((t, l) => t + l.quantity, 0),
        0,
      );
    let excess = allocated - (line.quantity - line.cancelledQuantity);
    for (const { shipmentId } of open) {
      if (excess <= 0) break;
      const shipment = entryOf(result, shipmentId);
      if (shipment === undefined) continue;
      const shipmentLines = shipment.lines.map((l) => {
        if (l.lineId !== line.lineId || excess <= 0) return l;
        const taken = Math.min(l.quantity, excess);
        excess -= taken;
        return { ...l, quantity: l.quantity - taken };
      });
      result = withEntry(result, shipmentId, { ...shipment, lines: shipmentLines.filter((l) => l.quantity > 0) });
    }
  }
  return Object.fromEntries(
    Object.entries(result).map(([id, shipment]) => [
      id,
      shipment.status !== 'cancelled' && shipment.lines.length === 0
        ? { ...shipment, status: 'cancelled' as const, cancelledAt: when }
        : shipment,
    ]),
  );
}

export function recordCompletion(context: OrderContext, event: OrderEvent): OrderContext {
  return { ...context, milestones: { ...context.milestones, completedAt: at(event) } };
}

export function recordClosure(context: OrderContext, event: OrderEvent): OrderContext {
  return { ...context, milestones: { ...context.milestones, closedAt: at(event) } };
}

export function recordAddressChange(
  context: OrderContext,
  event: OrderEventOf<'ShippingAddressChanged'>,
): OrderContext {
  return { ...context, shippingAddress: event.data.address };
}

export function recordNote(context: OrderContext, event: OrderEventOf<'NoteAdded'>): OrderContext {
  const { noteId, text, visibility } = event.data;
  const note = { noteId, text, visibility, addedBy: event.metadata.actor, addedAt: at(event) };
  return { ...context, notes: [...context.notes.filter((n) => n.noteId !== noteId), note] };
}

/** The customer's delivery window: the latest choice replaces the one before. */
export function recordDeliveryWindow(context: OrderContext, event: OrderEventOf<'DeliveryWindowChosen'>): OrderContext {
  const { window, chosenBy } = event.data;
  return { ...context, deliveryWindow: { window, chosenBy, chosenAt: at(event) } };
}

/** A rule set's record and what it does to the order: gift lines, discounts, notices, priority. */
export function recordRules(context: OrderContext, event: OrderEventOf<'RulesApplied'>): OrderContext {
  const { ruleSet, version, matched, effects, addedLines } = event.data;
  const gifts = addedLines.map((line) => ({
    ...line,
    cancelledQuantity: 0,
    dispatchedQuantity: 0,
    deliveredQuantity: 0,
    returnedQuantity: 0,
  }));
  const discounted = (context.discountTotal?.amount ?? 0) + effects.discountTotal;
  const notices = [...(context.notices ?? []), ...effects.notices];
  const priority =
    effects.priority === undefined ||
    (context.priority !== undefined && PRIORITIES.indexOf(context.priority) >= PRIORITIES.indexOf(effects.priority))
      ? context.priority
      : effects.priority;
  return defined({
    ...context,
    lines: [...context.lines, ...gifts],
    rules: [...(context.rules ?? []), { ruleSet, version, matched }],
    discountTotal:
      discounted === 0
        ? context.discountTotal
        : { amount: Math.min(discounted, context.total.amount), currency: context.currency },
    notices: notices.length === 0 ? undefined : notices,
    priority,
  });
}

/** Tags are a set: tagging twice leaves one tag, untagging an absent tag changes nothing. */
export function addTag(context: OrderContext, event: OrderEventOf<'OrderTagged'>): OrderContext {
  return context.tags.includes(event.data.tag) ? context : { ...context, tags: [...context.tags, event.data.tag] };
}

export function removeTag(context: OrderContext, event: OrderEventOf<'OrderUntagged'>): OrderContext {
  return { ...context, tags: context.tags.filter((tag) => tag !== event.data.tag) };
}
