import type { Money } from '../shared/money.ts';
import type { OrderContext, OrderLineState, PaymentState } from './order.context.ts';
import type { OrderEventDataMap } from './order.events.ts';
import { entryOf } from './order.records.ts';
import type { OrderRejectionCode } from './order.rejections.ts';
import { ALLOCATION_REJECTION_KINDS, type Allocation, type LineQuantity, type OrderRouting } from './order.types.ts';

// Checks of an event's data against the order's context. Each returns the rejection code of
// the first problem, or undefined. The machine's guards use them so that no event with bad
// data is ever folded; decide uses them to say precisely what is wrong.

type Problem = OrderRejectionCode | undefined;

/** A positive safe integer. */
export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** A non-empty string after trimming. */
export function isPresent(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** A positive amount in the order's currency. */
export function checkAmount(context: OrderContext, amount: Money | undefined): Problem {
  if (amount === undefined || !isPositiveInteger(amount.amount)) return 'payment.invalid-amount';
  if (amount.currency !== context.currency) return 'payment.currency-mismatch';
  return undefined;
}

/**
 * Line quantities referring to existing lines, each line once, each quantity a positive
 * integer no larger than `limit(line)`; `exceeded` is the code when it is larger.
 */
export function checkLineQuantities(
  context: OrderContext,
  lines: readonly LineQuantity[],
  limit: (line: OrderLineState) => number,
  exceeded: OrderRejectionCode,
): Problem {
  if (lines.length === 0) return 'order.no-lines';
  const seen = new Set<string>();
  for (const { lineId, quantity } of lines) {
    if (seen.has(lineId)) return 'order.duplicate-line';
    seen.add(lineId);
    const line = context.lines.find((l) => l.lineId === lineId);
    if (line === undefined) return 'order.line-unknown';
    if (!isPositiveInteger(quantity)) return 'order.invalid-quantity';
    if (quantity > limit(line)) return exceeded;
  }
  return undefined;
}

/** What of a line is still ordered (not cancelled). */
export function remainingQuantity(line: OrderLineState): number {
  return line.quantity - line.cancelledQuantity;
}

/** What of a line can still be cancelled: ordered and not dispatched. */
export function cancellableQuantity(line: OrderLineState): number {
  return line.quantity - line.cancelledQuantity - line.dispatchedQuantity;
}

/** What of an authorization is neither captured nor voided: it can still be taken or released. */
export function uncapturedAmount(payment: PaymentState): number {
  return payment.authorized.amount - payment.captured.amount - (payment.voided?.amount ?? 0);
}

/** Payments with an uncaptured remainder still holding the buyer's funds. */
export function openAuthorizations(context: OrderContext): PaymentState[] {
  return Object.values(context.payments).filter((payment) => uncapturedAmount(payment) > 0);
}

/**
 * Allocations with fresh shipment ids (or ids of shipments nobody started on, which a
 * re-allocation replaces) that together cover every line's remaining quantity exactly.
 */
export function checkAllocation(context: OrderContext, allocations: readonly Allocation[]): Problem {
  if (allocations.length === 0) return 'order.allocation-mismatch';
  const ids = new Set<string>();
  const allocated = new Map<string, number>();
  for (const allocation of allocations) {
    if (!isPresent(allocation.shipmentId) || !isPresent(allocation.locationId)) return 'order.invalid-field';
    const existing = entryOf(context.shipments, allocation.shipmentId);
    if (ids.has(allocation.shipmentId) || (existing !== undefined && existing.status !== 'allocated')) {
      return 'shipment.duplicate';
    }
    ids.add(allocation.shipmentId);
    const problem = checkLineQuantities(context, allocation.lines, remainingQuantity, 'order.allocation-mismatch');
    if (problem !== undefined) return problem;
    for (const { lineId, quantity } of allocation.lines) allocated.set(lineId, (allocated.get(lineId) ?? 0) + quantity);
  }
  const covered = context.lines.every((line) => (allocated.get(line.lineId) ?? 0) === remainingQuantity(line));
  return covered ? undefined : 'order.allocation-mismatch';
}

/** What the order is still worth: its total less rule discounts and the cancelled quantities of its lines. */
export function orderValue(context: OrderContext): number {
  const value = context.lines.reduce(
    (value, line) => value - line.cancelledQuantity * line.unitPrice.amount,
    context.total.amount - (context.discountTotal?.amount ?? 0),
  );
  return Math.max(0, value);
}

/** How much more may be captured for the order, whatever is authorized: never more than it is worth. */
export function capturableValue(context: OrderContext): number {
  return Math.max(0, orderValue(context) - context.payment.captured.amount);
}

/**
 * A capture of an authorized payment of this order, within what is neither captured nor voided
 * of it, and within what the order is still worth (cancelled lines are not charged).
 */
export function checkCapture(context: OrderContext, paymentId: string, amount: Money): Problem {
  const payment = entryOf(context.payments, paymentId);
  if (payment === undefined) return 'payment.unknown';
  const problem = checkAmount(context, amount);
  if (problem !== undefined) return problem;
  if (amount.amount > uncapturedAmount(payment)) return 'payment.capture-exceeds-authorized';
  if (amount.amount > capturableValue(context)) return 'payment.capture-exceeds-order-value';
  return undefined;
}

/** A new refund, for a known return if any, within what was captured and not yet refunded. */
export function checkRefund(context: OrderContext, data: OrderEventDataMap['RefundIssued']): Problem {
  const problem = checkAmount(context, data.amount);
  if (problem !== undefined) return problem;
  if (!isPresent(data.refundId)) return 'order.invalid-field';
  if (entryOf(context.refunds, data.refundId) !== undefined) return 'payment.duplicate-refund';
  if (data.returnId !== undefined && entryOf(context.returns, data.returnId) === undefined) return 'return.unknown';
  const refundable = context.payment.captured.amount - context.payment.refunded.amount;
  if (data.amount.amount > refundable) return 'payment.refund-exceeds-captured';
  return undefined;
}

/** A new return of delivered quantities that were not returned already. */
export function checkReturnRequest(context: OrderContext, data: OrderEventDataMap['ReturnRequested']): Problem {
  if (!isPresent(data.returnId)) return 'order.invalid-field';
  if (entryOf(context.returns, data.returnId) !== undefined) return 'return.duplicate';
  return checkLineQuantities(
    context,
    data.lines,
    (line) => line.deliveredQuantity - line.returnedQuantity,
    'return.exceeds-delivered',
  );
}

/** A new authorization in the order's currency. */
export function checkAuthorization(context: OrderContext, data: OrderEventDataMap['PaymentAuthorized']): Problem {
  if (!isPresent(data.paymentId)) return 'order.invalid-field';
  if (entryOf(context.payments, data.paymentId) !== undefined) return 'payment.duplicate';
  return checkAmount(context, data.amount);
}

/**
 * A routing record must be the plan the allocations carry out: a routed decision whose shipments
 * are the allocations (same order, locations, services and lines) and whose reservations hold
 * every allocated quantity at its location.
 */
export function checkRouting(allocations: readonly Allocation[], routing: OrderRouting | undefined): Problem {
  if (routing === undefined) return undefined;
  const { decision, reservations } = routing;
  if (!Number.isSafeInteger(routing.attempt) || routing.attempt < 1) return 'order.routing-mismatch';
  if (decision.outcome !== 'routed' || decision.plan.length !== allocations.length) return 'order.routing-mismatch';
  const reserved = new Map<string, number>();
  for (const r of reservations) {
    const key = `${r.locationId}\u0000${r.lineId}`;
    reserved.set(key, (reserved.get(key) ?? 0) + r.quantity);
  }
  for (const [i, allocation] of allocations.entries()) {
    const planned = decision.plan[i];
    if (planned === undefined || planned.locationId !== allocation.locationId) return 'order.routing-mismatch';
    if (allocation.service !== undefined && allocation.service !== planned.service) return 'order.routing-mismatch';
    const plannedLines = new Map(planned.lines.map((l) => [l.lineId, l.quantity]));
    if (plannedLines.size !== allocation.lines.length) return 'order.routing-mismatch';
    for (const { lineId, quantity } of allocation.lines) {
      if (plannedLines.get(lineId) !== quantity) return 'order.routing-mismatch';
      if (reserved.get(`${allocation.locationId}\u0000${lineId}`) !== quantity) return 'order.routing-mismatch';
    }
  }
  return undefined;
}

/**
 * A rejection of a known shipment by the location it is allocated to, with a kind and a reason.
 * Whether the shipment may still be given back (nobody started on the allocation) is the
 * machine's to say.
 */
export function checkAllocationRejection(
  context: OrderContext,
  data: OrderEventDataMap['AllocationRejected'],
): Problem {
  if (!isPresent(data.reason) || !(ALLOCATION_REJECTION_KINDS as readonly string[]).includes(data.kind)) {
    return 'order.invalid-field';
  }
  const shipment = entryOf(context.shipments, data.shipmentId);
  if (shipment === undefined) return 'shipment.unknown';
  return shipment.locationId === data.locationId ? undefined : 'shipment.location-mismatch';
}
