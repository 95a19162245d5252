import { add, type Money } from '../shared/money.ts';
import type { RoutingDecision } from './routing.decision.ts';
import { route } from './routing.engine.ts';
import type { CarrierService, RoutingPolicy } from './routing.policy.ts';
import type { RoutingInput } from './routing.types.ts';

/** A routing decision as an event records it: the input it was taken from and the decision. */
export interface RecordedRouting {
  readonly orderId: string;
  readonly input: RoutingInput;
  readonly decision: RoutingDecision;
}

/** A plan reduced to what a comparison needs. */
export interface PlanOutcome {
  readonly outcome: 'routed' | 'unroutable';
  readonly policyVersion: number;
  readonly shipments: readonly {
    readonly locationId: string;
    readonly service: CarrierService;
    readonly lineIds: readonly string[];
  }[];
  readonly shippingCost: Money | undefined;
  readonly distanceKm: number;
  readonly promiseMissed: boolean;
}

/** One order before (as recorded) and after (under the draft policy). */
export interface SimulatedOrder {
  readonly orderId: string;
  readonly before: PlanOutcome;
  readonly after: PlanOutcome;
  readonly changed: boolean;
}

/**
 * Totals over a set of plans; each equals the sum over the plans it counts. Orders to different
 * countries are priced in different currencies and never converted: shipping cost is summed per
 * currency.
 */
export interface SimulationTotals {
  readonly orders: number;
  readonly routed: number;
  readonly unroutable: number;
  readonly shipments: number;
  /** One sum per currency, in code order (`BRL` before `CNY`); empty when no order is routed. */
  readonly shippingCosts: readonly Money[];
  readonly distanceKm: number;
  readonly splitOrders: number;
  /** Split orders over routed orders (0 when none is routed). */
  readonly splitRate: number;
  readonly promiseMisses: number;
}

/** What a draft policy would have done to recorded orders. */
export interface SimulationResult {
  readonly policyName: string;
  readonly policyVersion: number;
  readonly orders: readonly SimulatedOrder[];
  readonly changed: readonly SimulatedOrder[];
  readonly totals: { readonly before: SimulationTotals; readonly after: SimulationTotals };
}

/** The comparable outcome of a decision. */
export function outcomeOf(decision: RoutingDecision): PlanOutcome {
  if (decision.outcome === 'unroutable')
    return {
      outcome: 'unroutable',
      policyVersion: decision.policyVersion,
      shipments: [],
      shippingCost: undefined,
      distanceKm: 0,
      promiseMissed: false,
    };
  return {
    outcome: 'routed',
    policyVersion: decision.policyVersion,
    shipments: decision.plan.map((s) => ({
      locationId: s.locationId,
      service: s.service,
      lineIds: s.lines.map((l) => l.lineId),
    })),
    shippingCost: decision.totals.shippingCost,
    distanceKm: decision.totals.distanceKm,
    promiseMissed: decision.totals.promiseMissed,
  };
}

// Same locations, same lines at each, same services: the same plan whatever the policy version.
const signature = (o: PlanOutcome) => JSON.stringify([o.outcome, o.shipments]);

/** Sums over outcomes, in the order given. */
export function totalsOf(outcomes: readonly PlanOutcome[]): SimulationTotals {
  const costs = new Map<string, Money>();
  let distanceKm = 0;
  let routed = 0;
  let shipments = 0;
  let splitOrders = 0;
  let promiseMisses = 0;
  for (const o of outcomes) {
    if (o.outcome !== 'routed') continue;
    routed += 1;
    shipments += o.shipments.length;
    if (o.shipments.length > 1) splitOrders += 1;
    if (o.promiseMissed) promiseMisses += 1;
    if (o.shippingCost !== undefined) {
      const before = costs.get(o.shippingCost.currency);
      costs.set(o.shippingCost.currency, before === undefined ? o.shippingCost : add(before, o.shippingCost));
    }
    distanceKm += o.distanceKm;
  }
  const orders = outcomes.length;
  const splitRate = routed === 0 ? 0 : splitOrders / routed;
  return {
    orders,
    routed,
    unroutable: orders - routed,
    shipments,
    shippingCosts: [...costs.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)),
    distanceKm,
    splitOrders,
    splitRate,
    promiseMisses,
  };
}

/**
 * Re-routes recorded orders under a draft policy from their recorded inputs alone (the stock,
 * capacity and exclusions seen then, never today's), and says which plans change and how the
 * totals move.
 */
export function simulate(recorded: readonly RecordedRouting[], draftPolicy: RoutingPolicy): SimulationResult {
  const orders = recorded.map((r): SimulatedOrder => {
    const before = outcomeOf(r.decision);
    const after = outcomeOf(route(r.input, draftPolicy));
    return { orderId: r.orderId, before, after, changed: signature(before) !== signature(after) };
  });
  return {
    policyName: draftPolicy.name,
    policyVersion: draftPolicy.version,
    orders,
    changed: orders.filter((o) => o.changed),
    totals: { before: totalsOf(orders.map((o) => o.before)), after: totalsOf(orders.map((o) => o.after)) },
  };
}
