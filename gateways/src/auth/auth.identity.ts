import type { IncomingHttpHeaders } from 'node:http';
import { type ActorRef, ROLES, type Role } from '@ordinal/domain';
import { ApiError } from '../http/errors.ts';
import { actorOfClaims, verifyToken } from './auth.token.ts';

/**
 * How the API learns who calls it. `tokens`: only from a signed bearer token (the identity
 * headers are ignored). `trusted-headers`: from `x-ordinal-role` and `x-ordinal-actor-id`, for a
 * deployment behind a proxy that authenticates every caller and sets them (docs/api.md).
 */
export type AuthOptions =
  | { readonly mode: 'tokens'; readonly secrets: readonly string[] }
  | { readonly mode: 'trusted-headers' };

/** Who is calling, once authenticated. */
export interface Caller {
  /** Undefined for an anonymous caller of a public route. */
  readonly role: Role | undefined;
  /** What the events this caller causes record as their actor. */
  readonly actor: ActorRef;
  /** The person: a staff member's id, or the customer's id for a customer. */
  readonly id?: string;
  /** A customer token narrowed to one order. */
  readonly orderId?: string;
  /** When the identity stops being valid (ms since the epoch); tokens only. */
  readonly expiresAt?: number;
  /** Where the identity comes from: a verified token, the trusted headers, or nowhere. */
  readonly source: 'token' | 'headers' | 'anonymous';
}

/** The caller of a public route without a token. */
export const ANONYMOUS: Caller = {
  role: undefined,
  actor: { kind: 'system', component: 'anonymous' },
  source: 'anonymous',
};

export type Authentication =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly error: ApiError };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The caller the identity headers name; without a role header, the integration role (as before tokens). */
export function callerFromHeaders(headers: IncomingHttpHeaders): Caller {
  const roleHeader = header(headers, 'x-ordinal-role');
  const role: Role = ROLES.find((r) => r === roleHeader) ?? 'integration';
  const id = header(headers, 'x-ordinal-actor-id');
  return id === undefined
    ? { role, actor: { kind: 'role', role }, source: 'headers' }
    : { role, actor: { kind: 'user', id, role }, id, source: 'headers' };
}

/** The token of an `Authorization: Bearer <token>` header, if that is what was sent. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header(headers, 'authorization') ?? '');
  return match?.[1];
}

/** 401 for a request that brings no token. */
export function tokenMissing(): ApiError {
  return new ApiError(
    401,
    'auth.token-missing',
    'send a token: Authorization: Bearer <token> (docs/api.md, "Authentication and roles")',
    {},
    { 'www-authenticate': 'Bearer' },
  );
}

/** The caller a token names, or the 401 it gets: missing, malformed, not ours, expired. */
export function callerFromToken(secrets: readonly string[], token: string | undefined, now: Date): Authentication {
  if (token === undefined) return { ok: false, error: tokenMissing() };
  const check = verifyToken(secrets, token, now);
  if (!check.ok) {
    const challenge = { 'www-authenticate': 'Bearer error="invalid_token"' };
    return { ok: false, error: new ApiError(401, check.code, check.reason, {}, challenge) };
  }
  const { claims } = check;
  return {
    ok: true,
    caller: {
      role: claims.role,
      actor: actorOfClaims(claims),
      id: claims.sub,
      ...(claims.orderId === undefined ? {} : { orderId: claims.orderId }),
      expiresAt: claims.exp * 1000,
      source: 'token',
    },
  };
}

/** True when the role is one of the allowed ones. */
export function roleAllowed(role: Role | undefined, allowed: readonly Role[] | undefined): boolean {
  return role !== undefined && allowed?.includes(role) === true;
}
