import type { Money } from '../shared/money.ts';
import type { CandidateAssessment, PlannedShipment } from './routing.decision.ts';
import type { Plan, PlanSearch } from './routing.plans.ts';
import { formatMoney } from './routing.tariff.ts';
import type { RoutingInput } from './routing.types.ts';

/** Distance as a person reads it: one decimal below 10 km. */
export const km = (distance: number): string =>
  distance < 10
    ? `${distance.toFixed(1)} km`
    : `${String(Math.round(distance)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} km`;

const days = (n: number) => (n === 0 ? 'ready today' : `arrives in ${n} day${n === 1 ? '' : 's'}`);
const cost = (n: number) => n.toFixed(4);
const place = (a: CandidateAssessment | undefined, id: string) => (a === undefined ? id : `${id} (${a.region})`);

/** The shipment in one clause: `12 km, R$ 18.50 standard, arrives in 2 days (2026-12-06)`. */
export function describeShipment(s: PlannedShipment): string {
  return `${km(s.distanceKm)}, ${formatMoney(s.shippingCost)} ${s.service}, ${days(s.transitDays)} (${s.promisedDate.slice(0, 10)})`;
}

/** Why a candidate that is not in the chosen plan was not used, as a clause. */
export function whyNot(input: RoutingInput, a: CandidateAssessment, chosen: Plan): string {
  if (a.status === 'excluded') return `was excluded: ${a.reason}`;
  if (a.status === 'no-tariff') return `cannot ship there: ${a.reason}`;
  if (a.status === 'no-capacity') return 'had no capacity left today';
  if (a.status === 'out-of-range') return `is out of every service's range (${km(a.distanceKm)})`;
  const refused = a.refusedLines[0];
  if (refused !== undefined) {
    const line = input.lines.find((l) => l.lineId === refused.lineId);
    const sku = line?.sku ?? refused.lineId;
    if (refused.reason === 'missing-capability')
      return `cannot handle ${refused.missing?.join(', ')} (line ${refused.lineId}, SKU ${sku})`;
    if (refused.available === 0) return `had no stock of SKU ${sku}`;
    return `had only ${refused.available} of SKU ${sku} (needs ${refused.needed})`;
  }
  const score = a.shipment?.score ?? 0;
  const s = a.shipment;
  const late = s !== undefined && s.daysLate > 0 ? `, ${s.daysLate} day(s) after the promised date` : '';
  const detail = s === undefined ? '' : `: ${formatMoney(s.shippingCost)} ${s.service}, ${km(s.distanceKm)}${late}`;
  return `scored ${cost(score)} against ${cost(chosen.cost)}${detail}`;
}

function serviceReasons(input: RoutingInput, plan: Plan, byId: ReadonlyMap<string, CandidateAssessment>): string[] {
  const out: string[] = [];
  for (const s of plan.shipments) {
    if (s.service === 'express' && input.promisedBy !== undefined)
      out.push(
        `Express from ${s.locationId}: standard would arrive after the promised ${input.promisedBy.slice(0, 10)}.`,
      );
    if (s.service === 'store-pickup')
      out.push(
        `Store pickup at ${s.locationId}: the store is in ${byId.get(s.locationId)?.region}, the customer's region.`,
      );
  }
  return out;
}

function splitReason(search: PlanSearch, chosen: Plan, penalty: string): string | undefined {
  const { bestSingle, bestSplit } = search;
  if (chosen.shipments.length > 1) {
    if (bestSingle === undefined) return 'No single location could ship every line.';
    const s = bestSingle.shipments[0]!;
    return `The split costs ${cost(chosen.cost)} including the split penalty of ${penalty} per extra shipment, less than the best single location, ${s.locationId}, at ${cost(bestSingle.cost)} (${describeShipment(s)}).`;
  }
  if (bestSplit === undefined) return undefined;
  return `One shipment costs ${cost(chosen.cost)}; the best split, ${bestSplit.locations.join(' + ')}, would cost ${cost(bestSplit.cost)} with the split penalty of ${penalty} per extra shipment.`;
}

/** How the destination was placed, as a sentence; undefined for inputs recorded before it was kept. */
export function destinationSentence(input: RoutingInput): string | undefined {
  const { source, postalCode, region } = input.destination;
  if (source === 'address') return 'Distances are measured from the coordinates that came with the address.';
  if (source === 'postal-table') return `Distances are measured from the centre of postal code ${postalCode}.`;
  if (source === 'region-centroid')
    return `Distances are measured from the middle of the locations in ${region}: the address itself could not be located.`;
  return undefined;
}

/** The sentences of a routed decision: what was chosen, by which service, and why not the obvious others. */
export function explainRouted(
  input: RoutingInput,
  search: PlanSearch,
  assessments: readonly CandidateAssessment[],
  nearest: CandidateAssessment | undefined,
  cheapest: { readonly assessment: CandidateAssessment; readonly price: Money } | undefined,
  penalty: string,
): string[] {
  const chosen = search.plans[0]!;
  const inPlan = new Set(chosen.locations);
  const byId = new Map(assessments.filter((a) => inPlan.has(a.locationId)).map((a) => [a.locationId, a]));
  const out: string[] = [];
  if (chosen.shipments.length === 1) {
    const s = chosen.shipments[0]!;
    out.push(`Chose ${place(byId.get(s.locationId), s.locationId)}: ${describeShipment(s)}.`);
  } else {
    out.push(`Split into ${chosen.shipments.length} shipments.`);
    for (const s of chosen.shipments) {
      const lines = s.lines.map((l) => l.lineId).join(', ');
      out.push(`${place(byId.get(s.locationId), s.locationId)} ships ${lines}: ${describeShipment(s)}.`);
    }
  }
  out.push(...serviceReasons(input, chosen, byId));
  const late = Math.max(...chosen.shipments.map((s) => s.daysLate));
  if (late > 0 && input.promisedBy !== undefined)
    out.push(`The promised ${input.promisedBy.slice(0, 10)} is missed by ${late} day(s): no plan arrives in time.`);
  const split = splitReason(search, chosen, penalty);
  if (split !== undefined) out.push(split);
  const used = inPlan;
  const cheap = cheapest?.assessment;
  if (nearest !== undefined && !used.has(nearest.locationId)) {
    const both = cheap === nearest ? ` and cheapest` : '';
    const price = cheap === nearest ? `, ${formatMoney(cheapest!.price)}` : '';
    const why = whyNot(input, nearest, chosen);
    out.push(`The nearest${both}, ${nearest.locationId} (${km(nearest.distanceKm)}${price}), ${why}.`);
  }
  if (cheapest !== undefined && cheap !== undefined && !used.has(cheap.locationId) && cheap !== nearest)
    out.push(`The cheapest, ${cheap.locationId} (${formatMoney(cheapest.price)}), ${whyNot(input, cheap, chosen)}.`);
  const excluded = assessments.filter((a) => a.status === 'excluded' && a !== nearest && a !== cheap);
  for (const a of excluded.slice(0, 3)) out.push(`${a.locationId} was excluded: ${a.reason}.`);
  if (excluded.length > 3) out.push(`${excluded.length - 3} more locations were excluded.`);
  const runnerUp = search.plans[1];
  if (runnerUp !== undefined && runnerUp.cost === chosen.cost && runnerUp.shipments.length === chosen.shipments.length)
    out.push(
      `${chosen.locations.join(' + ')} and ${runnerUp.locations.join(' + ')} scored the same (${cost(chosen.cost)}); ${chosen.locations.join(' + ')} comes first by location id.`,
    );
  const located = destinationSentence(input);
  if (located !== undefined) out.push(located);
  return out;
}
