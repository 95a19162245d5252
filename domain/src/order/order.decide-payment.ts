import { isRejection } from '../shared/rejection.ts';
import {
  capturableValue,
  checkAuthorization,
  checkCapture,
  checkRefund,
  checkReturnRequest,
  isPresent,
  openAuthorizations,
  uncapturedAmount,
} from './order.checks.ts';
import type { OrderCommand, OrderCommandOf } from './order.commands.ts';
import {
  ifAllowed,
  missing,
  type OrderDecision,
  type OrderDecisionFacts,
  problem,
  rejectOrder,
} from './order.decision.ts';
import type { OrderEventDraft } from './order.events.ts';
import { entryOf } from './order.records.ts';
import type { OrderRejectionCode } from './order.rejections.ts';
import type { OrderState } from './order.state.ts';

/** Commands of the payment region. */
export type PaymentCommand = Extract<
  OrderCommand,
  {
    readonly type:
      | 'AuthorizePayment'
      | 'RecordPaymentAuthorizationFailure'
      | 'CapturePayment'
      | 'RecordPaymentCaptureFailure'
      | 'VoidPayment'
      | 'RefundPayment';
  }
>;

/** Commands of the returns region. */
export type ReturnCommand = Extract<
  OrderCommand,
  { readonly type: 'RequestReturn' | 'ApproveReturn' | 'RejectReturn' | 'ReceiveReturn' }
>;

// Where in the command each data problem lies, when not in the amount.
const FIELDS: Partial<Record<OrderRejectionCode, string>> = {
  'payment.duplicate': '/paymentId',
  'payment.duplicate-refund': '/refundId',
  'return.unknown': '/returnId',
};

/** Decides a payment command: amounts in the order's currency, within what is authorized or captured. */
export function decidePayment(command: PaymentCommand, state: OrderState, facts: OrderDecisionFacts): OrderDecision {
  const { context } = state;
  const payment = 'paymentId' in command ? entryOf(context.payments, command.paymentId) : undefined;
  const needsKnownPayment =
    command.type === 'CapturePayment' ||
    command.type === 'RecordPaymentCaptureFailure' ||
    command.type === 'VoidPayment';
  if (needsKnownPayment && payment === undefined) return problem(state, 'payment.unknown', '/paymentId');
  if ('reason' in command && !isPresent(command.reason)) return missing(state, '/reason');
  const allow = ifAllowed.bind(null, state, facts);
  switch (command.type) {
    case 'AuthorizePayment': {
      const { amount, method } = command;
      const data = { paymentId: command.paymentId, amount, method };
      if (!isPresent(data.paymentId)) return missing(state, '/paymentId');
      const found = checkAuthorization(context, data);
      if (found !== undefined) return problem(state, found, FIELDS[found] ?? '/amount');
      if (!isPresent(method)) return missing(state, '/method');
      return allow(
        [{ type: 'PaymentAuthorized', data }],
        'payment.not-authorizable',
        'a payment can be authorized first, or after the last one failed or was voided, while the order is not cancelled',
      );
    }
    case 'RecordPaymentAuthorizationFailure':
      if (!isPresent(command.paymentId)) return missing(state, '/paymentId');
      return allow(
        [{ type: 'PaymentAuthorizationFailed', data: { paymentId: command.paymentId, reason: command.reason } }],
        'payment.not-authorizable',
        'no authorization is pending',
      );
    case 'CapturePayment': {
      const left = payment ? Math.min(uncapturedAmount(payment), capturableValue(context)) : 0;
      if (command.amount === undefined && left <= 0) {
        return rejectOrder(
          state,
          'payment.not-capturable',
          `nothing is left to capture of payment ${command.paymentId}`,
        );
      }
      const amount = command.amount ?? { amount: left, currency: context.currency };
      const found = checkCapture(context, command.paymentId, amount);
      if (found !== undefined) return problem(state, found, '/amount');
      return allow(
        [{ type: 'PaymentCaptured', data: { paymentId: command.paymentId, amount } }],
        'payment.not-capturable',
        `payment ${command.paymentId} cannot be captured now`,
      );
    }
    case 'RecordPaymentCaptureFailure':
      return allow(
        [{ type: 'PaymentCaptureFailed', data: { paymentId: command.paymentId, reason: command.reason } }],
        'payment.not-capturable',
        `payment ${command.paymentId} has nothing left to capture`,
      );
    case 'VoidPayment':
      return allow(
        [{ type: 'PaymentVoided', data: { paymentId: command.paymentId, reason: command.reason } }],
        'payment.not-voidable',
        'only what is neither captured nor voided of an authorization can be voided',
      );
    case 'RefundPayment': {
      const { refundId, amount, reason, returnId } = command;
      const data = { refundId, amount, reason, ...(returnId === undefined ? {} : { returnId }) };
      if (!isPresent(refundId)) return missing(state, '/refundId');
      const found = checkRefund(context, data);
      if (found !== undefined) return problem(state, found, FIELDS[found] ?? '/amount');
      return allow(
        [{ type: 'RefundIssued', data }],
        'payment.not-refundable',
        returnId === undefined ? 'nothing captured is left to refund' : `return ${returnId} has not been received`,
      );
    }
  }
}

