import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActorHost, type HostStats, SqliteEventStore } from '@ordinal/actors';
import { orderDecider } from '@ordinal/domain';
import { InProcessBus, ReadSide, SqliteReadStore } from '@ordinal/projections';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../http/api.ts';
import { instrumentEventStore, instrumentExecutor } from './metrics.instrument.ts';
import { createMetrics, type OrdinalMetrics } from './metrics.registry.ts';
import { readSideSources } from './metrics.sources.ts';

/** A pino destination keeping every line written to it. */
export interface LogCapture {
  write(line: string): void;
  /** The JSON lines written so far, parsed. */
  // biome-ignore lint/suspicious/noExplicitAny: log lines are arbitrary JSON.
  records(): any[];
}

/** Collects log lines in memory. */
export function captureLogs(): LogCapture {
  const lines: string[] = [];
  return {
    write(line) {
      lines.push(line);
    },
    records: () =>
      lines.flatMap((chunk) => chunk.split('\n').filter((line) => line.length > 0)).map((line) => JSON.parse(line)),
  };
}

/** The embedded system on temp files, wired the way a process wires metrics, behind a listening API. */
export interface MeteredApi {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly metrics: OrdinalMetrics;
  readonly hostStats: () => HostStats;
  /** The event log's head position. */
  head(): Promise<number>;
  /** `GET /metrics` as text (fails the test on any status but 200). */
  scrape(): Promise<string>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** Starts store, instrumented host, read side and API (with `/metrics`) on 127.0.0.1. */
export async function startMeteredApi(options: { readonly logs?: LogCapture } = {}): Promise<MeteredApi> {
  const dir = await mkdtemp(join(tmpdir(), 'ordinal-metrics-'));
  let time = Date.parse('2025-03-01T09:00:00.000Z');
  const clock = () => {
    time += 1000;
    return new Date(time);
  };
  const metrics = createMetrics({ defaultMetrics: false });
  const events = SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: 'NORMAL' });
  const host = new ActorHost({ store: instrumentEventStore(events, metrics), decider: orderDecider, clock });
  const readStore = new SqliteReadStore({ path: join(dir, 'read.db') });
  const bus = new InProcessBus();
  const readSide = new ReadSide({ events, store: readStore, bus, relay: { retryDelayMs: 50 } });
  await readSide.start();
  metrics.watch({ head: () => events.headPosition(), host: () => host.stats(), ...readSideSources(readSide) });
  const app = buildApi({
    orders: instrumentExecutor(host, metrics),
    events,
    readStore,
    clock,
    newId: randomUUID,
    ready: async () => ({ ready: true, checks: {} }),
    // Callers say who they are with the identity headers, as behind an authenticating proxy.
    auth: { mode: 'trusted-headers' },
    metrics,
    ...(options.logs === undefined ? {} : { logger: { level: 'info', stream: options.logs } }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
  return {
    url,
    app,
    metrics,
    hostStats: () => host.stats(),
    head: () => events.headPosition(),
    async scrape() {
      const response = await fetch(`${url}/metrics`, { headers: { 'x-ordinal-role': 'ops' } });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${text}`);
      return text;
    },
    post: (path, body, headers = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    async close() {
      await app.close();
      await host.close();
      await readSide.stop();
      await bus.close();
      await events.close();
      await readStore.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
