import { money } from '../shared/money.ts';
import type {
  CandidateAssessment,
  CandidateStatus,
  LineRefusal,
  NormalisedFactors,
  PlannedShipment,
} from './routing.decision.ts';
import type { CountryTariff, RoutingPolicy } from './routing.policy.ts';
import { arrivalDate, chooseService, daysLate, haversineKm, tariffFor } from './routing.tariff.ts';
import type { RoutingCandidate, RoutingInput, RoutingLine } from './routing.types.ts';

/** What every assessment of one order shares, computed once. */
export interface RoutingContext {
  readonly input: RoutingInput;
  readonly policy: RoutingPolicy;
  readonly nowMs: number;
  readonly promisedByMs: number | undefined;
  readonly excluded: ReadonlyMap<string, string>;
  /** The tariff to the destination's country; undefined when the policy has none (nothing ships). */
  readonly tariff: CountryTariff | undefined;
}

/** Rounds so that equal plans summed in another order still compare equal. */
export const round = (value: number, digits = 9): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** The context of one order under one policy. */
export function routingContext(input: RoutingInput, policy: RoutingPolicy): RoutingContext {
  const promisedByMs = input.promisedBy === undefined ? undefined : Date.parse(input.promisedBy);
  const excluded = new Map((input.excludedLocations ?? []).map((e) => [e.locationId, e.reason] as const));
  const country = input.destination.country.toUpperCase();
  const tariff = Object.hasOwn(policy.tariffs, country) ? policy.tariffs[country] : undefined;
  return { input, policy, nowMs: Date.parse(input.now), promisedByMs, excluded, tariff };
}

/** The tariff a candidate ships to this order's destination under, or why it cannot ship there. */
export function candidateTariff(
  ctx: RoutingContext,
  candidate: RoutingCandidate,
): { readonly tariff: CountryTariff } | { readonly reason: string } {
  const to = ctx.input.destination.country;
  return tariffFor(ctx.policy, candidate.country ?? to, to);
}

/** Why a line cannot ship from a candidate, or undefined when it can (alone). */
export function refusal(candidate: RoutingCandidate, line: RoutingLine): LineRefusal | undefined {
  // Most lines have no constraint: skip the filter's allocation for them (it runs for every candidate).
  if (line.constraints.length > 0) {
    const missing = line.constraints.filter((c) => !candidate.capabilities.includes(c));
    if (missing.length > 0) return { lineId: line.lineId, reason: 'missing-capability', missing };
  }
  const available = candidate.stock[line.sku] ?? 0;
  if (available < line.quantity) return { lineId: line.lineId, reason: 'no-stock', needed: line.quantity, available };
  return undefined;
}

/** True when the candidate holds enough of every SKU for these lines together (two lines may share a SKU). */
export function stockCovers(candidate: RoutingCandidate, lines: readonly RoutingLine[]): boolean {
  const needed = new Map<string, number>();
  for (const line of lines) needed.set(line.sku, (needed.get(line.sku) ?? 0) + line.quantity);
  for (const [sku, quantity] of needed) if ((candidate.stock[sku] ?? 0) < quantity) return false;
  return true;
}

function capacityFactor(policy: RoutingPolicy, remaining: number): number {
  const reserve = policy.capacityReserveThreshold;
  return reserve <= 0 || remaining >= reserve ? 0 : (reserve - remaining) / reserve;
}

/** One shipment of these lines from a candidate: service, cost, dates, factors and weighted score. */
export function shipmentFor(
  ctx: RoutingContext,
  candidate: RoutingCandidate,
  distanceKm: number,
  lines: readonly RoutingLine[],
): PlannedShipment | undefined {
  const { policy } = ctx;
  const served = candidateTariff(ctx, candidate);
  if ('reason' in served) return undefined;
  const { tariff } = served;
  const weightGrams = lines.reduce((total, line) => total + line.weightGrams * line.quantity, 0);
  const region = ctx.input.destination.region;
  const q = chooseService(policy, tariff, candidate, region, distanceKm, weightGrams, ctx.nowMs, ctx.promisedByMs);
  if (q === undefined) return undefined;
  const late = daysLate(ctx.nowMs, q.transitDays, ctx.promisedByMs);
  const factors: NormalisedFactors = {
    distance: round(distanceKm / policy.scales.distanceKm),
    shippingCost: round(q.price / tariff.shippingCostScale),
    deliveryPromise: round(late / policy.scales.lateDays),
    capacity: round(capacityFactor(policy, candidate.remainingCapacity)),
  };
  const w = policy.weights;
  const score =
    w.distance * factors.distance +
    w.shippingCost * factors.shippingCost +
    w.deliveryPromise * factors.deliveryPromise +
    w.capacity * factors.capacity;
  return {
    locationId: candidate.locationId,
    lines: lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity })),
    service: q.service,
    distanceKm,
    weightGrams,
    shippingCost: money(q.price, tariff.currency),
    transitDays: q.transitDays,
    promisedDate: arrivalDate(ctx.nowMs, q.transitDays),
    daysLate: late,
    factors,
    score: round(score),
  };
}

/** A candidate judged for this order: eligibility with its reason, per-line refusals, and its shipment. */
export function assessCandidate(ctx: RoutingContext, candidate: RoutingCandidate): CandidateAssessment {
  const distanceKm = round(haversineKm(candidate.coordinates, ctx.input.destination), 3);
  const servable: RoutingLine[] = [];
  const refusedLines: LineRefusal[] = [];
  for (const line of ctx.input.lines) {
    const why = refusal(candidate, line);
    if (why !== undefined) refusedLines.push(why);
    else if (servable.length === 0 || stockCovers(candidate, [...servable, line])) servable.push(line);
    else {
      const available = candidate.stock[line.sku] ?? 0;
      refusedLines.push({ lineId: line.lineId, reason: 'no-stock', needed: line.quantity, available });
    }
  }
  // One object per candidate, built once: this runs for every candidate of every order.
  const assessment = (status: CandidateStatus, reason?: string, shipment?: PlannedShipment): CandidateAssessment => ({
    locationId: candidate.locationId,
    kind: candidate.kind,
    region: candidate.region,
    status,
    ...(reason === undefined ? {} : { reason }),
    distanceKm,
    remainingCapacity: candidate.remainingCapacity,
    servableLines: servable.map((line) => line.lineId),
    refusedLines,
    ...(shipment === undefined ? {} : { shipment }),
  });
  const excludedFor = ctx.excluded.get(candidate.locationId);
  if (excludedFor !== undefined) return assessment('excluded', excludedFor);
  const served = candidateTariff(ctx, candidate);
  if ('reason' in served) return assessment('no-tariff', served.reason);
  if (candidate.remainingCapacity < 1) return assessment('no-capacity', 'no shipments left today');
  if (servable.length === 0) return assessment('no-servable-line');
  const shipment = shipmentFor(ctx, candidate, distanceKm, servable);
  if (shipment === undefined) return assessment('out-of-range', `no service reaches ${distanceKm} km`);
  return assessment('eligible', undefined, shipment);
}
