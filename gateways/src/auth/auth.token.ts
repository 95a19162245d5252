import { createHmac, timingSafeEqual } from 'node:crypto';
import { type ActorRef, ROLES, type Role } from '@ordinal/domain';

/**
 * What a token says about its bearer. `sub` is the person (a staff member's id, or the
 * customer's id for a customer); a customer token may be narrowed to one order.
 * Times are whole seconds since the epoch.
 */
export interface TokenClaims {
  readonly sub: string;
  readonly role: Role;
  /** Customer tokens only: the one order the bearer may see (a link sent with the order). */
  readonly orderId?: string;
  readonly iat: number;
  readonly exp: number;
}

/** Why a token is refused; each is a 401 with this code. */
export type TokenRefusal = 'auth.token-malformed' | 'auth.token-invalid' | 'auth.token-expired';

export type TokenCheck =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly code: TokenRefusal; readonly reason: string };

/** The shortest secret accepted: 32 bytes' worth of characters. */
export const MIN_SECRET_LENGTH = 32;

const PREFIX = 'ord1';
const SUBJECT = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

function sign(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`${PREFIX}.${body}`).digest();
}

function isRole(value: unknown): value is Role {
  return ROLES.some((role) => role === value);
}

function claimsOf(value: unknown): TokenClaims | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { sub, role, orderId, iat, exp } = value as Record<string, unknown>;
  if (typeof sub !== 'string' || !SUBJECT.test(sub) || !isRole(role)) return undefined;
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return undefined;
  if (orderId !== undefined && (typeof orderId !== 'string' || role !== 'customer')) return undefined;
  const base = { sub, role, iat: iat as number, exp: exp as number };
  return orderId === undefined ? base : { ...base, orderId };
}

/** What to issue: who, in which role, for how long; `orderId` narrows a customer token to one order. */
export interface TokenRequest {
  readonly sub: string;
  readonly role: Role;
  readonly orderId?: string;
  readonly ttlSeconds: number;
}

/**
 * A signed bearer token: `ord1.<claims as base64url JSON>.<HMAC-SHA256 as base64url>`.
 * Signed with the first secret, so a new secret can be put first while the old one still verifies.
 */
export function issueToken(secrets: readonly string[], request: TokenRequest, now: Date): string {
  const secret = secrets[0];
  if (secret === undefined || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`a token secret of at least ${MIN_SECRET_LENGTH} characters is needed to issue tokens`);
  }
  if (!SUBJECT.test(request.sub)) throw new Error(`"${request.sub}" cannot be a token subject`);
  if (request.orderId !== undefined && request.role !== 'customer') {
    throw new Error('only a customer token can be narrowed to one order');
  }
  if (!Number.isSafeInteger(request.ttlSeconds) || request.ttlSeconds <= 0) {
    throw new Error('a token lives a whole, positive number of seconds');
  }
  const iat = Math.floor(now.getTime() / 1000);
  const claims: TokenClaims = {
    sub: request.sub,
    role: request.role,
    ...(request.orderId === undefined ? {} : { orderId: request.orderId }),
    iat,
    exp: iat + request.ttlSeconds,
  };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${PREFIX}.${body}.${sign(secret, body).toString('base64url')}`;
}

/** The claims of a token signed by one of the secrets and not expired at `now`, or why not. */
export function verifyToken(secrets: readonly string[], token: string, now: Date): TokenCheck {
  const parts = token.split('.');
  const [prefix, body, signature] = parts;
  if (parts.length !== 3 || prefix !== PREFIX || !body || !signature) {
    return { ok: false, code: 'auth.token-malformed', reason: `a token has the form ${PREFIX}.<claims>.<signature>` };
  }
  const given = Buffer.from(signature, 'base64url');
  const signed = secrets.some((secret) => {
    const expected = sign(secret, body);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!signed) return { ok: false, code: 'auth.token-invalid', reason: 'the token is not signed by this service' };
  let claims: TokenClaims | undefined;
  try {
    claims = claimsOf(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    claims = undefined;
  }
  if (claims === undefined)
    return { ok: false, code: 'auth.token-malformed', reason: 'the token’s claims are unreadable' };
  if (claims.exp <= Math.floor(now.getTime() / 1000)) {
    return {
      ok: false,
      code: 'auth.token-expired',
      reason: `the token expired at ${new Date(claims.exp * 1000).toISOString()}`,
    };
  }
  return { ok: true, claims };
}

/** The actor a token's bearer acts as: always a named user with the token's role. */
export function actorOfClaims(claims: TokenClaims): ActorRef {
  return { kind: 'user', id: claims.sub, role: claims.role };
}
