import type { Money } from '../shared/money.ts';
import type { CarrierService } from './routing.policy.ts';

/** One line placed in a shipment: whole lines only, a line is never divided between locations. */
export interface PlannedLine {
  readonly lineId: string;
  readonly quantity: number;
}

/** One shipment of the chosen plan. */
export interface PlannedShipment {
  readonly locationId: string;
  readonly lines: readonly PlannedLine[];
  readonly service: CarrierService;
  readonly distanceKm: number;
  readonly weightGrams: number;
  readonly shippingCost: Money;
  readonly transitDays: number;
  /** ISO 8601 instant: `now` plus the transit days. */
  readonly promisedDate: string;
  /** Days after `promisedBy` the shipment arrives; 0 when on time or when nothing was promised. */
  readonly daysLate: number;
  readonly factors: NormalisedFactors;
  readonly score: number;
}

/** Each factor divided by its policy scale (see `RoutingScales`), before weighting. */
export interface NormalisedFactors {
  readonly distance: number;
  readonly shippingCost: number;
  readonly deliveryPromise: number;
  readonly capacity: number;
}

/**
 * Why a candidate cannot ship the order at all. `no-tariff`: the policy has no tariff from the
 * location's country to the destination's (the reason says which, `no tariff from BR to CN`).
 */
export type CandidateStatus =
  | 'eligible'
  | 'excluded'
  | 'no-tariff'
  | 'no-capacity'
  | 'out-of-range'
  | 'no-servable-line';

/** Why one line cannot ship from one candidate. */
export interface LineRefusal {
  readonly lineId: string;
  readonly reason: 'no-stock' | 'missing-capability';
  /** For `no-stock`: units needed and available; for `missing-capability`: the capabilities lacking. */
  readonly needed?: number;
  readonly available?: number;
  readonly missing?: readonly string[];
}

/** A candidate as routing judged it: eligibility with reasons, and the shipment of every line it can serve. */
export interface CandidateAssessment {
  readonly locationId: string;
  readonly kind: 'warehouse' | 'store';
  readonly region: string;
  readonly status: CandidateStatus;
  /** The exclusion's reason, or a sentence for `no-tariff` and `no-capacity`. */
  readonly reason?: string;
  readonly distanceKm: number;
  readonly remainingCapacity: number;
  readonly servableLines: readonly string[];
  readonly refusedLines: readonly LineRefusal[];
  /** The shipment of its servable lines, when eligible: service, cost, factors and score. */
  readonly shipment?: PlannedShipment;
}

/** A plan that was considered, with its cost (sum of shipment scores + weighted split penalty). */
export interface PlanSummary {
  readonly locations: readonly string[];
  readonly shipments: number;
  readonly cost: number;
  readonly shippingCost: Money;
  readonly distanceKm: number;
}

/** Totals of the chosen plan. */
export interface PlanTotals {
  readonly shippingCost: Money;
  readonly distanceKm: number;
  readonly shipments: number;
  /** True when any shipment arrives after `promisedBy`. */
  readonly promiseMissed: boolean;
  /** The latest shipment's days after `promisedBy` (0 when on time). */
  readonly daysLate: number;
}

/** How many candidates the decision lists in full, and why the rest are left out (counted by status). */
export interface CandidateSummary {
  readonly total: number;
  readonly listed: number;
  readonly byStatus: Readonly<Record<CandidateStatus, number>>;
  /** Empty when every candidate is listed. */
  readonly omitted: string;
}

interface DecisionBase {
  readonly orderId: string;
  readonly policyName: string;
  readonly policyVersion: number;
  readonly now: string;
  readonly candidates: readonly CandidateAssessment[];
  readonly candidateSummary: CandidateSummary;
  /** Sentences a person reads: what was chosen and why, what was not and why not. */
  readonly explanation: readonly string[];
}

/** A routed order: the chosen plan, its totals and the alternatives it beat. */
export interface RoutedDecision extends DecisionBase {
  readonly outcome: 'routed';
  readonly plan: readonly PlannedShipment[];
  readonly cost: number;
  readonly totals: PlanTotals;
  readonly alternatives: readonly PlanSummary[];
  readonly plansConsidered: number;
}

/** Why one line could not be routed. */
export interface UnroutableLine {
  readonly lineId: string;
  readonly sku: string;
  readonly reason: string;
}

/** An order no plan within the policy could serve. */
export interface UnroutableDecision extends DecisionBase {
  readonly outcome: 'unroutable';
  readonly code: 'routing.unroutable';
  readonly lines: readonly UnroutableLine[];
}

/** What `route` returns: plain JSON, every score and the policy version it was taken with. */
export type RoutingDecision = RoutedDecision | UnroutableDecision;

/** Every error code of routing. */
export const ROUTING_ERROR_CODES = ['routing.unroutable', 'routing.invalid-policy'] as const;

/** A routing error code. */
export type RoutingErrorCode = (typeof ROUTING_ERROR_CODES)[number];
