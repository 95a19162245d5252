import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import {
  draft,
  forOrder,
  fx,
  minutesAfterT0,
  orderFacts,
  orderStream,
  pathTo,
  recordOrderEvent,
} from '../testing/order-fixtures.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft } from './order.events.ts';
import { orderStatus } from './order.state.ts';

// What is left of an authorization after part of it was captured: it can still be captured
// or voided, whatever was refunded meanwhile, and the order cannot close while it is open.

const spec = deciderSpec(orderDecider, () => orderFacts(), recordOrderEvent);
const given = (drafts: OrderEventDraft[]) => spec.given(orderStream(drafts));
const { eur } = fx;
const partly = [fx.placed, fx.authorized(2500), fx.captured(1000)];
const capture = forOrder({ type: 'CapturePayment', paymentId: 'p1' });
const voidP1 = forOrder({ type: 'VoidPayment', paymentId: 'p1', reason: 'order shrank' });
const voided = draft('PaymentVoided', { paymentId: 'p1', reason: 'order shrank' });
const refund = (amount: number, refundId = 'rf2') =>
  forOrder({ type: 'RefundPayment', refundId, amount: eur(amount), reason: 'goodwill' });

describe('the uncaptured remainder of an authorization', () => {
  it('can be captured after a partial refund (authorize 2500, capture 1000, refund 600)', () => {
    const state = given([...partly, fx.refunded(600)])
      .when(capture)
      .then([fx.captured(1500)]);
    expect(orderStatus(state).payment).toBe('partiallyRefunded');
    expect(state.context.payment).toEqual({ authorized: eur(2500), captured: eur(2500), refunded: eur(600) });
  });

  it('can be captured after everything captured so far was refunded', () => {
    const refunded = [...partly, fx.refunded(1000)];
    given(refunded)
      .when(forOrder({ type: 'RecordPaymentCaptureFailure', paymentId: 'p1', reason: 'timeout' }))
      .then([draft('PaymentCaptureFailed', { paymentId: 'p1', reason: 'timeout' })]);
    const state = given(refunded)
      .when(forOrder({ type: 'CapturePayment', paymentId: 'p1', amount: eur(500) }))
      .then([fx.captured(500)]);
    expect(orderStatus(state).payment).toBe('partiallyRefunded');
  });

  it('can be voided; the region keeps showing the captured money', () => {
    const state = given(partly).when(voidP1).then([voided]);
    expect(orderStatus(state).payment).toBe('captured');
    expect(state.context.payments.p1).toEqual({
      paymentId: 'p1',
      method: 'card',
      status: 'captured',
      authorized: eur(2500),
      captured: eur(1000),
      voided: eur(1500),
      authorizedAt: minutesAfterT0(1),
      capturedAt: minutesAfterT0(2),
      voidedAt: minutesAfterT0(3),
    });
    // The released remainder no longer counts as authorized.
    expect(state.context.payment).toEqual({ authorized: eur(1000), captured: eur(1000), refunded: eur(0) });
    const after = [...partly, voided];
    given(after).when(capture).thenRejects('payment.not-capturable');
    given(after).when(voidP1).thenRejects('payment.not-voidable');
    given(after).when(refund(1001)).thenRejects('payment.refund-exceeds-captured');
    const refunded = given(after)
      .when(refund(1000))
      .then([fx.refunded(1000, 'rf2')]);
    expect(orderStatus(refunded).payment).toBe('refunded');
  });

  it('can be voided after a partial refund too', () => {
    const state = given([...partly, fx.refunded(600)])
      .when(voidP1)
      .then([voided]);
    expect(orderStatus(state).payment).toBe('partiallyRefunded');
    given([...partly, fx.refunded(600), voided])
      .when(refund(401))
      .thenRejects('payment.refund-exceeds-captured');
  });
});

describe('a new authorization', () => {
  const authorizeP2 = forOrder({ type: 'AuthorizePayment', paymentId: 'p2', amount: eur(6000), method: 'card' });

  it('may follow a voided one while the order is live', () => {
    const fullyVoided = [fx.placed, fx.authorized(), draft('PaymentVoided', { paymentId: 'p1', reason: 'wrong card' })];
    const state = given(fullyVoided)
      .when(authorizeP2)
      .then([fx.authorized(6000, 'p2')]);
    expect(orderStatus(state).payment).toBe('authorized');
    given([...fullyVoided, fx.authorized(6000, 'p2')])
      .when(forOrder({ type: 'CapturePayment', paymentId: 'p2' }))
      .then([fx.captured(6000, 'p2')]);
    given([...fullyVoided, draft('OrderCancelled', { reason: 'x' })])
      .when(authorizeP2)
      .thenRejects('payment.not-authorizable');
  });

  it('is refused while part of an authorization was captured', () => {
    given([...partly, voided])
      .when(authorizeP2)
      .thenRejects('payment.not-authorizable');
  });
});

describe('closing with an open authorization', () => {
  const close = forOrder({ type: 'CloseOrder' });

  it('is refused until the remainder is captured or voided', () => {
    const cancelled = [fx.placed, fx.authorized(), draft('OrderCancelled', { reason: 'customer asked' })];
    given(cancelled)
      .when(close)
      .thenRejects('order.authorization-open', { paymentIds: ['p1'] });
    given(cancelled)
      .when(forOrder({ type: 'VoidPayment', paymentId: 'p1', reason: 'cancelled' }))
      .then([draft('PaymentVoided', { paymentId: 'p1', reason: 'cancelled' })]);
    given([...cancelled, draft('PaymentVoided', { paymentId: 'p1', reason: 'cancelled' })])
      .when(close)
      .then([draft('OrderClosed', { reason: 'closed' })]);
  });

  it('is refused for a completed order whose authorization was only partly captured', () => {
    const completed = [
      ...pathTo('delivered'),
      fx.authorized(),
      fx.captured(5000),
      draft('OrderCompleted', { reason: 'delivered' }),
    ];
    given(completed).when(close).thenRejects('order.authorization-open');
    given([...completed, fx.captured(1000)])
      .when(close)
      .then([draft('OrderClosed', { reason: 'closed' })]);
    // Where the order could not be closed anyway, that is the answer.
    given([...pathTo('inTransit'), fx.authorized()])
      .when(close)
      .thenRejects('order.not-closable');
  });
});
