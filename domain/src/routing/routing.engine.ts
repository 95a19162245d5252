import { type Money, money, sum } from '../shared/money.ts';
import { assessCandidate, round, routingContext, shipmentFor } from './routing.assess.ts';
import type {
  CandidateAssessment,
  CandidateStatus,
  CandidateSummary,
  PlanSummary,
  RoutingDecision,
} from './routing.decision.ts';
import { explainRouted } from './routing.explain.ts';
import { type Assessed, type Plan, searchPlans } from './routing.plans.ts';
import type { RoutingPolicy } from './routing.policy.ts';
import { formatMoney } from './routing.tariff.ts';
import type { RoutingInput } from './routing.types.ts';
import { unroutableLines } from './routing.unroutable.ts';
import { type PolicyProblem, validateRoutingPolicy } from './routing.validate.ts';

/** Thrown by `route` for a policy that does not validate; code `routing.invalid-policy`. */
export class RoutingPolicyError extends Error {
  override readonly name = 'RoutingPolicyError';
  readonly code = 'routing.invalid-policy';
  constructor(readonly problems: readonly PolicyProblem[]) {
    super(`invalid routing policy: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`);
  }
}

const STATUSES: readonly CandidateStatus[] = [
  'eligible',
  'excluded',
  'no-tariff',
  'no-capacity',
  'out-of-range',
  'no-servable-line',
];

/** What a plan comes to, in the short form kept for alternatives and simulations. */
export function summarisePlan(plan: Plan, currency: string): PlanSummary {
  return {
    locations: plan.locations,
    shipments: plan.shipments.length,
    cost: plan.cost,
    shippingCost: sum(
      plan.shipments.map((s) => s.shippingCost),
      currency,
    ),
    distanceKm: round(
      plan.shipments.reduce((total, s) => total + s.distanceKm, 0),
      3,
    ),
  };
}

// Above `keptCandidates`, the decision lists the best eligible ones and every one the plan, the
// alternatives or the explanation names; the rest are counted by status. The input, recorded
// beside the decision, still holds every candidate, so a replay or simulation loses nothing.
function listCandidates(policy: RoutingPolicy, all: readonly CandidateAssessment[], named: ReadonlySet<string>) {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<CandidateStatus, number>;
  for (const a of all) byStatus[a.status] += 1;
  const keep = policy.limits.keptCandidates;
  if (all.length <= keep) {
    const summary: CandidateSummary = { total: all.length, listed: all.length, byStatus, omitted: '' };
    return { candidates: all, summary };
  }
  const best = all
    .filter((a) => a.status === 'eligible')
    .sort((a, b) => a.shipment!.score - b.shipment!.score || (a.locationId < b.locationId ? -1 : 1))
    .slice(0, keep);
  const listedIds = new Set([...best.map((a) => a.locationId), ...named]);
  const candidates = all.filter((a) => listedIds.has(a.locationId));
  const left = all.length - candidates.length;
  const counts = STATUSES.map((s) => `${byStatus[s]} ${s}`).join(', ');
  const omitted = `${left} of ${all.length} candidates not listed (all: ${counts}); listed are the ${best.length} best eligible and those the plan or the explanation name`;
  return { candidates, summary: { total: all.length, listed: candidates.length, byStatus, omitted } };
}

/** Routes an order under a policy: pure, deterministic, every input and score in the returned value. */
export function route(input: RoutingInput, policy: RoutingPolicy): RoutingDecision {
  const problems = validateRoutingPolicy(policy);
  if (problems.length > 0) throw new RoutingPolicyError(problems);
  const ctx = routingContext(input, policy);
  const assessed: Assessed[] = input.candidates.map((candidate) => ({
    candidate,
    assessment: assessCandidate(ctx, candidate),
  }));
  const assessments = assessed.map((a) => a.assessment);
  const eligible = assessed.filter((a) => a.assessment.status === 'eligible');
  const search = searchPlans(ctx, eligible);
  const chosen = input.lines.length === 0 ? undefined : search.plans[0];
  let nearest: CandidateAssessment | undefined;
  for (const a of assessments)
    if (
      nearest === undefined ||
      a.distanceKm < nearest.distanceKm ||
      (a.distanceKm === nearest.distanceKm && a.locationId < nearest.locationId)
    )
      nearest = a;
  // The cheapest by price alone, whatever its capacity or exclusion: the location a person would expect.
  let cheapest: { assessment: CandidateAssessment; price: Money } | undefined;
  for (const { candidate, assessment } of assessed) {
    if (assessment.refusedLines.length > 0 || input.lines.length === 0) continue;
    const s = assessment.shipment ?? shipmentFor(ctx, candidate, assessment.distanceKm, input.lines);
    if (s === undefined) continue;
    const than = cheapest === undefined ? -1 : s.shippingCost.amount - cheapest.price.amount;
    if (than < 0 || (than === 0 && assessment.locationId < cheapest!.assessment.locationId))
      cheapest = { assessment, price: s.shippingCost };
  }
  // Every shipment of one order is priced by the tariff to its destination, in one currency.
  const currency = ctx.tariff?.currency ?? 'XXX';
  const alternatives = search.plans.slice(1, 1 + policy.limits.keptAlternatives).map((p) => summarisePlan(p, currency));
  const named = new Set<string>([
    ...(chosen?.locations ?? []),
    ...alternatives.flatMap((p) => p.locations),
    ...(nearest ? [nearest.locationId] : []),
    ...(cheapest ? [cheapest.assessment.locationId] : []),
    ...assessments.filter((a) => a.status === 'excluded').map((a) => a.locationId),
  ]);
  const { candidates, summary } = listCandidates(policy, assessments, named);
  const base = {
    orderId: input.orderId,
    policyName: policy.name,
    policyVersion: policy.version,
    now: input.now,
    candidates,
    candidateSummary: summary,
  };
  if (chosen === undefined) {
    const to = input.destination.country.toUpperCase();
    const known = Object.keys(policy.tariffs).sort().join(', ');
    const noTariff = ctx.tariff === undefined ? `the policy has no tariff to ${to} (it has ${known})` : undefined;
    const lines = unroutableLines(input, assessments, policy.maxShipments, noTariff);
    const explanation =
      lines.length === 0
        ? ['The order has no lines to route.']
        : lines.map((l) => `Line ${l.lineId} (SKU ${l.sku}) cannot be routed: ${l.reason}.`);
    return { ...base, outcome: 'unroutable', code: 'routing.unroutable', lines, explanation };
  }
  const total = summarisePlan(chosen, currency);
  const daysLate = Math.max(...chosen.shipments.map((s) => s.daysLate));
  const penalty = formatMoney(money(ctx.tariff?.splitPenalty ?? 0, currency));
  return {
    ...base,
    outcome: 'routed',
    plan: chosen.shipments,
    cost: chosen.cost,
    totals: {
      shippingCost: total.shippingCost,
      distanceKm: total.distanceKm,
      shipments: chosen.shipments.length,
      promiseMissed: daysLate > 0,
      daysLate,
    },
    alternatives,
    plansConsidered: search.plans.length,
    explanation: explainRouted(input, search, assessments, nearest, cheapest, penalty),
  };
}
