import { uncapturedAmount } from './order.checks.ts';
import type { OrderContext, PaymentState, ReturnState } from './order.context.ts';
import type { OrderEventOf } from './order.events.ts';
import { entryOf, withEntry } from './order.records.ts';
import { at, defined, minus, plus } from './order.updates.ts';

// Pure context updates of the payment and returns regions.

export function recordAuthorization(context: OrderContext, event: OrderEventOf<'PaymentAuthorized'>): OrderContext {
  const { paymentId, amount, method } = event.data;
  const payment: PaymentState = {
    paymentId,
    method,
    status: 'authorized',
    authorized: amount,
    captured: { amount: 0, currency: amount.currency },
    authorizedAt: at(event),
  };
  return {
    ...context,
    payments: withEntry(context.payments, paymentId, payment),
    payment: { ...context.payment, authorized: plus(context.payment.authorized, amount) },
  };
}

export function recordAuthorizationFailure(
  context: OrderContext,
  event: OrderEventOf<'PaymentAuthorizationFailed'>,
): OrderContext {
  const { paymentId, reason } = event.data;
  const failure = { paymentId, stage: 'authorization' as const, reason, at: at(event) };
  return { ...context, paymentFailures: [...context.paymentFailures, failure] };
}

export function recordCapture(context: OrderContext, event: OrderEventOf<'PaymentCaptured'>): OrderContext {
  const { paymentId, amount } = event.data;
  const payment = entryOf(context.payments, paymentId);
  if (payment === undefined) return context;
  const captured: PaymentState = {
    ...payment,
    status: 'captured',
    captured: plus(payment.captured, amount),
    capturedAt: at(event),
  };
  return {
    ...context,
    payments: withEntry(context.payments, paymentId, captured),
    payment: { ...context.payment, captured: plus(context.payment.captured, amount) },
  };
}

export function recordCaptureFailure(context: OrderContext, event: OrderEventOf<'PaymentCaptureFailed'>): OrderContext {
  const { paymentId, reason } = event.data;
  const failure = { paymentId, stage: 'capture' as const, reason, at: at(event) };
  return { ...context, paymentFailures: [...context.paymentFailures, failure] };
}

export function recordVoid(context: OrderContext, event: OrderEventOf<'PaymentVoided'>): OrderContext {
  const { paymentId } = event.data;
  const payment = entryOf(context.payments, paymentId);
  if (payment === undefined) return context;
  // A void releases what is neither captured nor voided yet. The released remainder no longer
  // holds the buyer's funds, so it leaves the authorized total; captured money stays captured.
  const remainder = { amount: uncapturedAmount(payment), currency: payment.authorized.currency };
  const voided: PaymentState = {
    ...payment,
    status: payment.captured.amount > 0 ? payment.status : 'voided',
    voided: plus(payment.voided ?? { amount: 0, currency: remainder.currency }, remainder),
    voidedAt: at(event),
  };
  return {
    ...context,
    payments: withEntry(context.payments, paymentId, voided),
    payment: { ...context.payment, authorized: minus(context.payment.authorized, remainder) },
  };
}

export function recordRefund(context: OrderContext, event: OrderEventOf<'RefundIssued'>): OrderContext {
  const { refundId, amount, reason, returnId } = event.data;
  const refund = defined({ refundId, amount, reason, returnId, issuedAt: at(event) });
  return {
    ...context,
    refunds: withEntry(context.refunds, refundId, refund),
    payment: { ...context.payment, refunded: plus(context.payment.refunded, amount) },
  };
}

function updateReturn(context: OrderContext, returnId: string, change: (r: ReturnState) => ReturnState): OrderContext {
  const existing = entryOf(context.returns, returnId);
  if (existing === undefined) return context;
  return { ...context, returns: withEntry(context.returns, returnId, change(existing)) };
}

export function recordReturnRequest(context: OrderContext, event: OrderEventOf<'ReturnRequested'>): OrderContext {
  const { returnId, lines, reason } = event.data;
  const request: ReturnState = {
    returnId,
    lines: lines.map(({ lineId, quantity }) => ({ lineId, quantity })),
    reason,
    status: 'requested',
    requestedAt: at(event),
  };
  return { ...context, returns: withEntry(context.returns, returnId, request), currentReturnId: returnId };
}

export function recordReturnApproval(context: OrderContext, event: OrderEventOf<'ReturnApproved'>): OrderContext {
  return updateReturn(context, event.data.returnId, (r) => ({ ...r, status: 'approved', decidedAt: at(event) }));
}

export function recordReturnRejection(context: OrderContext, event: OrderEventOf<'ReturnRejected'>): OrderContext {
  const { returnId, reason } = event.data;
  return updateReturn(context, returnId, (r) => ({
    ...r,
    status: 'rejected',
    rejectionReason: reason,
    decidedAt: at(event),
  }));
}

export function recordReturnReceipt(context: OrderContext, event: OrderEventOf<'ReturnReceived'>): OrderContext {
  const { returnId, condition } = event.data;
  const request = entryOf(context.returns, returnId);
  if (request === undefined) return context;
  const lines = context.lines.map((line) => {
    const returned = request.lines.filter((l) => l.lineId === line.lineId).reduce((t, l) => t + l.quantity, 0);
    return returned === 0 ? line : { ...line, returnedQuantity: line.returnedQuantity + returned };
  });
  const received = updateReturn(context, returnId, (r) => ({
    ...r,
    status: 'received',
    condition,
    receivedAt: at(event),
  }));
  return { ...received, lines };
}

export function recordReturnRefund(context: OrderContext, event: OrderEventOf<'RefundIssued'>): OrderContext {
  const { returnId, refundId } = event.data;
  if (returnId === undefined) return context;
  return updateReturn(context, returnId, (r) => ({ ...r, status: 'refunded', refundId, refundedAt: at(event) }));
}
