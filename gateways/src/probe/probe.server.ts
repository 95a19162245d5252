import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { healthRoutes, type Readiness } from '../health/health.routes.ts';
import { CORRELATION_LOG_KEY } from '../http/api.ts';
import { correlationIdFor } from '../http/request-context.ts';
import type { OrdinalMetrics } from '../metrics/metrics.registry.ts';
import { metricsRoutes } from '../metrics/metrics.routes.ts';

/** What a process without the HTTP API (relay, projector) needs to be probed and scraped. */
export interface ProbeServerDeps {
  readonly metrics: OrdinalMetrics;
  readonly ready: () => Promise<Readiness>;
  readonly clock: () => Date;
  /** Fastify's logger option: false (default), true, or pino options. */
  readonly logger?: boolean | object;
  /** Request ids when the caller sent no correlation id (default random UUIDs). */
  readonly newId?: () => string;
}

/** A small server with only `GET /health`, `/ready` and `/metrics`; the caller listens. */
export function buildProbeServer(deps: ProbeServerDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new LogController({ requestIdLogLabel: CORRELATION_LOG_KEY }),
    genReqId: correlationIdFor(deps.newId ?? randomUUID),
    requestIdHeader: false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
  });
  app.register(healthRoutes, { clock: deps.clock, ready: deps.ready });
  app.register(metricsRoutes, { metrics: deps.metrics });
  return app;
}
