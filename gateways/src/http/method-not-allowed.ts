import type { FastifyInstance, HTTPMethods } from 'fastify';
import { ApiError } from './errors.ts';

const METHODS: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The methods some route answers for this URL (path and query as requested). */
export function allowedMethods(app: FastifyInstance, url: string): HTTPMethods[] {
  return METHODS.filter((method) => app.findRoute({ method, url }) !== null);
}

/**
 * The answer to a request no route took: 405 with `Allow` when the path exists under other
 * methods (`PUT /orders`), else 404.
 */
export function noRouteError(app: FastifyInstance, method: string, url: string): ApiError {
  const allowed = allowedMethods(app, url);
  const path = url.split('?', 1)[0] ?? url;
  if (allowed.length === 0) return new ApiError(404, 'route.not-found', `no route ${method} ${path}`);
  const message = `${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`;
  return new ApiError(405, 'route.method-not-allowed', message, { method, allowed }, { allow: allowed.join(', ') });
}