/**
 * Decides CloseOrder: once completed, cancelled or returned to sender, and only when no
 * authorization still holds an uncaptured, unvoided remainder (`order.authorization-open`).
 */
export function decideClose(
  command: OrderCommandOf<'CloseOrder'>,
  state: OrderState,
  facts: OrderDecisionFacts,
): OrderDecision {
  const closed: OrderEventDraft = { type: 'OrderClosed', data: { reason: command.reason ?? 'closed' } };
  const message = 'an order is closed once completed, cancelled or returned to sender';
  const decision = ifAllowed(state, facts, [closed], 'order.not-closable', message);
  const open = openAuthorizations(state.context).map((payment) => payment.paymentId);
  if (!isRejection(decision) || open.length === 0) return decision;
  // Only the open authorizations in the way? The machine answers with them voided first.
  const voids = open.map(
    (paymentId): OrderEventDraft => ({ type: 'PaymentVoided', data: { paymentId, reason: 'close' } }),
  );
  if (isRejection(ifAllowed(state, facts, [...voids, closed], 'order.not-closable', message))) return decision;
  return rejectOrder(
    state,
    'order.authorization-open',
    `capture or void what is left of payment ${open.join(', ')} before closing the order`,
    { paymentIds: open },
  );
}

/** Decides a returns command: delivered quantities only, one return at a time. */
export function decideReturn(command: ReturnCommand, state: OrderState, facts: OrderDecisionFacts): OrderDecision {
  const { context } = state;
  if (command.type === 'RequestReturn') {
    if (!isPresent(command.reason)) return missing(state, '/reason');
    const data = { returnId: command.returnId, lines: command.lines, reason: command.reason };
    if (!isPresent(data.returnId)) return missing(state, '/returnId');
    const found = checkReturnRequest(context, data);
    if (found !== undefined) return problem(state, found, found === 'return.duplicate' ? '/returnId' : '/lines');
    return ifAllowed(
      state,
      facts,
      [{ type: 'ReturnRequested', data }],
      'return.not-requestable',
      'another return is in progress',
    );
  }
  const request = entryOf(context.returns, command.returnId);
  if (request === undefined) return problem(state, 'return.unknown', '/returnId');
  const message = `return ${command.returnId} is ${request.status}`;
  const details = { returnId: command.returnId, returnStatus: request.status };
  switch (command.type) {
    case 'ApproveReturn':
      return ifAllowed(
        state,
        facts,
        [{ type: 'ReturnApproved', data: { returnId: command.returnId } }],
        'return.invalid-transition',
        message,
        details,
      );
    case 'RejectReturn':
      if (!isPresent(command.reason)) return missing(state, '/reason');
      return ifAllowed(
        state,
        facts,
        [{ type: 'ReturnRejected', data: { returnId: command.returnId, reason: command.reason } }],
        'return.invalid-transition',
        message,
        details,
      );
    case 'ReceiveReturn':
      if (!['resellable', 'damaged', 'missing-items'].includes(command.condition)) {
        return rejectOrder(state, 'order.invalid-field', 'condition must be resellable, damaged or missing-items', {
          field: '/condition',
        });
      }
      return ifAllowed(
        state,
        facts,
        [{ type: 'ReturnReceived', data: { returnId: command.returnId, condition: command.condition } }],
        'return.invalid-transition',
        message,
        details,
      );
  }
}
