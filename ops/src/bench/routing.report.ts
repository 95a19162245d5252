import type { RoutingBench } from './routing.ts';

const int = (n: number) => Math.round(n).toLocaleString('en');

/** The routing section: decisions per second over the real Olist sellers beside a distances-only ceiling. */
export function routingSection(bench: RoutingBench | undefined): string {
  const intro = `## Routing over the Olist sellers

\`route\` (domain/src/routing) with the default policy, every Olist seller that has coordinates as a
candidate warehouse, for real orders (the customer's zip prefix as destination, the order's real
products as lines). Stock is seeded: a seller holds 1–20 of each product it sold in the data set
and, with a chance of 2%, 1–5 of any other; 3% of sellers have no capacity left, the others part
of their daily capacity; half the orders carry a promise of 3 to 10 days. The inputs are built
before the clock starts. The ceiling is the least any router must do: the haversine distance of
every candidate for each order.
`;
  if (bench === undefined) return `${intro}\nNot measured in this run.\n`;
  if ('skipped' in bench) return `${intro}\nNot measured: ${bench.skipped}.\n`;
  const f = bench.figures;
  const ratio = f.decisionsPerSecond / f.ceilingPerSecond;
  return `${intro}
| scenario | orders/s | × ceiling |
|---|---|---|
| haversine of ${int(f.candidates)} candidates (ceiling) | ${int(f.ceilingPerSecond)} | 1.00× |
| **route: assess, plan, explain** | ${int(f.decisionsPerSecond)} | ${ratio.toFixed(3)}× |

Over ${f.orders} orders × ${int(f.candidates)} candidates (${f.sellersWithoutCoordinates} sellers had no coordinates): ${f.routed} routed,
${f.splits} split, ${f.express} with an express shipment; a decision serialises to ${int(f.medianDecisionBytes)} bytes (median), since it
lists the best eligible candidates in full and counts the rest by status. Beyond the distances, each
decision checks every candidate's stock and capabilities for every line, prices the eligible ones
against the tariff, searches the split plans among the best of them, and writes its explanation.
`;
}
