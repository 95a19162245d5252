import type { ReadSideFigures } from './read-side.ts';
import type { Throughput } from './relay.ts';

const rate = (t: Throughput) => `${Math.round(t.eventsPerSecond).toLocaleString('en')}`;
const secs = (t: Throughput) => `${t.seconds.toFixed(1)} s`;
const times = (value: number) => `${value.toFixed(2)}×`;

/** The relay section: relay throughput over JetStream beside a raw publish of the same messages. */
export function relaySection(r: ReadSideFigures): string {
  const intro = `## Relay over NATS JetStream

The log: ${r.orders.toLocaleString('en')} orders, ${r.events.toLocaleString('en')} events (each order a long legal history, the orders
interleaved round by round as on a busy day) in a SQLite event store. The real \`Relay\` reads
it from checkpoint 0 and publishes through \`NatsBus\` to a file-backed JetStream stream on a
local nats-server, storing its checkpoint in a SQLite read store after each batch, until the
checkpoint reaches the head of the log. The ceiling is the same messages (same subjects, JSON
bytes, headers and msg ids, encoded before the clock starts) published straight from a \`nats\`
client with acks into a fresh stream of the same settings, in the same batches and with the
same parallelism as \`NatsBus.publish\`: a whole batch in flight at once, the next batch after
every ack of the previous one.
`;
  if (r.relay === undefined) return `${intro}\nNot measured: ${r.natsSkipped ?? 'nats-server was not available.'}\n`;
  const { relay, ceiling } = r.relay;
  const ratio = relay.eventsPerSecond / ceiling.eventsPerSecond;
  return `${intro}
| scenario | events/s | events | time | × ceiling |
|---|---|---|---|---|
| raw JetStream publish with acks (ceiling) | ${rate(ceiling)} | ${ceiling.events} | ${secs(ceiling)} | ${times(1)} |
| **Relay: SQLite log → NatsBus** | ${rate(relay)} | ${relay.events} | ${secs(relay)} | ${times(ratio)} |

The relay publishes at **${(ratio * 100).toFixed(0)}%** of the raw publish rate (${r.relay.batches} batches of up to ${r.relay.batchSize}
events, ${r.natsServer ?? 'nats-server'}). Reading the log and writing the checkpoint take the
event loop while the broker works, so ${ratio >= 0.8 ? "the relay costs little beyond the broker's own round trips: one batch in flight at a time, awaited before the next, is what both are bound by." : "the relay leaves part of the broker's rate unused: its reads and checkpoint writes do not overlap the publishing of the batch before."}
`;
}

/** The catch-up section: orderTracking over NATS and over the in-process bus, on the same log. */
export function catchUpSection(r: ReadSideFigures): string {
  const { nats, inProcess, maxInFlight } = r.catchUp;
  const natsRow =
    nats === undefined
      ? `| orderTracking over NATS JetStream | not measured | | | |`
      : `| **orderTracking over NATS JetStream** (ProjectionRunner, ${maxInFlight} in flight) | ${rate(nats)} | ${nats.events} | ${secs(nats)} | ${times(nats.eventsPerSecond / inProcess.eventsPerSecond)} |`;
  return `## Projection catch-up

The same ${r.events.toLocaleString('en')} events applied by the \`orderTracking\` projection into a fresh SQLite read store,
until every order's document is at its last revision (checked on the stored documents at the end):
over NATS, a \`ProjectionRunner\` on a durable \`NatsBus\` subscription that starts after the relay
above has published the whole log, with ${maxInFlight} events in flight (the projector's default,
\`ORDINAL_PROJECTOR_MAX_IN_FLIGHT\`); in-process, a \`ReadSide\` (relay plus runner, one event in
flight as in the embedded profile) on an \`InProcessBus\` reading the same log. The in-process run is
the reference: it has no broker in the way.

| path | events/s | events | time | × in-process |
|---|---|---|---|---|
| orderTracking over the in-process bus (reference) | ${rate(inProcess)} | ${inProcess.events} | ${secs(inProcess)} | ${times(1)} |
${natsRow}

${
  nats === undefined
    ? `Over NATS not measured: ${r.natsSkipped ?? 'nats-server was not available.'}`
    : `Over NATS the projection catches up at **${(100 * (nats.eventsPerSecond / inProcess.eventsPerSecond)).toFixed(0)}%** of the in-process rate.`
} Each applied event reads the
order's document, restores the machine state stored in it, folds the event, renders and masks
the document and writes it conditionally on the revision read; that work is the same on both
paths. Over NATS each event also arrives as a JetStream message to decode and is acknowledged
back; since the SQLite writes are synchronous, the events in flight overlap only those round
trips.
`;
}
