import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/** Headers a page on another origin may send: the token, JSON, the retry key, the correlation id. */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'];
/** Headers such a page may read from an answer. */
const EXPOSED_HEADERS = [
  'location',
  'retry-after',
  'x-correlation-id',
  'idempotent-replayed',
  'x-ordinal-stream-revision',
  'x-ordinal-view-behind',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];

/**
 * Lets browser pages on the listed origins call the API (CORS): a preflight from a listed origin
 * is answered before the guard looks for a token (browsers send none with it), and answers carry
 * `Access-Control-Allow-Origin` for that origin only. Any other origin gets no CORS header, so the
 * browser keeps the answer from it. Without a list nothing is added: only pages served by the API
 * itself (same origin) call it. Registered before the guard, whose hooks must come after it.
 */
export function registerCrossOrigin(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  app.register(cors, {
    origin: [...allowedOrigins],
    methods: ['GET', 'HEAD', 'POST', 'PUT'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    // Bearer tokens, never cookies: a page sends its token itself.
    credentials: false,
  });
}
