import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

/** What the readiness probe reports: ready or not, and each dependency's own check. */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: Record<string, unknown>;
}

export interface HealthRoutesOptions {
  readonly clock: () => Date;
  readonly ready: () => Promise<Readiness>;
}

const Alive = Type.Object(
  { status: Type.Literal('ok'), time: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);
const Ready = Type.Object(
  { ready: Type.Boolean(), checks: Type.Object({}, { additionalProperties: true }) },
  { additionalProperties: false },
);

/**
 * `GET /health` (the process answers) and `GET /ready` (its dependencies are usable). Public:
 * probes of an orchestrator carry no token.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, { clock, ready }) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: Alive } },
    },
    async () => ({ status: 'ok' as const, time: clock().toISOString() }),
  );

  app.get(
    '/ready',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the stores and the bus can be used',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (request, reply) => {
      let readiness: Readiness;
      try {
        readiness = await ready();
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        readiness = { ready: false, checks: { error: error instanceof Error ? error.message : String(error) } };
      }
      return reply.status(readiness.ready ? 200 : 503).send(readiness);
    },
  );
};
