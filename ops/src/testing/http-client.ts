import { eventually } from '@ordinal/projections/testing';
import { type ClientIdentity, clientAuth } from '../auth/client-auth.ts';
import type { OrdinalConfig } from '../config/config.ts';

/** One HTTP answer with its JSON body parsed (`undefined` when the body is empty). */
export interface JsonResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** The order view fields these tests look at. */
export interface TrackingView {
  readonly orderId: string;
  readonly revision: number;
  readonly status: { readonly main: string; readonly payment: string; readonly returns: string };
  readonly stage: string;
  readonly totals: Record<string, { readonly amount: number; readonly currency: string }>;
  readonly [field: string]: unknown;
}

type Caller = () => Record<string, string>;

async function call<T>(who: Caller, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: {
      ...who(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
}

/**
 * A small client for the Ordinal API at `base`, acting as the `ops` role (or `who`) with a
 * token minted from the configuration the OMS runs with (its secret, or its generated one).
 */
export function apiClient(base: string, config: OrdinalConfig, who: ClientIdentity = { role: 'ops' }) {
  const caller = clientAuth(config, who);
  return {
    get: <T = Record<string, unknown>>(path: string): Promise<JsonResponse<T>> =>
      call<T>(caller, 'GET', `${base}${path}`),
    post: <T = Record<string, unknown>>(
      path: string,
      body: unknown,
      headers?: Record<string, string>,
    ): Promise<JsonResponse<T>> => call<T>(caller, 'POST', `${base}${path}`, body, headers),
    put: <T = Record<string, unknown>>(path: string, body: unknown): Promise<JsonResponse<T>> =>
      call<T>(caller, 'PUT', `${base}${path}`, body),

    /** Sends a command and expects it accepted; returns the order's revision after it. */
    async command(orderId: string, command: Record<string, unknown>, key?: string): Promise<number> {
      const answer = await call<{ revision: number }>(
        caller,
        'POST',
        `${base}/orders/${orderId}/commands`,
        command,
        key === undefined ? {} : { 'idempotency-key': key },
      );
      if (answer.status !== 200) {
        throw new Error(`${String(command.type)} on ${orderId}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
      }
      return answer.body.revision;
    },

    /** Polls the tracking view until it has caught up with `revision`, and returns it. */
    viewAt(orderId: string, revision: number, timeoutMs = 5_000): Promise<TrackingView> {
      return eventually(async () => {
        const view = await call<TrackingView>(caller, 'GET', `${base}/orders/${orderId}`);
        if (view.status !== 200 || view.body.revision !== revision) {
          throw new Error(`view of ${orderId}: HTTP ${view.status}, revision ${view.body?.revision}, want ${revision}`);
        }
        return view.body;
      }, timeoutMs);
    },
  };
}

/** What `apiClient` returns. */
export type ApiClient = ReturnType<typeof apiClient>;
