import type { OrderCommand } from '@ordinal/domain';
import type { ImportIssue, ImportStep, IssueAction, OrderHistory, PlannedOrder } from './import.types.ts';

const RANK = { placed: 0, paid: 1, allocated: 2, picking: 3, shipped: 4, delivered: 5, cancelled: -1 } as const;

/**
 * Turns a historical order into the commands that replay its life, in time order, and says
 * what it had to change or could not take (docs/import.md, "Adjustments"):
 * - no lines, or no purchase time: refused (an order needs both);
 * - cancelled with hand-over or delivery dates: the dates are dropped (an order is cancelled
 *   before it leaves; nothing in the source says it was returned);
 * - delivered without a delivery date: imported as far as the dates go (shipped, or allocated);
 *   shipped without a hand-over date: imported as allocated;
 * - paid (or further) without a payment approval time: paid at placement;
 * - handed to the carrier before the payment approval: kept as recorded (the seller shipped
 *   first), the allocation dated at the hand-over;
 * - delivered before the carrier hand-over: the hand-over is moved to the delivery (the times
 *   the customer saw, purchase and delivery, are kept as they are);
 * - a step dated before the step it follows: moved to that step's time;
 * - a review dated before the order's last step (reviews are dated by day): recorded at that step.
 */
export function planHistory(history: OrderHistory): PlannedOrder {
  const { orderId, record } = history;
  const issues: ImportIssue[] = [];
  const note = (action: IssueAction, code: string, reason: string) =>
    issues.push({ record, orderId, action, code, reason });
  const refused = (code: string, reason: string): PlannedOrder => {
    note('refused', code, reason);
    return { orderId, record, steps: [], issues };
  };
  if (history.place.lines.length === 0) return refused('no-items', 'the order has no items');
  if (history.placedAt === undefined) return refused('no-purchase-time', 'the order has no purchase time');
  let { status } = history;
  let { paidAt, shippedAt, deliveredAt } = history;
  if (status === 'cancelled' && (shippedAt !== undefined || deliveredAt !== undefined)) {
    note(
      'adjusted',
      'cancelled-with-delivery-dates',
      `cancelled, yet dated handed over ${shippedAt ?? '-'} and delivered ${deliveredAt ?? '-'}: those dates are dropped`,
    );
    shippedAt = undefined;
    deliveredAt = undefined;
  }
  if (status === 'delivered' && deliveredAt === undefined) {
    status = shippedAt === undefined ? 'allocated' : 'shipped';
    note('adjusted', 'delivered-without-date', `delivered without a delivery date: imported as ${status}`);
  }
  if (status === 'shipped' && shippedAt === undefined) {
    status = 'allocated';
    note(
      'adjusted',
      'shipped-without-hand-over-date',
      'shipped without a carrier hand-over date: imported as allocated',
    );
  }
  if (shippedAt !== undefined && deliveredAt !== undefined && deliveredAt < shippedAt) {
    note(
      'adjusted',
      'delivered-before-hand-over',
      `delivered at ${deliveredAt}, before the carrier hand-over at ${shippedAt}: the hand-over is moved to the delivery`,
    );
    shippedAt = deliveredAt;
  }
  const rank = RANK[status];
  const paid = rank >= RANK.paid || (status === 'cancelled' && paidAt !== undefined);
  if (paid && paidAt === undefined) {
    paidAt = history.placedAt;
    note('adjusted', 'no-approval-time', 'paid without a payment approval time: paid at placement');
  }
  if (rank >= RANK.shipped && paidAt !== undefined && shippedAt !== undefined && shippedAt < paidAt) {
    note(
      'kept',
      'handed-over-before-approval',
      `handed to the carrier at ${shippedAt}, before the payment approval at ${paidAt}`,
    );
  }

  const steps: ImportStep[] = [];
  let last = history.placedAt;
  // Steps of the fulfilment chain never go back in time; the payment keeps its own time.
  const at = (time: string, what: string): string => {
    if (time < last) {
      note(
        'adjusted',
        'out-of-order-time',
        `${what} at ${time} is before the step it follows (${last}): moved to ${last}`,
      );
      return last;
    }
    last = time;
    return time;
  };
  const add = (step: string, time: string, command: OrderCommand) => steps.push({ step, at: time, command });
  const { lines, ...rest } = history.place;
  add('place', history.placedAt, { type: 'PlaceOrder', orderId, ...rest, lines });
  const total =
    lines.reduce((sum, line) => sum + line.quantity * line.unitPrice.amount, 0) + (rest.shippingFee?.amount ?? 0);
  const payment: ImportStep[] = [];
  if (paid && paidAt !== undefined) {
    const time = paidAt < history.placedAt ? history.placedAt : paidAt;
    if (time !== paidAt)
      note('adjusted', 'out-of-order-time', `payment approved at ${paidAt}, before the purchase: moved to it`);
    const amount = { amount: total, currency: rest.currency };
    const method = history.paymentMethod ?? 'unknown';
    payment.push(
      { step: 'authorize', at: time, command: { type: 'AuthorizePayment', orderId, paymentId: 'p1', amount, method } },
      { step: 'capture', at: time, command: { type: 'CapturePayment', orderId, paymentId: 'p1' } },
    );
  }
  if (rank >= RANK.allocated) {
    const handedFirst = shippedAt !== undefined && paidAt !== undefined && shippedAt < paidAt;
    const allocatedAt = at(handedFirst ? (shippedAt as string) : (paidAt ?? history.placedAt), 'the allocation');
    const allocations = history.shipments.map((s) => ({
      shipmentId: s.shipmentId,
      locationId: s.locationId,
      lines: s.lineIds.map((lineId) => ({ lineId, quantity: lines.find((l) => l.lineId === lineId)?.quantity ?? 0 })),
    }));
    add('allocate', allocatedAt, { type: 'AllocateOrder', orderId, allocations, reason: 'imported' });
  }
  if (rank >= RANK.picking) {
    const pickedAt = at(shippedAt ?? last, 'picking');
    for (const s of history.shipments) {
      add(`pick:${s.shipmentId}`, pickedAt, { type: 'StartPicking', orderId, shipmentId: s.shipmentId });
    }
  }
  if (rank >= RANK.shipped && shippedAt !== undefined) {
    const time = at(shippedAt, 'the carrier hand-over');
    for (const s of history.shipments) {
      const shipmentId = s.shipmentId;
      add(`pack:${shipmentId}`, time, { type: 'PackShipment', orderId, shipmentId });
      const trackingNumber = `${orderId}-${shipmentId}`;
      add(`dispatch:${shipmentId}`, time, {
        type: 'DispatchShipment',
        orderId,
        shipmentId,
        carrier: 'unknown',
        trackingNumber,
      });
    }
  }
  if (rank >= RANK.delivered && deliveredAt !== undefined) {
    const time = at(deliveredAt, 'the delivery');
    for (const s of history.shipments) {
      const shipmentId = s.shipmentId;
      add(`out-for-delivery:${shipmentId}`, time, { type: 'RecordOutForDelivery', orderId, shipmentId });
      add(`deliver:${shipmentId}`, time, { type: 'RecordDelivery', orderId, shipmentId });
    }
  }
  if (status === 'cancelled') {
    const time = at(history.cancelledAt ?? (paidAt !== undefined && paidAt > last ? paidAt : last), 'the cancellation');
    add('cancel', time, { type: 'CancelOrder', orderId, reason: history.cancelReason ?? 'cancelled' });
  }
  // The payment goes where its time puts it (after a hand-over that came first, too).
  const paidTime = payment[0]?.at;
  if (paidTime !== undefined) {
    const index = steps.findIndex((s, i) => i > 0 && s.at >= paidTime);
    steps.splice(index === -1 ? steps.length : index, 0, ...payment);
  }
  const end = steps.reduce((latest, s) => (s.at > latest ? s.at : latest), history.placedAt);
  for (const review of history.reviews ?? []) {
    const time = review.at < end ? end : review.at;
    if (time !== review.at) {
      note('adjusted', 'review-before-last-event', `review ${review.reviewId} dated ${review.at}: recorded at ${end}`);
    }
    const command: OrderCommand = {
      type: 'AddNote',
      orderId,
      noteId: `review-${review.reviewId}`,
      text: review.text,
      visibility: 'internal',
    };
    steps.push({ step: `review:${review.reviewId}`, at: time, command });
  }
  return { orderId, record, steps, issues };
}
