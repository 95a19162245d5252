import { describe, expect, it } from 'vitest';
import { riskHold } from '../risk/risk.hold.ts';
import { DEFAULT_RISK_THRESHOLDS } from '../risk/risk.rule.ts';
import type { ActorRef } from '../shared/actor.ts';
import { deciderSpec } from '../testing/decider-spec.ts';
import { draft, forOrder, fx, orderFacts, orderStream, recordOrderEvent } from '../testing/order-fixtures.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft } from './order.events.ts';
import { orderStatus } from './order.state.ts';

const RISK: ActorRef = { kind: 'user', id: 'r-1', role: 'risk' };
const ADMIN: ActorRef = { kind: 'user', id: 'a-1', role: 'admin' };
const CS: ActorRef = { kind: 'user', id: 'agent-7', role: 'cs' };
const as = (actor: ActorRef) => () => {
  const facts = orderFacts();
  return { ...facts, metadata: { ...facts.metadata, actor } };
};
const given = (drafts: OrderEventDraft[], actor: ActorRef) =>
  deciderSpec(orderDecider, as(actor), recordOrderEvent).given(orderStream(drafts));

const hold = riskHold(
  {
    hold: true,
    reason: 'risk: 3 delivery addresses within 24 h, every one of 3 orders with a coupon',
    facts: {
      windowHours: 24,
      since: '2026-03-01T09:00:00.000Z',
      until: '2026-03-02T09:00:00.000Z',
      distinctAddresses: 3,
      addresses: ['a', 'b', 'c'],
      orders: 3,
      ordersWithCoupons: 3,
      coupons: ['WELCOME10'],
      amount: { CNY: 3000 },
      orderIds: ['o-a', 'o-b', 'o-1'],
    },
  },
  DEFAULT_RISK_THRESHOLDS,
  'c-42',
);
const heldByRisk = draft('OrderHeld', hold);
const heldByRules = draft('OrderHeld', { reason: 'rules: big basket', facts: { source: 'rules' } });
const release = forOrder({ type: 'ReleaseOrder', reason: 'called the customer: gifts' });
const cancel = forOrder({ type: 'CancelOrder', reason: 'reseller ring' });

describe('an order held by risk', () => {
  it('is released by the risk role: confirmed, with who decided', () => {
    const state = given([fx.placed, heldByRisk], RISK)
      .when(release)
      .then([draft('OrderReleased', { reason: 'called the customer: gifts', decidedBy: RISK })]);
    expect(orderStatus(state).main).toBe('confirmed');
  });

  it('is released or cancelled by admin too', () => {
    given([fx.placed, heldByRisk], ADMIN)
      .when(release)
      .then([draft('OrderReleased', { reason: 'called the customer: gifts', decidedBy: ADMIN })]);
    given([fx.placed, heldByRisk], ADMIN)
      .when(cancel)
      .then([draft('OrderCancelled', { reason: 'reseller ring' })]);
  });

  it('is cancelled by the risk role', () => {
    const state = given([fx.placed, heldByRisk], RISK)
      .when(cancel)
      .then([draft('OrderCancelled', { reason: 'reseller ring' })]);
    expect(orderStatus(state).main).toBe('cancelled');
  });

  it('refuses release or cancel by anyone else, systems included, with order.risk-hold', () => {
    for (const actor of [CS, { kind: 'role', role: 'ops' }, { kind: 'system', component: 'router' }] as const) {
      given([fx.placed, heldByRisk], actor)
        .when(release)
        .thenRejects('order.risk-hold', {
          allowedRoles: ['risk', 'admin'],
        });
      given([fx.placed, heldByRisk], actor).when(cancel).thenRejects('order.risk-hold');
    }
  });

  it('refuses cancelling lines or changing the address to anyone else, and lets the risk role do it', () => {
    const lines = [{ lineId: '1', quantity: 1 }];
    const address = { name: 'Jane Doe', line1: '9 Rue Neuve', city: 'Lyon', postalCode: '69002', country: 'FR' };
    const cases = [
      [
        forOrder({ type: 'CancelOrderLines', lines, reason: 'no stock' }),
        draft('OrderLinesCancelled', { lines, reason: 'no stock' }),
      ],
      [
        forOrder({ type: 'ChangeShippingAddress', address, reason: 'customer called' }),
        draft('ShippingAddressChanged', { address, reason: 'customer called' }),
      ],
    ] as const;
    for (const [command, recorded] of cases) {
      given([fx.placed, heldByRisk], CS)
        .when(command)
        .thenRejects('order.risk-hold', { allowedRoles: ['risk', 'admin'] });
      given([fx.placed, heldByRisk], RISK).when(command).then([recorded]);
      given([fx.placed, heldByRules], CS).when(command).then([recorded]);
    }
  });

  it('is recognised when several screens held it at once (risk facts under its name)', () => {
    const combined = draft('OrderHeld', {
      reason: `rules: big; ${hold.reason}`,
      facts: { rules: {}, risk: hold.facts },
    });
    given([fx.placed, combined], CS).when(release).thenRejects('order.risk-hold');
  });

  it('leaves other holds, and a risk hold already released, to the usual roles', () => {
    given([fx.placed, heldByRules], CS)
      .when(release)
      .then([draft('OrderReleased', { reason: 'called the customer: gifts', decidedBy: CS })]);
    const released = draft('OrderReleased', { reason: 'ok', decidedBy: RISK });
    given([fx.placed, heldByRisk, released], CS)
      .when(cancel)
      .then([draft('OrderCancelled', { reason: 'reseller ring' })]);
  });
});
