import { orderStreamId } from '@ordinal/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { TestSocket } from '../testing/live-socket.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';
import { LiveClient, type WebSocketLike } from './live.client.ts';
import { CLOSE_CODES } from './live.protocol.ts';

let api: TestApi | undefined;
const clients: LiveClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await api?.close();
  api = undefined;
});

/** A client that records, per order, every revision its application was handed. */
function watcher(url: string, sockets: WebSocket[] = []) {
  const client = new LiveClient({
    url,
    initialDelayMs: 5,
    maxDelayMs: 50,
    connect: (target) => {
      const socket = new WebSocket(target);
      sockets.push(socket);
      return socket as unknown as WebSocketLike;
    },
  });
  clients.push(client);
  const received = new Map<string, number[]>();
  const watch = (orderId: string, fromRevision?: number) => {
    const revisions: number[] = [];
    received.set(orderId, revisions);
    return client.watchOrder(orderId, { onEvent: (_event, revision) => revisions.push(revision) }, fromRevision);
  };
  return { client, received, watch };
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function placeOrder(test: TestApi, orderId: string): Promise<number> {
  const placed = await test.request('POST', '/orders', { body: placeOrderBody({ orderId }) });
  expect(placed.status).toBe(201);
  return placed.body.revision as number;
}

/** Adds `count` notes to the order, `inFlight` requests at a time; customer notes show in the tracking view, internal ones do not. */
async function burst(
  test: TestApi,
  orderId: string,
  count: number,
  options: { inFlight?: number; text?: string; visibility?: 'internal' | 'customer'; from?: number } = {},
) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = (options.from ?? 0) + next++;
      const response = await test.request('POST', `/orders/${orderId}/commands`, {
        body: {
          type: 'AddNote',
          noteId: `n-${n}`,
          text: options.text ?? `note ${n}`,
          visibility: options.visibility ?? 'internal',
        },
      });
      if (response.status !== 200) throw new Error(`note ${n}: ${response.status} ${response.text}`);
    }
  };
  await Promise.all(Array.from({ length: options.inFlight ?? 4 }, worker));
}

describe('resuming without gaps', () => {
  it('delivers each of 1,000 events exactly once and in order when the server drops the socket mid-burst', {
    timeout: 120_000,
  }, async () => {
    const test = await startTestApi({ live: {} });
    api = test;
    const placedAt = await placeOrder(test, 'o-burst');
    const { client, received, watch } = watcher(test.wsUrl);
    watch('o-burst', 0);
    await until(() => received.get('o-burst')?.length === placedAt, 'the catch-up');
    const sending = burst(test, 'o-burst', 1_000);
    await until(() => (received.get('o-burst')?.length ?? 0) > 300, '300 events');
    test.app.live?.dropAll(CLOSE_CODES.goingAway, 'dropped mid-burst');
    await sending;
    const total = placedAt + 1_000;
    await until(() => received.get('o-burst')?.at(-1) === total, 'every event');
    expect(received.get('o-burst')).toEqual(range(1, total));
    expect(client.connections).toBeGreaterThanOrEqual(2);
    expect(await test.events.streamRevision(orderStreamId('o-burst'))).toBe(total);
  });

  it('100 clients, each dropped 20 times while their orders change, still see every event exactly once, in order', async () => {
    const test = await startTestApi({ live: {} });
    api = test;
    const orders = range(1, 100).map((n) => `o-many-${n}`);
    for (const orderId of orders) await placeOrder(test, orderId);
    const watchers = orders.map((orderId) => {
      const w = watcher(test.wsUrl);
      w.watch(orderId, 0);
      return { ...w, orderId };
    });
    let drops = 0;
    const dropping = (async () => {
      for (; drops < 20; drops++) {
        // Each drop hits every client: wait until all are back from the last one.
        await until(
          () => test.app.live?.clients() === 100 && watchers.every((w) => w.client.connections === drops + 1),
          `100 clients reconnected after drop ${drops} (server has ${test.app.live?.clients()}; connections ${JSON.stringify(watchers.map((w) => w.client.connections).filter((c) => c !== drops + 1))})`,
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
        test.app.live?.dropAll(CLOSE_CODES.goingAway, 'forced disconnect');
      }
    })();
    // Notes go on to the orders, round-robin from four writers, for as long as the drops do.
    let note = 0;
    const writer = async () => {
      while (drops < 20) {
        const n = note++;
        await burst(test, orders[n % orders.length] as string, 1, { inFlight: 1, from: n });
      }
    };
    const changing = Promise.all([writer(), writer(), writer(), writer()]);
    await Promise.all([dropping, changing]);
    await until(() => watchers.every((w) => w.client.connections === 21), 'the reconnects after the last drop');
    for (const w of watchers) {
      const revision = await test.events.streamRevision(orderStreamId(w.orderId));
      await until(() => w.received.get(w.orderId)?.at(-1) === revision, `all of ${w.orderId}`);
      expect(w.received.get(w.orderId), w.orderId).toEqual(range(1, revision));
      expect(w.client.connections).toBeGreaterThanOrEqual(21);
    }
    expect(drops).toBe(20);
  }, 120_000);
});

describe('slow and dead clients', () => {
  it('tells a client that stops reading to resume (4000), and it then gets everything it missed exactly once', async () => {
    const test = await startTestApi({ live: { maxBufferedBytes: 64 * 1024 } });
    api = test;
    const placedAt = await placeOrder(test, 'o-slow');
    const sockets: WebSocket[] = [];
    const closes: number[] = [];
    const { received, watch } = watcher(test.wsUrl, sockets);
    watch('o-slow', 0);
    await until(() => received.get('o-slow')?.length === placedAt, 'the catch-up');
    const first = sockets[0] as WebSocket;
    first.on('close', (code) => closes.push(code));
    // Stop reading: the kernel buffers fill, then the server's own buffer grows past the bound.
    (first as unknown as { _socket: { pause(): void } })._socket.pause();
    await burst(test, 'o-slow', 150, { text: 'x'.repeat(2_000), visibility: 'customer' });
    (first as unknown as { _socket: { resume(): void } })._socket.resume();
    const total = placedAt + 150;
    await until(() => received.get('o-slow')?.at(-1) === total, 'every event after the resume');
    expect(closes).toEqual([CLOSE_CODES.resume]);
    expect(received.get('o-slow')).toEqual(range(1, total));
  });

  it('drops a connection that stops answering pings', async () => {
    const test = await startTestApi({ live: { heartbeatMs: 100 } });
    api = test;
    const silent = new WebSocket(test.wsUrl, { autoPong: false });
    const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    await new Promise((resolve) => silent.once('open', resolve));
    const answering = await TestSocket.open(test.wsUrl);
    // Abnormal closure: the server cut the connection without a close frame.
    expect(await closed).toBe(1006);
    answering.send({ type: 'ping' });
    expect(await answering.find((m) => m.type === 'pong')).toEqual({ type: 'pong' });
    answering.close();
  });

  it('says going away (1001) to every client when the server shuts down', async () => {
    const test = await startTestApi({ live: {} });
    const socket = await TestSocket.open(test.wsUrl);
    await test.close();
    expect((await socket.closed).code).toBe(CLOSE_CODES.goingAway);
  });
});
