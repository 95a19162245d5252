import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import { draft, forOrder, fx, orderFacts, orderStream, pathTo, recordOrderEvent } from '../testing/order-fixtures.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft } from './order.events.ts';
import { orderStatus } from './order.state.ts';

const spec = deciderSpec(orderDecider, () => orderFacts(), recordOrderEvent);
const given = (drafts: OrderEventDraft[]) => spec.given(orderStream(drafts));
const { eur } = fx;
const authorized = [fx.placed, fx.authorized()];
const captured = [...authorized, fx.captured()];

describe('payment commands', () => {
  it('authorizes, captures and refunds partly then fully', () => {
    given([fx.placed])
      .when(forOrder({ type: 'AuthorizePayment', paymentId: 'p1', amount: eur(6000), method: 'card' }))
      .then([fx.authorized()]);
    given(authorized)
      .when(forOrder({ type: 'CapturePayment', paymentId: 'p1' }))
      .then([fx.captured()]);
    const partly = given(captured)
      .when(forOrder({ type: 'RefundPayment', refundId: 'rf1', amount: eur(1000), reason: 'goodwill' }))
      .then([fx.refunded(1000)]);
    expect(orderStatus(partly).payment).toBe('partiallyRefunded');
    const fully = given([...captured, fx.refunded(1000)])
      .when(forOrder({ type: 'RefundPayment', refundId: 'rf2', amount: eur(5000), reason: 'goodwill' }))
      .then([fx.refunded(5000, 'rf2')]);
    expect(orderStatus(fully).payment).toBe('refunded');
  });

  it('captures part of an authorization, then the rest', () => {
    given(authorized)
      .when(forOrder({ type: 'CapturePayment', paymentId: 'p1', amount: eur(2000) }))
      .then([fx.captured(2000)]);
    given([...authorized, fx.captured(2000)])
      .when(forOrder({ type: 'CapturePayment', paymentId: 'p1' }))
      .then([fx.captured(4000)]);
  });

  it('refuses to capture a fully captured payment', () => {
    given(captured)
      .when(forOrder({ type: 'CapturePayment', paymentId: 'p1' }))
      .thenRejects('payment.not-capturable');
  });

  it('records failures and lets a new authorization follow a failed one', () => {
    const failed = draft('PaymentAuthorizationFailed', { paymentId: 'p0', reason: 'declined' });
    given([fx.placed])
      .when(forOrder({ type: 'RecordPaymentAuthorizationFailure', paymentId: 'p0', reason: 'declined' }))
      .then([failed]);
    given([fx.placed, failed])
      .when(forOrder({ type: 'AuthorizePayment', paymentId: 'p1', amount: eur(6000), method: 'card' }))
      .then([fx.authorized()]);
    const state = given(authorized)
      .when(forOrder({ type: 'RecordPaymentCaptureFailure', paymentId: 'p1', reason: 'psp timeout' }))
      .then([draft('PaymentCaptureFailed', { paymentId: 'p1', reason: 'psp timeout' })]);
    expect(orderStatus(state).payment).toBe('authorized');
    expect(state.context.paymentFailures).toHaveLength(1);
  });

  it('voids an authorization, and nothing once it is wholly captured', () => {
    const voided = draft('PaymentVoided', { paymentId: 'p1', reason: 'cancelled' });
    given(authorized)
      .when(forOrder({ type: 'VoidPayment', paymentId: 'p1', reason: 'cancelled' }))
      .then([voided]);
    given(captured)
      .when(forOrder({ type: 'VoidPayment', paymentId: 'p1', reason: 'cancelled' }))
      .thenRejects('payment.not-voidable');
  });

  it.each([
    ['payment.duplicate', forOrder({ type: 'AuthorizePayment', paymentId: 'p1', amount: eur(1), method: 'card' })],
    [
      'payment.currency-mismatch',
      forOrder({ type: 'AuthorizePayment', paymentId: 'p2', amount: { amount: 1, currency: 'USD' }, method: 'card' }),
    ],
    ['payment.invalid-amount', forOrder({ type: 'AuthorizePayment', paymentId: 'p2', amount: eur(0), method: 'card' })],
    ['payment.unknown', forOrder({ type: 'CapturePayment', paymentId: 'p9' })],
    ['payment.capture-exceeds-authorized', forOrder({ type: 'CapturePayment', paymentId: 'p1', amount: eur(6001) })],
    [
      'payment.refund-exceeds-captured',
      forOrder({ type: 'RefundPayment', refundId: 'r', amount: eur(1), reason: 'x' }),
    ],
  ])('rejects %s', (code, command) => {
    given(authorized).when(command).thenRejects(code);
  });

  it('refuses a second authorization, refunds beyond captured and refunds for returns not received', () => {
    given(authorized)
      .when(forOrder({ type: 'AuthorizePayment', paymentId: 'p2', amount: eur(10), method: 'card' }))
      .thenRejects('payment.not-authorizable');
    given([...captured, fx.refunded(6000)])
      .when(forOrder({ type: 'RefundPayment', refundId: 'rf2', amount: eur(1), reason: 'x' }))
      .thenRejects('payment.refund-exceeds-captured');
    given([...pathTo('delivered'), fx.authorized(), fx.captured(), fx.returnRequested('r1')])
      .when(forOrder({ type: 'RefundPayment', refundId: 'rf1', amount: eur(1500), reason: 'x', returnId: 'r1' }))
      .thenRejects('payment.not-refundable');
  });

  it('refuses new money once the order is cancelled', () => {
    given([fx.placed, draft('OrderCancelled', { reason: 'x' })])
      .when(forOrder({ type: 'AuthorizePayment', paymentId: 'p1', amount: eur(6000), method: 'card' }))
      .thenRejects('payment.not-authorizable');
  });
});

