import type { Latency } from './fan-out.clients.ts';
import type { FanOutFigures } from './fan-out.ts';

const int = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => `${n.toFixed(1)} ms`;
const row = (name: string, l: Latency) => `| ${name} | ${int(l.messages)} | ${ms(l.p50Ms)} | ${ms(l.p99Ms)} |`;
const times = (figure: number, ceiling: number) => `${(figure / Math.max(ceiling, 0.1)).toFixed(1)}×`;

/** The fan-out section: events to thousands of websocket watchers beside raw `ws.send`s to as many. */
export function fanOutSection(f: FanOutFigures | undefined): string {
  const intro = `## Websocket fan-out: thousands of watchers

The embedded OMS in the bench process (SQLite event store with \`synchronous=FULL\`, relay and
projections in the same process, as \`ordinal all\` runs) with its live server at \`/ws\`. Orders
are placed through the actor host; then each order gets its own raw \`ws\` client subscribed to it
(without \`fromRevision\`), and a number of clients subscribe to the ops feed without filters, all
connecting in batches, each batch subscribed before the next connects. AddNote commands
(internal notes) go to orders picked at random at a fixed rate, open loop, through the actor
host. Each event reaches the order's client as an \`event\` (then a \`view\`) and every ops client as
a \`change\`. Latency is the time of receipt minus the event's \`recordedAt\` (order clients) or the
change's \`occurredAt\` (ops clients: the command's time, so it also holds the commit), on the same
clock; those times are whole milliseconds, so these figures read up to 1 ms high. The run fails
unless every order client got exactly its order's new revisions once and in order, and every ops
client every change. The ceiling is a plain \`ws\` server on another port with as many clients,
sending at the same rate to the same orders' clients and to every feed client a small timestamped
message: one \`ws.send\` each, no event store, no feed. The clients run in the same process as
the servers, so their reading shares the event loop in both halves.
`;
  if (f === undefined) return `${intro}\nNot measured in this run.\n`;
  const { plan, orderEvents, opsChanges, ceiling } = f;
  return `${intro}
${int(plan.orders)} order clients and ${plan.opsClients} ops clients; ${int(f.commands)} AddNote commands at ${plan.commandsPerSecond}/s for ${plan.seconds} s.

| scenario | messages | p50 | p99 |
|---|---|---|---|
${row('raw `ws.send` to the order client (ceiling)', ceiling.orderMessages)}
${row('raw `ws.send` to every feed client (ceiling)', ceiling.opsMessages)}
${row('**order subscriptions: `event`**', orderEvents)}
${row('**ops feeds: `change`**', opsChanges)}

p99 against the ceiling: order subscriptions **${times(orderEvents.p99Ms, ceiling.orderMessages.p99Ms)}**, ops feeds **${times(opsChanges.p99Ms, ceiling.opsMessages.p99Ms)}**.
${int(orderEvents.messages + opsChanges.messages)} messages measured, every one where it belonged.

Between the two lies the command itself (decide, commit with an fsync), the feed following the
log, the order's state folded for the change, the \`view\` after each event, and a JSON
serialisation per message, on the same event loop as the relay, the projections and every
client's reading. The p99 moves with whatever else the machine runs; compare the rows of one run.
`;
}
