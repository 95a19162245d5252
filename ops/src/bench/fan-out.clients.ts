import { execFileSync } from 'node:child_process';
import { WebSocket } from 'ws';

/** What one client received: each message's key (revision or position) and its latency. */
export interface Received {
  readonly keys: number[];
  readonly latenciesMs: number[];
}

/** A raw websocket client that subscribed and now records what it is sent. */
export interface FanOutClient {
  readonly ws: WebSocket;
  readonly received: Received;
  /** The order's revision the subscription started at (order clients of the OMS). */
  readonly startRevision: number;
}

/** Reads a message: its key and send time, or undefined for anything that is not measured. */
export type Measure = (message: Record<string, unknown>) => { key: number; sentAtMs: number } | undefined;

/** Latency figures over every message of one kind. */
export interface Latency {
  readonly messages: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Wall-clock milliseconds with the fraction the monotonic clock gives. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Sockets in this process per client: the client's end and the server's end. */
const ENDS_PER_CLIENT = 2;
/** Room for the SQLite files, the HTTP listeners and whatever else the process holds. */
const HEADROOM = 512;

/** Throws before anything starts when this process may not hold the sockets the scenario opens. */
export function checkDescriptorLimit(clients: number): void {
  const needed = clients * ENDS_PER_CLIENT + HEADROOM;
  // Node has no call for the limit; a shell started by this process inherits it.
  const limit = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  if (limit !== 'unlimited' && Number(limit) < needed) {
    throw new Error(
      `fan-out: ${clients} websocket clients and their server ends need about ${needed} open files in one process, but \`ulimit -n\` is ${limit}; raise it (e.g. \`ulimit -n ${Math.max(needed, 8192)}\`) in the shell that runs the bench`,
    );
  }
}

/**
 * Opens one client, sends its subscribe message, and resolves once the server's answer of
 * type `subscribed` arrives; every later message passing `measure` is recorded with its
 * latency (receipt on this machine's clock minus the time the message carries).
 */
function openClient(url: string, subscribe: object, measure: Measure): Promise<FanOutClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const received: Received = { keys: [], latenciesMs: [] };
    let subscribed = false;
    ws.once('error', reject);
    ws.on('open', () => ws.send(JSON.stringify(subscribe)));
    ws.on('message', (data) => {
      const receivedAt = nowMs();
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (!subscribed) {
        if (message.type === 'error') return reject(new Error(`fan-out: subscribe refused: ${String(data)}`));
        if (message.type !== 'subscribed') return;
        subscribed = true;
        return resolve({ ws, received, startRevision: Number(message.revision ?? 0) });
      }
      const measured = measure(message);
      if (measured === undefined) return;
      received.keys.push(measured.key);
      received.latenciesMs.push(receivedAt - measured.sentAtMs);
    });
  });
}

/** Opens the clients `batch` at a time, each batch subscribed before the next connects. */
export async function openClients(
  url: string,
  subscribes: readonly object[],
  batch: number,
  measure: Measure,
  progress: (opened: number) => void,
): Promise<FanOutClient[]> {
  const clients: FanOutClient[] = [];
  for (let start = 0; start < subscribes.length; start += batch) {
    const slice = subscribes.slice(start, start + batch);
    clients.push(...(await Promise.all(slice.map((subscribe) => openClient(url, subscribe, measure)))));
    progress(clients.length);
  }
  return clients;
}

/** Closes every client and waits for each close handshake to finish. */
export async function closeClients(clients: readonly FanOutClient[]): Promise<void> {
  await Promise.all(
    clients.map(
      ({ ws }) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close(1000);
        }),
    ),
  );
}

/** p50 and p99 over every latency the clients recorded. */
export function latencyOf(clients: readonly FanOutClient[]): Latency {
  const all = clients.flatMap((c) => c.received.latenciesMs).sort((a, b) => a - b);
  const at = (q: number) => all[Math.min(all.length - 1, Math.floor(q * all.length))] ?? 0;
  return { messages: all.length, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** One progress line's worth: `p50 1.2 ms, p99 3.4 ms`. */
export function describeLatency(l: Latency): string {
  return `p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms`;
}

/** Resolves once `done` holds, polling; throws naming `what` after `timeoutMs`. */
export async function until(done: () => boolean, what: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`fan-out: timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Calls `fire(n)` for n = 0 … count − 1 at `perSecond`, on schedule whether or not earlier
 * calls have finished (open loop); resolves when the last has been fired.
 */
export async function openLoop(count: number, perSecond: number, fire: (n: number) => void): Promise<void> {
  const startedAt = performance.now();
  let next = 0;
  while (next < count) {
    const due = Math.min(count, Math.floor(((performance.now() - startedAt) * perSecond) / 1000) + 1);
    while (next < due) fire(next++);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A small seeded generator, so both halves of the run pick the same orders in the same order. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
