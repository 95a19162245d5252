import { Agent, request } from 'node:http';

/** Answers of one HTTP status: how many, and their latencies in ms (sorted). */
export interface StatusFigures {
  readonly count: number;
  readonly latenciesMs: readonly number[];
  /** Answers that carried a Retry-After header. */
  readonly withRetryAfter: number;
  /** Each stable error code (`error` of the body) and how often it came. */
  readonly codes: Readonly<Record<string, number>>;
}

/** What an open-loop run sent and got back. */
export interface OpenLoopResult {
  readonly rate: number;
  readonly seconds: number;
  readonly sent: number;
  /** From the first request due to the last answer (or give-up). */
  readonly drainedSeconds: number;
  readonly byStatus: ReadonlyMap<number, StatusFigures>;
  /** Requests that got no answer (connection error or timeout), with the first message. */
  readonly errors: number;
  readonly firstError?: string;
  /** Sequence numbers of the requests that got no answer. */
  readonly unanswered: readonly number[];
  /** Bodies of the 201 answers, parsed. */
  readonly created: readonly unknown[];
}

/** One request of the run: its body and headers, by sequence number. */
export interface OpenLoopRequest {
  readonly url: string;
  readonly body: (i: number) => string;
  readonly headers: (i: number) => Record<string, string>;
  /** Called with each answer: the request's sequence number, status and latency. */
  readonly onAnswer?: (i: number, status: number, latencyMs: number) => void;
}

/** The value at quantile `q` of sorted samples (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/**
 * Sends requests at a fixed arrival rate whatever the server does (an open model: a slow
 * answer does not delay the next request, unlike closed-loop load where each connection
 * waits). Latency is measured from when a request was due, so time spent queued on the
 * client side counts too and an overloaded server cannot hide its queue.
 */
export async function openLoop(
  target: OpenLoopRequest,
  rate: number,
  seconds: number,
  onTick?: (sent: number) => void,
  pool?: ConnectionPool,
): Promise<OpenLoopResult> {
  const agent = pool?.agent ?? new Agent({ keepAlive: true, maxSockets: 512 });
  const url = new URL(target.url);
  const total = Math.round(rate * seconds);
  const statuses = new Map<number, { latencies: number[]; withRetryAfter: number; codes: Record<string, number> }>();
  const created: unknown[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const unanswered: number[] = [];
  const inFlight: Promise<void>[] = [];

  const send = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      const body = target.body(i);
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          timeout: 30_000,
          headers: {
            ...target.headers(i),
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const latency = performance.now() - due;
            const status = res.statusCode ?? 0;
            target.onAnswer?.(i, status, latency);
            const entry = statuses.get(status) ?? { latencies: [], withRetryAfter: 0, codes: {} };
            statuses.set(status, entry);
            entry.latencies.push(latency);
            if (res.headers['retry-after'] !== undefined) entry.withRetryAfter += 1;
            const parsed = parse(Buffer.concat(chunks).toString());
            if (status === 201) created.push(parsed);
            const code = (parsed as { error?: unknown } | undefined)?.error;
            if (typeof code === 'string') entry.codes[code] = (entry.codes[code] ?? 0) + 1;
            resolve();
          });
        },
      );
      const fail = (error: Error) => {
        errors += 1;
        unanswered.push(i);
        firstError ??= error.message;
        resolve();
      };
      req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
      req.on('error', fail);
      req.end(body);
    });

  const started = performance.now();
  let sent = 0;
  let lastTick = 0;
  while (sent < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - started) / 1_000) * rate) + 1);
    for (; sent < due; sent += 1) inFlight.push(send(sent, started + (sent / rate) * 1_000));
    if (onTick !== undefined && now - lastTick >= 1_000) {
      lastTick = now;
      onTick(sent);
    }
    // Timers fire about every millisecond at best; each wake-up sends whatever has come due.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  const drainedSeconds = (performance.now() - started) / 1_000;
  if (pool === undefined) agent.destroy();
  const byStatus = new Map<number, StatusFigures>();
  for (const [status, entry] of [...statuses].sort(([a], [b]) => a - b)) {
    byStatus.set(status, {
      count: entry.latencies.length,
      latenciesMs: entry.latencies.sort((a, b) => a - b),
      withRetryAfter: entry.withRetryAfter,
      codes: entry.codes,
    });
  }
  return {
    rate,
    seconds,
    sent,
    drainedSeconds,
    byStatus,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    unanswered,
    created,
  };
}

/** Keep-alive connections opened before a run and shared by the runs that use them. */
export interface ConnectionPool {
  readonly agent: Agent;
  readonly size: number;
  close(): void;
}

/**
 * Opens `size` keep-alive connections to `url` (concurrent GETs of it) before the clock starts,
 * as a channel gateway or proxy in front of the OMS keeps a warm pool. A run then opens new
 * connections only if it needs more than `size` at once.
 */
export async function openConnectionPool(url: string, size: number): Promise<ConnectionPool> {
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(512, size), scheduling: 'fifo' });
  const target = new URL(url);
  await Promise.all(
    Array.from(
      { length: size },
      () =>
        new Promise<void>((resolve, reject) => {
          const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname }, (res) => {
            res.resume();
            res.on('end', resolve);
          });
          req.on('error', reject);
          req.end();
        }),
    ),
  );
  return { agent, size, close: () => agent.destroy() };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
