import { describe, expect, it } from 'vitest';
import type { ActorRef } from '../shared/actor.ts';
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

const CUSTOMER: ActorRef = { kind: 'user', id: 'c-42', role: 'customer' };
// The clock of these decisions is T0 (2026-03-02T09:00Z).
const as = (actor: ActorRef) => () => {
  const facts = orderFacts();
  return { ...facts, metadata: { ...facts.metadata, actor } };
};
const given = (drafts: OrderEventDraft[], actor: ActorRef = CUSTOMER) =>
  deciderSpec(orderDecider, as(actor), recordOrderEvent).given(orderStream(drafts));
const window = { from: '2026-03-03T08:00:00.000Z', to: '2026-03-03T12:00:00.000Z' };
const choose = (w = window) => forOrder({ type: 'ChooseDeliveryWindow', window: w });

describe('ChooseDeliveryWindow', () => {
  it('records the window the order’s customer chose, and who chose it', () => {
    const state = given(pathTo('inTransit'))
      .when(choose())
      .then([draft('DeliveryWindowChosen', { window, chosenBy: CUSTOMER })]);
    expect(state.context.deliveryWindow).toEqual({ window, chosenBy: CUSTOMER, chosenAt: minutesAfterT0(7) });
  });

  it('lets the customer choose again until the parcel comes: the last choice holds', () => {
    const later = { from: '2026-03-04T08:00:00.000Z', to: '2026-03-04T10:00:00.000Z' };
    const state = given([fx.placed, draft('DeliveryWindowChosen', { window, chosenBy: CUSTOMER })])
      .when(choose(later))
      .then([draft('DeliveryWindowChosen', { window: later, chosenBy: CUSTOMER })]);
    expect(state.context.deliveryWindow?.window).toEqual(later);
  });

  it('refuses anyone but the order’s customer', () => {
    for (const actor of [
      { kind: 'user', id: 'c-43', role: 'customer' },
      { kind: 'user', id: 'c-42', role: 'cs' },
      { kind: 'role', role: 'customer' },
      { kind: 'system', component: 'importer' },
    ] as const) {
      given([fx.placed], actor).when(choose()).thenRejects('order.not-your-order');
    }
  });

  it('refuses a window in the past, backwards, shorter than an hour or longer than a week, naming the field', () => {
    const cases = [
      [{ from: '2026-03-02T08:00:00.000Z', to: '2026-03-02T12:00:00.000Z' }, '/window/from'],
      [{ from: '2026-03-03T12:00:00.000Z', to: '2026-03-03T08:00:00.000Z' }, '/window/to'],
      [{ from: '2026-03-03T12:00:00.000Z', to: '2026-03-03T12:00:00.000Z' }, '/window/to'],
      [{ from: '2026-03-03T12:00:00.000Z', to: '2026-03-03T12:59:59.000Z' }, '/window/to'],
      [{ from: '2026-03-03T12:00:00.000Z', to: '2026-03-10T12:00:01.000Z' }, '/window/to'],
      [{ from: 'tomorrow', to: '2026-03-03T12:00:00.000Z' }, '/window/from'],
    ] as const;
    for (const [w, field] of cases) {
      given([fx.placed]).when(choose(w)).thenRejects('order.invalid-delivery-window', { field });
    }
    // The limits themselves are allowed.
    given([fx.placed])
      .when(choose({ from: '2026-03-02T09:00:00.000Z', to: '2026-03-09T09:00:00.000Z' }))
      .then([
        draft('DeliveryWindowChosen', {
          window: { from: '2026-03-02T09:00:00.000Z', to: '2026-03-09T09:00:00.000Z' },
          chosenBy: CUSTOMER,
        }),
      ]);
  });

  it('is refused once the order is delivered, cancelled or closed', () => {
    given(pathTo('delivered')).when(choose()).thenRejects('order.window-not-choosable');
    const cancelled = [fx.placed, draft('OrderCancelled', { reason: 'changed mind' })];
    given(cancelled).when(choose()).thenRejects('order.window-not-choosable');
    given([...cancelled, draft('OrderClosed', { reason: 'done' })])
      .when(choose())
      .thenRejects('order.closed');
  });
});
