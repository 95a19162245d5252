import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type CommandOutcome, type OrderCommand, orderStreamId, type RecordedEvent } from '@ordinal/domain';
import { loadConfig } from '../config/config.ts';
import { type EmbeddedSystem, startEmbedded } from '../embedded/embedded.ts';
import { BENCH_AUTH_ENV, benchToken } from './bench-auth.ts';
import { type FanOutCeiling, measureCeiling } from './fan-out.ceiling.ts';
import {
  checkDescriptorLimit,
  closeClients,
  describeLatency,
  type FanOutClient,
  type Latency,
  latencyOf,
  type Measure,
  openClients,
  openLoop,
  seeded,
} from './fan-out.clients.ts';
import { PLACE_ORDER_BODY } from './place-order.body.ts';

/** How the fan-out scenario runs. */
export interface FanOutPlan {
  /** Orders placed, each watched by its own websocket client. */
  readonly orders: number;
  /** Clients of the ops feed without filters: each sees every change. */
  readonly opsClients: number;
  /** AddNote commands per second to random orders (open loop). */
  readonly commandsPerSecond: number;
  readonly seconds: number;
  /** Clients connecting at once; each batch is subscribed before the next connects. */
  readonly connectBatch: number;
  /** Picks the orders, the same for the OMS and the ceiling. */
  readonly seed: number;
}

/** The fan-out figures beside the plain-`ws` ceiling of the same run. */
export interface FanOutFigures {
  readonly plan: FanOutPlan;
  readonly commands: number;
  /** `event` messages to the order clients: receipt minus the event's `recordedAt`. */
  readonly orderEvents: Latency;
  /** `change` messages to the ops clients: receipt minus the change's `occurredAt`. */
  readonly opsChanges: Latency;
  readonly ceiling: FanOutCeiling;
}

const actor = { kind: 'system', component: 'bench' } as const;
const PLACE_IN_FLIGHT = 32;

const measureEvent: Measure = (m) => {
  const event = m.event as { recordedAt?: string } | undefined;
  return m.type === 'event' && event?.recordedAt !== undefined
    ? { key: Number(m.revision), sentAtMs: Date.parse(event.recordedAt) }
    : undefined;
};
const measureChange: Measure = (m) => {
  const change = m.change as { position: number; occurredAt: string } | undefined;
  return m.type === 'change' && change !== undefined
    ? { key: change.position, sentAtMs: Date.parse(change.occurredAt) }
    : undefined;
};

async function placeOrders(system: EmbeddedSystem, count: number, say: (line: string) => void): Promise<string[]> {
  const orderIds = Array.from({ length: count }, (_, n) => `o-fan-${n + 1}`);
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < count; n = next++) {
      const orderId = orderIds[n] as string;
      const outcome = await execute(system, { type: 'PlaceOrder', orderId, ...PLACE_ORDER_BODY });
      if (outcome.status !== 'accepted') throw new Error(`fan-out: ${orderId} not placed: ${JSON.stringify(outcome)}`);
      if ((n + 1) % 500 === 0) say(`  ${n + 1}/${count} orders placed`);
    }
  };
  await Promise.all(Array.from({ length: PLACE_IN_FLIGHT }, worker));
  return orderIds;
}

function execute(system: EmbeddedSystem, command: OrderCommand): Promise<CommandOutcome> {
  return system.host.execute({ command, metadata: { commandId: randomUUID(), correlationId: randomUUID(), actor } });
}

/**
 * What is still wrong with what the clients received, judged against the log: each order
 * client every revision after the one it subscribed at, once and in order; each ops client
 * every order event after `opsFrom`, once and in order. Empty when all is right.
 */
function mismatch(
  log: readonly RecordedEvent[],
  orders: Map<string, FanOutClient>,
  ops: FanOutClient[],
  opsFrom: number,
) {
  const heads = new Map<string, number>();
  for (const e of log) heads.set(e.streamId, e.revision);
  for (const [orderId, client] of orders) {
    const head = heads.get(orderStreamId(orderId)) ?? 0;
    const keys = client.received.keys;
    const want = head - client.startRevision;
    if (keys.length !== want || keys.some((revision, n) => revision !== client.startRevision + n + 1)) {
      return `${orderId}: revisions ${keys.join(',') || 'none'} after ${client.startRevision}, the log is at ${head}`;
    }
  }
  const positions = log.filter((e) => e.position > opsFrom).map((e) => e.position);
  for (const [n, client] of ops.entries()) {
    const keys = client.received.keys.filter((p) => p > opsFrom);
    if (keys.length !== positions.length || keys.some((p, i) => p !== positions[i])) {
      return `ops client ${n}: ${keys.length} changes after position ${opsFrom}, the log has ${positions.length}`;
    }
  }
  return '';
}

