import { describe, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import { draft, forOrder, fx, orderFacts, orderStream, recordOrderEvent } from '../testing/order-fixtures.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft } from './order.events.ts';

const spec = deciderSpec(orderDecider, () => orderFacts(), recordOrderEvent);
const given = (drafts: OrderEventDraft[]) => spec.given(orderStream(drafts));
const { eur } = fx;
// The whole order (6000) authorized, then its teapot line (2500) cancelled: it is worth 3500.
const teapotCancelled = [
  fx.placed,
  fx.authorized(),
  draft('OrderLinesCancelled', { lines: [{ lineId: '2', quantity: 1 }], reason: 'out of stock' }),
];

describe('capturing after lines were cancelled', () => {
  it('captures by default what the order is still worth, not the whole authorization', () => {
    given(teapotCancelled)
      .when(forOrder({ type: 'CapturePayment', paymentId: 'p1' }))
      .then([fx.captured(3500)]);
  });

  it('refuses a capture of more than the order is still worth', () => {
    given(teapotCancelled)
      .when(forOrder({ type: 'CapturePayment', paymentId: 'p1', amount: eur(3501) }))
      .thenRejects('payment.capture-exceeds-order-value');
  });

  it('counts what was captured already, and has nothing left once the value is captured', () => {
    given([...teapotCancelled, fx.captured(3000)])
      .when(forOrder({ type: 'CapturePayment', paymentId: 'p1', amount: eur(501) }))
      .thenRejects('payment.capture-exceeds-order-value');
    given([...teapotCancelled, fx.captured(3500)])
      .when(forOrder({ type: 'CapturePayment', paymentId: 'p1' }))
      .thenRejects('payment.not-capturable');
  });
});
