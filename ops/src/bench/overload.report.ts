import type { OpenLoopFigures, StatusRow } from './open-loop.figures.ts';
import type { OverloadFigures } from './overload.ts';

const ms = (value: number | undefined) =>
  value !== undefined && Number.isFinite(value) ? `${value.toFixed(1)} ms` : '–';
const codes = (row: StatusRow) =>
  Object.entries(row.codes)
    .map(([code, count]) => `\`${code}\` ${count}`)
    .join(', ');
const share = (count: number, of: number) => `${((100 * count) / of).toFixed(1)}%`;

function rows(name: string, figures: OpenLoopFigures): string {
  const lines = figures.statuses.map(
    (row) =>
      `| ${name} | ${row.status} | ${row.count} | ${share(row.count, figures.sent)} | ${ms(row.p50Ms)} | ${ms(row.p99Ms)} | ${row.withRetryAfter} | ${codes(row)} |`,
  );
  if (figures.errors > 0) {
    lines.push(
      `| ${name} | no answer | ${figures.errors} | ${share(figures.errors, figures.sent)} | | | | ${figures.firstError ?? ''} |`,
    );
  }
  return lines.join('\n');
}

function halfRows(o: OverloadFigures): string {
  const sent = o.secondHalf.reduce((sum, row) => sum + row.count, 0);
  return o.secondHalf
    .map(
      (row) =>
        `| PlaceOrder, due in the 2nd half | ${row.status} | ${row.count} | ${share(row.count, sent)} | ${ms(row.p50Ms)} | ${ms(row.p99Ms)} | | |`,
    )
    .join('\n');
}

const status = (list: readonly StatusRow[], code: number) => list.find((row) => row.status === code);

