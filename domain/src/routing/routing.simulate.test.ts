import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routingInputs } from '../testing/routing-arbitraries.ts';
import {
  PLACES,
  routingCandidate,
  routingInput,
  routingLine,
  SHANGHAI_DESTINATION,
} from '../testing/routing-fixtures.ts';
import type { RoutingDecision } from './routing.decision.ts';
import { route } from './routing.engine.ts';
import { DEFAULT_ROUTING_POLICY, type RoutingPolicy } from './routing.policy.ts';
import { simulate } from './routing.simulate.ts';

const costFirst: RoutingPolicy = {
  ...DEFAULT_ROUTING_POLICY,
  version: 2,
  name: 'cost-first',
  weights: { ...DEFAULT_ROUTING_POLICY.weights, shippingCost: 3, distance: 0.02 },
};

const planKey = (d: RoutingDecision) =>
  d.outcome === 'routed'
    ? d.plan.map((s) => `${s.locationId}:${s.service}:${s.lines.map((l) => l.lineId)}`).join('|')
    : 'unroutable';

function sums(decisions: readonly RoutingDecision[]) {
  const routed = decisions.flatMap((d) => (d.outcome === 'routed' ? [d] : []));
  return {
    orders: decisions.length,
    routed: routed.length,
    unroutable: decisions.length - routed.length,
    shipments: routed.reduce((n, d) => n + d.plan.length, 0),
    shippingCosts:
      routed.length === 0
        ? []
        : [
            {
              amount: routed.reduce((n, d) => n + d.plan.reduce((m, s) => m + s.shippingCost.amount, 0), 0),
              currency: 'BRL',
            },
          ],
    distanceKm: routed.reduce((n, d) => n + d.totals.distanceKm, 0),
    splitOrders: routed.filter((d) => d.plan.length > 1).length,
    splitRate: routed.length === 0 ? 0 : routed.filter((d) => d.plan.length > 1).length / routed.length,
    promiseMisses: routed.filter((d) => d.plan.some((s) => s.daysLate > 0)).length,
  };
}

describe('simulate a draft routing policy over recorded orders', () => {
  const inputs = fc
    .sample(routingInputs(12), { numRuns: 300, seed: 20261204 })
    .map((input, i) => ({ ...input, orderId: `order-${i}` }));
  const recorded = inputs.map((input) => ({
    orderId: input.orderId,
    input,
    decision: route(input, DEFAULT_ROUTING_POLICY),
  }));

  it('names exactly the orders whose plan changes, each checked against route', () => {
    const result = simulate(recorded, costFirst);
    const after = inputs.map((input) => route(input, costFirst));
    const expected = recorded.filter((r, i) => planKey(r.decision) !== planKey(after[i]!)).map((r) => r.orderId);
    expect(result.changed.map((o) => o.orderId)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(inputs.length);
    for (const [i, o] of result.orders.entries()) {
      const d = after[i]!;
      expect(o.after.outcome).toBe(d.outcome);
      if (d.outcome === 'routed')
        expect(o.after.shipments.map((s) => s.locationId)).toEqual(d.plan.map((s) => s.locationId));
    }
    expect(result.policyVersion).toBe(2);
  });

  it('reports totals before and after that equal the sums over the plans', () => {
    const result = simulate(recorded, costFirst);
    expect(result.totals.before).toEqual(sums(recorded.map((r) => r.decision)));
    expect(result.totals.after).toEqual(sums(inputs.map((input) => route(input, costFirst))));
    // Weighing cost three times as much must not make shipping dearer in total.
    expect(result.totals.after.shippingCosts[0]!.amount).toBeLessThanOrEqual(
      result.totals.before.shippingCosts[0]!.amount,
    );
  });

  it('changes nothing when the draft is the recorded policy', () => {
    expect(simulate(recorded, DEFAULT_ROUTING_POLICY).changed).toEqual([]);
  });

  it('sums shipping cost per currency when the orders go to countries with different currencies', () => {
    const toShanghai = routingInput(
      [routingLine('l1', 'TEA-1')],
      [routingCandidate('wh-hz-01', PLACES.hangzhou, 'CN-33', { 'TEA-1': 2 }, { country: 'CN' })],
      { orderId: 'order-cn', destination: SHANGHAI_DESTINATION },
    );
    const toSaoPaulo = routingInput(
      [routingLine('l1', 'X')],
      [routingCandidate('wh-rj-01', PLACES.rio, 'RJ', { X: 1 })],
      {
        orderId: 'order-br',
      },
    );
    const mixed = [toSaoPaulo, toShanghai, { ...toShanghai, orderId: 'order-cn-2' }].map((input) => ({
      orderId: input.orderId,
      input,
      decision: route(input, DEFAULT_ROUTING_POLICY),
    }));
    const { before, after } = simulate(mixed, costFirst).totals;
    expect(before.shippingCosts).toEqual([
      { amount: 2_290, currency: 'BRL' },
      { amount: 2 * 1_000, currency: 'CNY' },
    ]);
    expect(after.shippingCosts).toEqual(before.shippingCosts);
    expect(after.routed).toBe(3);
  });
});
