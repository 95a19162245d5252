import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  closeClients,
  describeLatency,
  type FanOutClient,
  type Latency,
  latencyOf,
  nowMs,
  openClients,
  openLoop,
  seeded,
  until,
} from './fan-out.clients.ts';
import type { FanOutPlan } from './fan-out.ts';

/** The ceiling's figures: the same sockets and sends, each message one raw `ws.send`. */
export interface FanOutCeiling {
  readonly orderMessages: Latency;
  readonly opsMessages: Latency;
}

const measureSent = (message: Record<string, unknown>) =>
  typeof message.seq === 'number' && typeof message.sentAt === 'number'
    ? { key: message.seq, sentAtMs: message.sentAt }
    : undefined;

/**
 * A plain `ws` server on its own port: each client subscribes to an order or to the feed, and
 * at the scenario's rate the server sends a timestamped message to the chosen order's client
 * and to every feed client, picking the same orders as the OMS half.
 */
export async function measureCeiling(
  plan: FanOutPlan,
  orderIds: readonly string[],
  say: (line: string) => void,
): Promise<FanOutCeiling> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const byOrder = new Map<string, WebSocket>();
  const feeds: WebSocket[] = [];
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id: string; order?: string; feed?: string };
      if (message.order !== undefined) byOrder.set(message.order, ws);
      else feeds.push(ws);
      ws.send(JSON.stringify({ type: 'subscribed', id: message.id, revision: 0 }));
    });
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  let orderClients: FanOutClient[] = [];
  let opsClients: FanOutClient[] = [];
  try {
    say(`• fan-out ceiling: opening ${orderIds.length} + ${plan.opsClients} clients to a plain ws server`);
    orderClients = await openClients(
      url,
      orderIds.map((order) => ({ type: 'subscribe', id: 's', order })),
      plan.connectBatch,
      measureSent,
      () => {},
    );
    opsClients = await openClients(
      url,
      Array.from({ length: plan.opsClients }, () => ({ type: 'subscribe', id: 'ops', feed: 'ops' })),
      plan.connectBatch,
      measureSent,
      () => {},
    );
    const count = plan.commandsPerSecond * plan.seconds;
    say(`• fan-out ceiling: ${count} sends at ${plan.commandsPerSecond}/s, each to one order client and every feed`);
    const pick = seeded(plan.seed);
    await openLoop(count, plan.commandsPerSecond, (seq) => {
      const orderId = orderIds[Math.floor(pick() * orderIds.length)] as string;
      const text = (type: string) => JSON.stringify({ type, orderId, seq, sentAt: nowMs() });
      byOrder.get(orderId)?.send(text('event'));
      for (const feed of feeds) feed.send(text('change'));
    });
    const total = (clients: FanOutClient[]) => clients.reduce((n, c) => n + c.received.keys.length, 0);
    await until(
      () => total(orderClients) === count && total(opsClients) === count * plan.opsClients,
      () => `the ceiling's messages (${total(orderClients)}/${count} order, ${total(opsClients)} feed)`,
      30_000,
    );
    for (const client of opsClients) {
      if (!client.received.keys.every((seq, n) => seq === n))
        throw new Error('fan-out ceiling: a feed client missed a message');
    }
    const figures = { orderMessages: latencyOf(orderClients), opsMessages: latencyOf(opsClients) };
    say(
      `  ceiling: order clients ${describeLatency(figures.orderMessages)}; feed clients ${describeLatency(figures.opsMessages)}`,
    );
    return figures;
  } finally {
    await closeClients([...orderClients, ...opsClients]);
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}
