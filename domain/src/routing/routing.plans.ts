import { type RoutingContext, refusal, round, shipmentFor, stockCovers } from './routing.assess.ts';
import type { CandidateAssessment, PlannedShipment } from './routing.decision.ts';
import type { RoutingCandidate, RoutingLine } from './routing.types.ts';

/** A way to ship the whole order: its shipments and its cost (scores + weighted split penalty). */
export interface Plan {
  readonly shipments: readonly PlannedShipment[];
  readonly cost: number;
  /** Location ids in ascending order: the tie-break. */
  readonly locations: readonly string[];
}

/** An eligible candidate with its assessment. */
export interface Assessed {
  readonly candidate: RoutingCandidate;
  readonly assessment: CandidateAssessment;
}

/** Every plan found, best first, with the best single-location and the best split plan. */
export interface PlanSearch {
  readonly plans: readonly Plan[];
  readonly bestSingle: Plan | undefined;
  readonly bestSplit: Plan | undefined;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Lower cost first; then fewer shipments; then location ids in order, so the same input gives the same plan. */
export function comparePlans(a: Plan, b: Plan): number {
  if (a.cost !== b.cost) return a.cost - b.cost;
  if (a.shipments.length !== b.shipments.length) return a.shipments.length - b.shipments.length;
  for (let i = 0; i < a.locations.length; i += 1) {
    const order = byId(a.locations[i]!, b.locations[i]!);
    if (order !== 0) return order;
  }
  return 0;
}

function plan(ctx: RoutingContext, shipments: readonly PlannedShipment[]): Plan {
  const { tariff } = ctx;
  const extra = shipments.length - 1;
  // Shipments exist only under a tariff, so it is there whenever there is something to penalise.
  const penalty =
    tariff === undefined ? 0 : (ctx.policy.weights.split * extra * tariff.splitPenalty) / tariff.shippingCostScale;
  const cost = round(shipments.reduce((total, s) => total + s.score, 0) + penalty);
  return { shipments, cost, locations: shipments.map((s) => s.locationId).sort(byId) };
}

// Every k-subset of items, in index order (pool sizes keep this to a few thousand sets).
function* subsets<T>(items: readonly T[], k: number, from = 0, chosen: T[] = []): Generator<T[]> {
  if (chosen.length === k) {
    yield [...chosen];
    return;
  }
  for (let i = from; i <= items.length - (k - chosen.length); i += 1) {
    chosen.push(items[i]!);
    yield* subsets(items, k, i + 1, chosen);
    chosen.pop();
  }
}

// The pool a split draws from: each line's best servers first, then the best overall, capped.
function splitPool(ctx: RoutingContext, eligible: readonly Assessed[], lineScores: Map<string, Map<string, number>>) {
  const { splitPool: size, splitPoolPerLine } = ctx.policy.limits;
  const rank = (score: (a: Assessed) => number | undefined) =>
    eligible
      .filter((a) => score(a) !== undefined)
      .sort((a, b) => score(a)! - score(b)! || byId(a.candidate.locationId, b.candidate.locationId));
  const pool = new Map<string, Assessed>();
  const perLine = ctx.input.lines.map((line) => rank((a) => lineScores.get(a.candidate.locationId)?.get(line.lineId)));
  for (let r = 0; r < splitPoolPerLine; r += 1)
    for (const ranked of perLine) {
      const pick = ranked[r];
      if (pick !== undefined && pool.size < 2 * size) pool.set(pick.candidate.locationId, pick);
    }
  for (const a of rank((x) => x.assessment.shipment?.score)) {
    if (pool.size >= 2 * size) break;
    pool.set(a.candidate.locationId, a);
  }
  return [...pool.values()].sort((a, b) => byId(a.candidate.locationId, b.candidate.locationId));
}

// Each line goes to the member of the set where it alone scores best and the stock still covers it.
function assign(ctx: RoutingContext, set: readonly Assessed[], lineScores: Map<string, Map<string, number>>) {
  const assigned = new Map<string, RoutingLine[]>(set.map((a) => [a.candidate.locationId, []]));
  for (const line of ctx.input.lines) {
    let best: Assessed | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const a of set) {
      const score = lineScores.get(a.candidate.locationId)?.get(line.lineId);
      if (score === undefined || score >= bestScore) continue;
      if (!stockCovers(a.candidate, [...assigned.get(a.candidate.locationId)!, line])) continue;
      best = a;
      bestScore = score;
    }
    if (best === undefined) return undefined;
    assigned.get(best.candidate.locationId)!.push(line);
  }
  for (const lines of assigned.values()) if (lines.length === 0) return undefined;
  return assigned;
}

/** Single-location plans from every eligible candidate, and split plans from a bounded pool. */
export function searchPlans(ctx: RoutingContext, eligible: readonly Assessed[]): PlanSearch {
  const { lines } = ctx.input;
  const singles: Plan[] = [];
  for (const a of eligible)
    if (a.assessment.servableLines.length === lines.length && a.assessment.shipment)
      singles.push(plan(ctx, [a.assessment.shipment]));
  const splits: Plan[] = [];
  const most = Math.min(ctx.policy.maxShipments, lines.length);
  if (most >= 2) {
    const lineScores = new Map<string, Map<string, number>>();
    for (const a of eligible) {
      const scores = new Map<string, number>();
      for (const line of lines) {
        if (refusal(a.candidate, line) !== undefined) continue;
        const s = shipmentFor(ctx, a.candidate, a.assessment.distanceKm, [line]);
        if (s !== undefined) scores.set(line.lineId, s.score);
      }
      lineScores.set(a.candidate.locationId, scores);
    }
    const pool = splitPool(ctx, eligible, lineScores);
    for (let k = 2; k <= most; k += 1)
      for (const set of subsets(pool, k)) {
        const assigned = assign(ctx, set, lineScores);
        if (assigned === undefined) continue;
        const shipments = set.map((a) =>
          shipmentFor(ctx, a.candidate, a.assessment.distanceKm, assigned.get(a.candidate.locationId)!),
        );
        if (shipments.every((s) => s !== undefined)) splits.push(plan(ctx, shipments));
      }
  }
  singles.sort(comparePlans);
  splits.sort(comparePlans);
  return { plans: [...singles, ...splits].sort(comparePlans), bestSingle: singles[0], bestSplit: splits[0] };
}
