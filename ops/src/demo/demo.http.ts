import { clientAuth } from '../auth/client-auth.ts';
import type { OrdinalConfig } from '../config/config.ts';

/** An answer the demo did not expect: the status and the body, so the failure says what the API said. */
export class DemoHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

/** Resolves after `ms`, or at once when the signal aborts. */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Who the demo acts as: `integration` places and moves orders, `ops` manages locations and reads histories. */
export type DemoRole = 'integration' | 'ops';

/** The headers that say who the demo is, in each of its roles. */
export type DemoAuth = (role: DemoRole) => Record<string, string>;

/** Tokens for the demo's roles, minted from the configuration of the OMS it drives. */
export function demoAuth(config: OrdinalConfig): DemoAuth {
  const roles = {
    integration: clientAuth(config, { role: 'integration', sub: 'ordinal-demo' }),
    ops: clientAuth(config, { role: 'ops', sub: 'ordinal-demo' }),
  };
  return (role) => roles[role]();
}

/** POSTs JSON with an idempotency key; a 429 is waited out (Retry-After), any other non-2xx throws. */
export async function post(
  url: string,
  body: unknown,
  key: string,
  auth: DemoAuth,
  signal?: AbortSignal,
  role: DemoRole = 'integration',
): Promise<Record<string, unknown>> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...auth(role) },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    const text = await response.text();
    // Back-pressure is an answer to wait, not a failure.
    if (response.status === 429 && attempt < 20) {
      await sleep(Number(response.headers.get('retry-after') ?? '1') * 1000, signal);
      continue;
    }
    if (!response.ok) throw new DemoHttpError(response.status, text);
    return JSON.parse(text) as Record<string, unknown>;
  }
}

/** GETs JSON as `role`; any non-2xx throws. */
export async function getJson<T>(
  url: string,
  auth: DemoAuth,
  role: DemoRole = 'ops',
  signal?: AbortSignal,
): Promise<T> {
  const response = await fetch(url, { headers: auth(role), ...(signal ? { signal } : {}) });
  const text = await response.text();
  if (!response.ok) throw new DemoHttpError(response.status, text);
  return JSON.parse(text) as T;
}
