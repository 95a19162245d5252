import type { FastifyInstance } from 'fastify';
import type { Readiness } from '../health/health.routes.ts';
import type { OrdinalMetrics } from '../metrics/metrics.registry.ts';
import { buildProbeServer } from './probe.server.ts';

/** A listening probe server and a GET helper. */
export interface TestProbe {
  readonly app: FastifyInstance;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; text: string }>;
  close(): Promise<void>;
}

/** Starts a probe server for the metrics on 127.0.0.1 with a random port. */
export async function startProbe(
  metrics: OrdinalMetrics,
  options: { readonly ready?: () => Promise<Readiness>; readonly logger?: object } = {},
): Promise<TestProbe> {
  const app = buildProbeServer({
    metrics,
    ready: options.ready ?? (async () => ({ ready: true, checks: {} })),
    clock: () => new Date('2025-03-01T09:00:00.000Z'),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    async get(path, headers = {}) {
      const response = await fetch(`${url}${path}`, { headers });
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
    close: () => app.close(),
  };
}