/**
 * The embedded OMS with its websocket server, `orders` orders each watched by its own client
 * and `opsClients` unfiltered ops feeds, then AddNote commands at a fixed rate to random
 * orders: how long each event takes to reach its watchers. Then the ceiling: the same number
 * of clients of a plain `ws` server that sends each a timestamped message at the same rate.
 */
export async function measureFanOut(
  dir: string,
  plan: FanOutPlan,
  say: (line: string) => void,
): Promise<FanOutFigures> {
  checkDescriptorLimit(plan.orders + plan.opsClients);
  const dataDir = join(dir, 'fan-out');
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    ORDINAL_DATA_DIR: dataDir,
    ORDINAL_LOG_LEVEL: 'silent',
    ...BENCH_AUTH_ENV,
  };
  const system = await startEmbedded(loadConfig(env, dataDir));
  const orders = new Map<string, FanOutClient>();
  let ops: FanOutClient[] = [];
  let figures: Omit<FanOutFigures, 'ceiling'>;
  let orderIds: string[];
  try {
    say(`• fan-out: placing ${plan.orders} orders through the actor host`);
    orderIds = await placeOrders(system, plan.orders, say);
    const url = `${system.url.replace(/^http/, 'ws')}/ws?token=${benchToken('ops')}`;
    say(`• fan-out: opening ${plan.orders} order clients, ${plan.connectBatch} at a time`);
    const orderClients = await openClients(
      url,
      orderIds.map((order) => ({ type: 'subscribe', id: 's', order })),
      plan.connectBatch,
      measureEvent,
      (opened) => opened % 500 === 0 && say(`  ${opened}/${plan.orders} subscribed`),
    );
    for (const [n, client] of orderClients.entries()) orders.set(orderIds[n] as string, client);
    ops = await openClients(
      url,
      Array.from({ length: plan.opsClients }, () => ({ type: 'subscribe', id: 'ops', feed: 'ops' })),
      plan.connectBatch,
      measureChange,
      () => {},
    );
    const opsFrom = await system.events.headPosition();
    const count = plan.commandsPerSecond * plan.seconds;
    say(
      `• fan-out: ${count} AddNote commands at ${plan.commandsPerSecond}/s to random orders, ${plan.opsClients} ops feeds`,
    );
    const pick = seeded(plan.seed);
    const answers: Promise<CommandOutcome>[] = [];
    await openLoop(count, plan.commandsPerSecond, (n) => {
      const orderId = orderIds[Math.floor(pick() * orderIds.length)] as string;
      const text = `Customer called (${n})`;
      answers.push(execute(system, { type: 'AddNote', orderId, noteId: `n${n}`, text, visibility: 'internal' }));
    });
    const refused = (await Promise.all(answers)).filter((o) => o.status !== 'accepted');
    if (refused.length > 0)
      throw new Error(`fan-out: ${refused.length} AddNote refused: ${JSON.stringify(refused[0])}`);
    // The log is read again on each check: what the clients must have got is what it holds.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const problem = mismatch(await system.events.readAll({ streamPrefixes: ['order-'] }), orders, ops, opsFrom);
      if (problem === '') break;
      if (Date.now() > deadline) throw new Error(`fan-out: a client did not get exactly its events: ${problem}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    figures = {
      plan,
      commands: count,
      orderEvents: latencyOf(orderClients),
      opsChanges: latencyOf(ops),
    };
    say(
      `  order clients ${describeLatency(figures.orderEvents)}; ops clients ${describeLatency(figures.opsChanges)}; ${figures.orderEvents.messages + figures.opsChanges.messages} messages, each where it belonged`,
    );
  } finally {
    await closeClients([...orders.values(), ...ops]);
    await system.close();
  }
  const ceiling = await measureCeiling(plan, orderIds, say);
  return { ...figures, ceiling };
}
