import { DEFAULT_ROUTING_POLICY, haversineKm, type RoutingDecision, route } from '@ordinal/domain';
import { loadOlist } from '../datasets/olist/olist.loader.ts';
import { olistPresent } from '../datasets/olist/olist.paths.ts';
import { routingInputs } from './routing.inputs.ts';

/** Routing over the real Olist sellers: decisions per second beside a distances-only ceiling. */
export interface RoutingFigures {
  readonly candidates: number;
  readonly orders: number;
  readonly decisionsPerSecond: number;
  /** Orders per second when all that is done is the haversine distance of every candidate. */
  readonly ceilingPerSecond: number;
  readonly routed: number;
  readonly splits: number;
  readonly express: number;
  readonly medianDecisionBytes: number;
  readonly sellersWithoutCoordinates: number;
}

/** Either the figures, or why routing was not measured. */
export type RoutingBench = { readonly figures: RoutingFigures } | { readonly skipped: string };

// Runs `work` over the inputs round after round for at least `seconds`; returns orders per second.
function rate<T>(inputs: readonly T[], seconds: number, work: (input: T) => void): number {
  const started = performance.now();
  let done = 0;
  while (performance.now() - started < seconds * 1000)
    for (const input of inputs) {
      work(input);
      done += 1;
    }
  return done / ((performance.now() - started) / 1000);
}

/** Measures `route` with every seller as a candidate for real orders; skipped when the data set is absent. */
export async function measureRouting(dir: string, seconds: number, say: (line: string) => void): Promise<RoutingBench> {
  if (!olistPresent(dir)) return { skipped: `the Olist data set is not at ${dir} (set ORDINAL_OLIST_DIR)` };
  say('• routing: loading the Olist data set');
  const data = await loadOlist(dir);
  const inputs = routingInputs(data, 200, 20261204);
  const decisions: RoutingDecision[] = inputs.map((input) => route(input, DEFAULT_ROUTING_POLICY));
  const sizes = decisions.map((d) => JSON.stringify(d).length).sort((a, b) => a - b);
  say(`• routing: ${inputs.length} orders × ${data.locations.length} candidates, ${seconds} s each`);
  let sink = 0;
  const ceilingPerSecond = rate(inputs, seconds, (input) => {
    for (const c of input.candidates) sink += haversineKm(c.coordinates, input.destination);
  });
  const decisionsPerSecond = rate(inputs, seconds, (input) => {
    sink += route(input, DEFAULT_ROUTING_POLICY).candidates.length;
  });
  say(
    `  ${Math.round(decisionsPerSecond)} decisions/s, ceiling ${Math.round(ceilingPerSecond)}/s (${sink > 0 ? 'ok' : ''})`,
  );
  const routed = decisions.flatMap((d) => (d.outcome === 'routed' ? [d] : []));
  return {
    figures: {
      candidates: data.locations.length,
      orders: inputs.length,
      decisionsPerSecond,
      ceilingPerSecond,
      routed: routed.length,
      splits: routed.filter((d) => d.plan.length > 1).length,
      express: routed.filter((d) => d.plan.some((s) => s.service === 'express')).length,
      medianDecisionBytes: sizes[Math.floor(sizes.length / 2)] ?? 0,
      sellersWithoutCoordinates: data.report.sellersWithoutCoordinates,
    },
  };
}
