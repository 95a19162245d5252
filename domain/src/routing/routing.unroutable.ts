import type { CandidateAssessment, UnroutableLine } from './routing.decision.ts';
import type { RoutingInput, RoutingLine } from './routing.types.ts';

function lineReason(line: RoutingLine, assessments: readonly CandidateAssessment[], maxShipments: number): string {
  const refusals = assessments.flatMap((a) =>
    a.refusedLines.filter((r) => r.lineId === line.lineId).map((r) => ({ a, r })),
  );
  const servers = assessments.filter((a) => !refusals.some((x) => x.a === a));
  const eligibleServers = servers.filter((a) => a.status === 'eligible');
  if (eligibleServers.length > 0)
    return `${eligibleServers.length} location(s) could ship it, but no plan of up to ${maxShipments} shipment(s) covers every line`;
  if (servers.length > 0) {
    const statuses = servers.map((a) => `${a.locationId} (${a.status}${a.reason ? `: ${a.reason}` : ''})`);
    return `only ineligible locations could ship it: ${statuses.slice(0, 3).join(', ')}${statuses.length > 3 ? ` and ${statuses.length - 3} more` : ''}`;
  }
  const capable = refusals.filter((x) => x.r.reason === 'no-stock');
  if (capable.length === 0) {
    const needs = line.constraints.join(', ');
    return `no location can handle ${needs === '' ? 'it' : needs}`;
  }
  let most = capable[0]!;
  for (const x of capable)
    if (
      (x.r.available ?? 0) > (most.r.available ?? 0) ||
      ((x.r.available ?? 0) === (most.r.available ?? 0) && x.a.locationId < most.a.locationId)
    )
      most = x;
  const best = most.r.available ?? 0;
  return best === 0
    ? `no location that can handle it has SKU ${line.sku} in stock`
    : `no location has ${line.quantity} of SKU ${line.sku}; the most is ${best} at ${most.a.locationId}`;
}

/**
 * Why each line of an order that no plan covers could not be routed; `noTariff` is the reason
 * when the policy has no tariff to the destination's country at all.
 */
export function unroutableLines(
  input: RoutingInput,
  assessments: readonly CandidateAssessment[],
  maxShipments: number,
  noTariff?: string,
): UnroutableLine[] {
  const everyLine = (reason: string) => input.lines.map((line) => ({ lineId: line.lineId, sku: line.sku, reason }));
  if (input.candidates.length === 0) return everyLine('there are no candidate locations');
  if (noTariff !== undefined) return everyLine(noTariff);
  return input.lines.map((line) => ({
    lineId: line.lineId,
    sku: line.sku,
    reason: lineReason(line, assessments, maxShipments),
  }));
}