describe('returns commands', () => {
  const delivered = [...pathTo('delivered'), fx.authorized(), fx.captured()];
  const requested = [...delivered, fx.returnRequested('r1')];
  const approved = [...requested, draft('ReturnApproved', { returnId: 'r1' })];
  const received = [...approved, draft('ReturnReceived', { returnId: 'r1', condition: 'resellable' })];

  it('requests, approves, receives and refunds a return', () => {
    const request = forOrder({
      type: 'RequestReturn',
      returnId: 'r1',
      lines: [{ lineId: '1', quantity: 1 }],
      reason: 'broken',
    });
    given(delivered)
      .when(request)
      .then([fx.returnRequested('r1')]);
    given(requested)
      .when(forOrder({ type: 'ApproveReturn', returnId: 'r1' }))
      .then([draft('ReturnApproved', { returnId: 'r1' })]);
    const state = given(approved)
      .when(forOrder({ type: 'ReceiveReturn', returnId: 'r1', condition: 'resellable' }))
      .then([draft('ReturnReceived', { returnId: 'r1', condition: 'resellable' })]);
    expect(state.context.lines[0]?.returnedQuantity).toBe(1);
    const refunded = given(received)
      .when(forOrder({ type: 'RefundPayment', refundId: 'rf1', amount: eur(1500), reason: 'return', returnId: 'r1' }))
      .then([draft('RefundIssued', { refundId: 'rf1', amount: eur(1500), reason: 'return', returnId: 'r1' })]);
    expect(orderStatus(refunded)).toEqual({
      main: 'fulfilment.delivered',
      payment: 'partiallyRefunded',
      returns: 'refunded',
    });
  });

  it('rejects a return request, after which another may start', () => {
    const rejected = draft('ReturnRejected', { returnId: 'r1', reason: 'worn' });
    given(requested)
      .when(forOrder({ type: 'RejectReturn', returnId: 'r1', reason: 'worn' }))
      .then([rejected]);
    given([...requested, rejected])
      .when(forOrder({ type: 'RequestReturn', returnId: 'r2', lines: [{ lineId: '1', quantity: 2 }], reason: 'x' }))
      .then([draft('ReturnRequested', { returnId: 'r2', lines: [{ lineId: '1', quantity: 2 }], reason: 'x' })]);
  });

  it('refuses returns of what was not delivered, a second return at once and unknown returns', () => {
    const request = (returnId: string, quantity: number) =>
      forOrder({ type: 'RequestReturn', returnId, lines: [{ lineId: '1', quantity }], reason: 'x' });
    given(pathTo('inTransit')).when(request('r1', 1)).thenRejects('return.exceeds-delivered');
    given(delivered).when(request('r1', 3)).thenRejects('return.exceeds-delivered');
    given(requested).when(request('r2', 1)).thenRejects('return.not-requestable');
    given(requested).when(request('r1', 1)).thenRejects('return.duplicate');
    given(requested)
      .when(forOrder({ type: 'ApproveReturn', returnId: 'r9' }))
      .thenRejects('return.unknown');
    given(requested)
      .when(forOrder({ type: 'ReceiveReturn', returnId: 'r1', condition: 'damaged' }))
      .thenRejects('return.invalid-transition', { returnStatus: 'requested' });
  });
});
