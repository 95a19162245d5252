import type { Role } from '@ordinal/domain';
import { issueToken } from '@ordinal/gateways';
import { ConfigError, type OrdinalConfig } from '../config/config.ts';
import { type ApiAuth, resolveAuth } from './auth-secret.ts';

/** Who a client of the API acts as. */
export interface ClientIdentity {
  readonly role: Role;
  /** The person (a customer's id for a customer); default: the role's name. */
  readonly sub?: string;
  /** A customer token narrowed to one order. */
  readonly orderId?: string;
}

/** The headers that say who calls: a fresh bearer token, or the identity headers behind a trusted proxy. */
export type AuthHeaders = () => Record<string, string>;

const TOKEN_TTL_SECONDS = 3600;

/** The headers for one identity under an auth already resolved. */
export function headersFor(auth: ApiAuth, who: ClientIdentity, now: () => Date = () => new Date()): AuthHeaders {
  const sub = who.sub ?? who.role;
  if (auth.mode === 'trusted-headers') return () => ({ 'x-ordinal-role': who.role, 'x-ordinal-actor-id': sub });
  let token = '';
  let renewAt = 0;
  return () => {
    const at = now();
    // Renewed well before it expires, so a request in flight never carries an expired token.
    if (at.getTime() >= renewAt) {
      token = issueToken(auth.secrets, { role: who.role, sub, ttlSeconds: TOKEN_TTL_SECONDS }, at);
      renewAt = at.getTime() + (TOKEN_TTL_SECONDS * 1000) / 2;
    }
    return { authorization: `Bearer ${token}` };
  };
}

/**
 * The headers a client of the configured OMS sends (the demo, the CLI, the tests): tokens
 * signed with the configured secret (the embedded profile's `<dataDir>/auth-secret`), read at
 * the first request.
 */
export function clientAuth(config: OrdinalConfig, who: ClientIdentity): AuthHeaders {
  let headers: AuthHeaders | undefined;
  return () => {
    headers ??= headersFor(resolveAuth(config), who);
    return headers();
  };
}

/** A token for the identity, signed with the configured secret; refused when tokens are off. */
export function tokenFor(config: OrdinalConfig, who: ClientIdentity, ttlSeconds: number, now = new Date()): string {
  const auth = resolveAuth(config);
  if (auth.mode !== 'tokens') {
    throw new ConfigError(
      'tokens are off (ORDINAL_AUTH_MODE=trusted-headers): the proxy in front of Ordinal says who calls; unset ORDINAL_AUTH_MODE to use tokens',
    );
  }
  const request = { role: who.role, sub: who.sub ?? who.role, ttlSeconds };
  return issueToken(auth.secrets, who.orderId === undefined ? request : { ...request, orderId: who.orderId }, now);
}
