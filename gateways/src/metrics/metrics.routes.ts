import type { FastifyPluginAsync } from 'fastify';
import { ROUTE_ROLES } from '../http/roles.ts';
import type { OrdinalMetrics } from './metrics.registry.ts';

export interface MetricsRoutesOptions {
  readonly metrics: Pick<OrdinalMetrics, 'registry'>;
}

/** `GET /metrics`: the process's metrics in Prometheus' text format. */
export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, { metrics }) => {
  app.get(
    '/metrics',
    // Prometheus text, not JSON: kept out of the OpenAPI document, which describes the JSON API.
    { config: { roles: ROUTE_ROLES.metrics }, schema: { hide: true } },
    async (_request, reply) => {
      const body = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(body);
    },
  );
};
