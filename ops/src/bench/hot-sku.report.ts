import type { HotSkuFigures, HotSkuRate } from './hot-sku.ts';

const int = (n: number) => Math.round(n).toLocaleString('en');
const row = (name: string, r: HotSkuRate, ceiling: HotSkuRate, latency = '| | |') =>
  `| ${name} | ${int(r.perSecond)} | ${int(r.rows)} | ${r.seconds.toFixed(1)} s ${latency} ${(r.perSecond / ceiling.perSecond).toFixed(2)}× |`;

/** The hot-SKU section: reservations of one SKU through the actor host beside one-commit-per-row ceilings. */
export function hotSkuSection(f: HotSkuFigures | undefined): string {
  const intro = `## Hot SKU: many orders for one SKU

One SKU at one location, received in one delivery, then ReserveStock commands of one unit each
for as many orders, a fixed number in flight (closed loop: each answer sends the next), through the
actor host with the inventory decider on the embedded SQLite store (\`synchronous=FULL\`, as the
embedded profile runs). The SKU's actor is its stream's single writer, so the commands are decided
one at a time, each on the state the previous one left; the stock runs out half-way, and the
run fails unless exactly the stock was reserved and every other order refused with
\`inventory.insufficient-stock\`. Latency runs from a command's call to its answer, so it includes
the wait behind the others in flight. The ceilings are the rows the run wrote (the receipt, each
\`StockReserved\`, a \`CommandRejected\` per refusal) appended one at a time, each awaited, straight to
a fresh event store, and inserted by better-sqlite3 into the same table of a file with the same
pragmas, one transaction each: a single writer that must see each decision committed before the
next cannot do with fewer commits.
`;
  if (f === undefined) return `${intro}\nNot measured in this run.\n`;
  const { plan, host, storeAppends, rawInserts } = f;
  const ratio = host.perSecond / rawInserts.perSecond;
  return `${intro}
| scenario | rows/s | rows | time | p50 | p99 | × raw inserts |
|---|---|---|---|---|---|---|
${row('raw SQLite inserts, one transaction each (ceiling)', rawInserts, rawInserts)}
${row('event store appends, one at a time', storeAppends, rawInserts)}
${row(`**ReserveStock through the actor host** (${plan.inFlight} in flight)`, host, rawInserts, `| ${int(host.p50Ms)} ms | ${int(host.p99Ms)} ms |`)}

${int(plan.reservations)} reservations for ${int(plan.stock)} units: **${int(host.perSecond)} reservations/s** decided,
${(ratio * 100).toFixed(0)}% of the raw insert rate; ${int(f.taken)} taken and ${int(f.refused)} refused, and the SKU's stream
folds to on hand ${int(f.folded.onHand)}, reserved ${int(f.folded.reserved)}, available ${int(f.folded.available)}: never
oversold (${f.conflicts} append conflicts: one host is the only writer).

Group commit cannot help one SKU: its actor has one command in flight, so every decision waits
for its own commit (an fsync with \`synchronous=FULL\`), and those waits set the rate. Between the
raw insert and the store's append lies the store's own work per append (a turn of the event loop
for group commit, an IMMEDIATE transaction with a savepoint, the event-id and head look-ups);
between the append and the host, the look-up of the command id in \`command-<id>\`, the decision,
and for a refusal the read of the stream's tail before its \`CommandRejected\` is appended. The cost
of an fsync on a shared machine varies from run to run, so compare the rows of one run. Orders for
different SKUs run in parallel and share commits.
`;
}
