import type { FastifyRequest } from 'fastify';

/** The routes that take new work in, as `METHOD /pattern`: rate-limited and shed under load. */
export const INTAKE_ROUTES: ReadonlySet<string> = new Set([
  'POST /orders',
  'POST /orders/:orderId/commands',
  'POST /channels/:channel/orders',
]);

/** Whether a request is for one of the intake routes (known as soon as it is routed). */
export function isIntake(request: Pick<FastifyRequest, 'method' | 'routeOptions'>): boolean {
  return INTAKE_ROUTES.has(`${request.method} ${request.routeOptions.url ?? ''}`);
}