/** The overload section: PlaceOrder at twice the capacity, per status, and the check of the server's files. */
export function overloadSection(o: OverloadFigures): string {
  const accepted = status(o.place.statuses, 201);
  const refused = status(o.place.statuses, 429);
  const lateAccepted = status(o.secondHalf, 201);
  const lateRefused = status(o.secondHalf, 429);
  const others = o.place.statuses.filter((row) => row.status !== 201 && row.status !== 429);
  const acceptedRate = (accepted?.count ?? 0) / o.seconds;
  const answered = o.place.sent - o.place.errors;
  const ratio = (row: StatusRow | undefined) =>
    row === undefined ? 'n/a' : `${(row.p99Ms / o.capacityP99Ms).toFixed(1)}×`;
  const c = o.check;
  const verdict = c.holds
    ? c.createdWithoutAnswer === 0
      ? 'every accepted order is in both, and nothing else is'
      : 'every accepted order is in both, and the others are requests whose answer never came'
    : 'MISMATCH';
  return `## Overload: PlaceOrder at twice the capacity

The PlaceOrder run above measured the capacity: **${Math.round(o.capacity)} req/s** (p99 ${o.capacityP99Ms} ms). A fresh
\`ordinal all\` (embedded profile, rate limit off with \`ORDINAL_RATE_LIMIT=0\`) runs with
\`ORDINAL_MAX_PENDING_COMMANDS=${o.maxPendingCommands}\` (what it gets through in 20 ms at capacity, at least 8:
a command admitted behind a full queue waits about 20 ms more, the rest is refused with \`host.overloaded\`)
and \`ORDINAL_SHED_EVENT_LOOP_DELAY_MS=${o.shedEventLoopDelayMs}\` (an intake request is refused with
\`server.overloaded\` as soon as it is routed, before its body is read, while the event loop runs more than
${o.shedEventLoopDelayMs} ms behind: the refusal costs the loop a small fraction of an accepted order).
After a 3 s warm-up at capacity, a load generator in the bench process sends PlaceOrder at a fixed
arrival rate of **${o.rate} req/s** (2 × capacity) for ${o.seconds} s whatever the answers (open model,
${o.poolConnections} keep-alive connections opened before the runs, up to 512), each request with its own
Idempotency-Key, so every 201 is a new order.
Latency runs from when a request was due, so waiting on the client side counts too. The ceiling
is the same generator at the same rate against the fastify echo server. The last rows are the
requests due in the second half of the run, once the start of the overload has passed.

| target | status | count | share | p50 | p99 | with Retry-After | codes |
|---|---|---|---|---|---|---|---|
${rows('fastify echo (ceiling)', o.ceiling)}
${rows('PlaceOrder', o.place)}
${halfRows(o)}

- Accepted: **${accepted?.count ?? 0}** (${Math.round(acceptedRate)} per second of load, ${((100 * acceptedRate) / o.capacity).toFixed(0)}% of the capacity); p99 over the whole run ${ms(accepted?.p99Ms)} (${ratio(accepted)} the capacity run's p99), in the second half **${ms(lateAccepted?.p99Ms)}** (${ratio(lateAccepted)}).
- Refused with 429: **${refused?.count ?? 0}**, ${refused?.withRetryAfter ?? 0} of them with Retry-After; p50 ${ms(refused?.p50Ms)}, p99 ${ms(refused?.p99Ms)} (second half: ${ms(lateRefused?.p50Ms)}, ${ms(lateRefused?.p99Ms)}).
- Answers of any status: ${answered} in ${o.place.drainedSeconds.toFixed(1)} s from the first request to the last answer, ${Math.round(answered / o.place.drainedSeconds)} per second against ${o.rate} arriving per second.
- Other statuses: ${others.length === 0 ? 'none' : others.map((row) => `${row.status} × ${row.count}`).join(', ')}; without an answer: ${o.place.errors}.
- On the server's files after the read side caught up (${c.catchUpSeconds.toFixed(1)} s after the last answer) and the server stopped: ${c.accepted} orders accepted (warm-up included), ${c.orderStreams} order streams in the log, ${c.trackingDocuments} orderTracking documents; accepted but missing from the log ${c.acceptedMissingFromLog}, from the read model ${c.acceptedMissingFromReadModel}; created by a request that got no answer ${c.createdWithoutAnswer}; in the log but neither accepted nor unanswered ${c.unexplainedStreams}: **${verdict}**.
${latencyNote(o)}
The connections are opened before the clock starts, as a channel gateway or a proxy in front of
the OMS keeps a warm pool: Node accepts one new connection per turn of its event loop, and a
loop busy with twice its capacity turns a few times a second, so a burst of hundreds of new
connections waits in the listen queue for seconds before the server sees a byte of it (measured
here with the generator opening connections on demand: p99 over 9 s for 201s and 429s alike,
while the server's own response times stayed under 100 ms). See docs/operations.md.`;
}

/** What the latencies say about where requests waited, from this run's figures. */
function latencyNote(o: OverloadFigures): string {
  const all = status(o.place.statuses, 429);
  const late = status(o.secondHalf, 429);
  if (all === undefined || late === undefined || all.p99Ms <= 2 * o.capacityP99Ms) return '';
  return `
Refusals are not instant: a request is refused only after the server's one event loop has read,
parsed and validated it and handed it to the actor host, and that loop also decides, commits,
relays and projects the orders it accepted. When the overload starts, requests arrive faster than
the loop gets to them and queue in front of the host, where ORDINAL_MAX_PENDING_COMMANDS does
not see them: every answer, 201 or 429, waits in that queue (429 p99 ${ms(all.p99Ms)} over the run).
${late.p99Ms <= 2 * o.capacityP99Ms ? `Once the host sheds, the queue is worked off: for requests due in the second half the 429 p99 is ${ms(late.p99Ms)}.` : `It is still there in the second half (429 p99 ${ms(late.p99Ms)}).`}
The pending limit bounds the host's queue, not the event loop's; the event-loop delay limit is
what keeps the loop's own queue short.
`;
}
