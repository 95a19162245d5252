import type { Money, PlanOutcome, SimulationResult, SimulationTotals } from '@ordinal/domain';

/** A plan in short form for a comparison. */
export interface PlanBrief {
  readonly outcome: 'routed' | 'unroutable';
  readonly policyVersion: number;
  /** `wh-sp-01 standard [1, 2] + wh-rj-01 express [3]`, or `unroutable`. */
  readonly plan: string;
  readonly shippingCost: Money | null;
  readonly distanceKm: number;
  readonly promiseMissed: boolean;
}

/** An order whose plan the policy would change. */
export interface ChangedOrder {
  readonly orderId: string;
  readonly before: PlanBrief;
  readonly after: PlanBrief;
}

/** What a simulation answers: the orders whose plan would change and the totals before and after. */
export interface SimulationReport {
  readonly policy: { readonly version: number; readonly name: string };
  /** Routed orders replayed (the most recent ones, at most the limit asked for). */
  readonly orders: number;
  readonly changed: readonly ChangedOrder[];
  readonly totals: { readonly before: ReportedTotals; readonly after: ReportedTotals };
}

/** Totals as reported: the sums per currency as a plain list. */
export type ReportedTotals = Omit<SimulationTotals, 'shippingCosts'> & { readonly shippingCosts: Money[] };

const km = (value: number) => Math.round(value * 10) / 10;

/** A plan in one line: each shipment's location, service and lines. */
export function planInShort(outcome: PlanOutcome): string {
  if (outcome.outcome === 'unroutable') return 'unroutable';
  return outcome.shipments.map((s) => `${s.locationId} ${s.service} [${s.lineIds.join(', ')}]`).join(' + ');
}

function brief(outcome: PlanOutcome): PlanBrief {
  return {
    outcome: outcome.outcome,
    policyVersion: outcome.policyVersion,
    plan: planInShort(outcome),
    shippingCost: outcome.shippingCost ?? null,
    distanceKm: km(outcome.distanceKm),
    promiseMissed: outcome.promiseMissed,
  };
}

/** The simulation in the shape the API and the CLI show it (distances to 0.1 km). */
export function simulationReport(result: SimulationResult): SimulationReport {
  const rounded = (totals: SimulationTotals): ReportedTotals => ({
    ...totals,
    shippingCosts: [...totals.shippingCosts],
    distanceKm: km(totals.distanceKm),
  });
  return {
    policy: { version: result.policyVersion, name: result.policyName },
    orders: result.orders.length,
    changed: result.changed.map((o) => ({ orderId: o.orderId, before: brief(o.before), after: brief(o.after) })),
    totals: { before: rounded(result.totals.before), after: rounded(result.totals.after) },
  };
}
