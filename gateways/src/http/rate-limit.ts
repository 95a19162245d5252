import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { retryLater } from './errors.ts';
import { isIntake } from './intake-routes.ts';

/** A per-client budget on the intake routes: at most `max` requests in each window of `windowMs`. */
export interface RateLimitOptions {
  readonly max: number;
  readonly windowMs: number;
}

type KeyedRequest = Pick<FastifyRequest, 'headers' | 'ip'> & { readonly caller?: FastifyRequest['caller'] };

function header(request: KeyedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The client a request counts against: the subject of its verified token, else the person
 * (`x-ordinal-actor-id`), else the role at its address (`x-ordinal-role` plus IP), else the
 * address alone.
 */
export function rateLimitKey(request: KeyedRequest): string {
  // The guard identified the caller before this hook runs; a token's subject cannot be invented.
  if (request.caller?.source === 'token' && request.caller.id !== undefined) {
    return `${request.caller.role}:${request.caller.id}`;
  }
  const actorId = header(request, 'x-ordinal-actor-id');
  if (actorId !== undefined) return `actor:${actorId}`;
  const role = header(request, 'x-ordinal-role');
  return role === undefined ? `ip:${request.ip}` : `role:${role}@${request.ip}`;
}

/**
 * Registers @fastify/rate-limit on the intake routes, checked as a request arrives (before
 * its body is read). Its 429 is our error body, `request.rate-limited`, with Retry-After and
 * the `x-ratelimit-*` headers. Call before the routes are registered.
 */
export function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  const { max, windowMs } = options;
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`rateLimit.max must be an integer ≥ 1, got ${max}`);
  if (!Number.isSafeInteger(windowMs) || windowMs < 1) {
    throw new RangeError(`rateLimit.windowMs must be an integer ≥ 1, got ${windowMs}`);
  }
  app.register(rateLimit, {
    global: true,
    max,
    timeWindow: windowMs,
    hook: 'onRequest',
    keyGenerator: rateLimitKey,
    // Every other route is let through before it is counted, so reads never use up the budget.
    allowList: (request) => !isIntake(request),
    errorResponseBuilder: (_request, context) =>
      retryLater(
        'request.rate-limited',
        `at most ${context.max} requests in ${windowMs} ms per client; retry after Retry-After seconds`,
        context.ttl,
        { limit: context.max, windowMs },
      ),
  });
}
