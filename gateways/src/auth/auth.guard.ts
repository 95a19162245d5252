import type { Role } from '@ordinal/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../http/errors.ts';
import {
  ANONYMOUS,
  type AuthOptions,
  bearerToken,
  type Caller,
  callerFromHeaders,
  callerFromToken,
  roleAllowed,
} from './auth.identity.ts';
import type { OrderOwners } from './order-owners.ts';

/** One registered route and who may call it, as the guard enforces it. */
export interface RouteGrant {
  readonly method: string;
  readonly url: string;
  readonly roles: readonly Role[] | undefined;
  readonly public: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, set by the guard before anything else looks at the request. */
    caller?: Caller;
  }
  interface FastifyInstance {
    /** Every route registered, with its roles or public flag (the authorization matrix is built from it). */
    routeGrants: readonly RouteGrant[];
  }
}

/** Where the OpenAPI page and its assets are served; public, the routes it describes are guarded. */
export const DOCS_PREFIX = '/docs';

export interface AuthGuardOptions {
  readonly auth: AuthOptions;
  readonly owners: OrderOwners;
  /** The clock tokens expire by (the wall clock). */
  readonly now?: () => Date;
}

function isPreflightRoute(route: { readonly method: string | readonly string[]; readonly url: string }): boolean {
  return route.url === '*' && [route.method].flat().every((method) => method === 'OPTIONS');
}

/** 404 for an order a customer may not reach: the same answer as for an order that does not exist. */
export function orderNotFound(orderId: string): ApiError {
  return new ApiError(404, 'order.not-found', `order ${orderId} does not exist`, { streamRevision: 0 });
}

/** 404 for another customer's list: the same answer as for a customer with no order. */
export function customerNotFound(customerId: string): ApiError {
  return new ApiError(404, 'customer.not-found', `no order of customer ${customerId} is known`);
}

function forbidden(request: FastifyRequest, role: Role | undefined, allowedRoles: readonly Role[]): ApiError {
  const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
  const who = role === undefined ? 'no role' : `the ${role} role`;
  return new ApiError(403, 'auth.forbidden', `${who} may not call ${route}`, { role: role ?? null, allowedRoles });
}

/**
 * A customer may place an order only for themselves (and not with a one-order token); anyone
 * else whose role may place orders places them for any customer.
 */
export function assertMayPlaceFor(request: FastifyRequest, customerId: string): void {
  const caller = request.caller;
  if (caller?.role !== 'customer') return;
  if (caller.id === customerId && caller.orderId === undefined) return;
  throw new ApiError(403, 'auth.forbidden', 'a customer places orders only for themselves', {
    role: 'customer',
    field: '/customer/customerId',
  });
}

/**
 * Authentication and authorization for every route, in three hooks: each registered route is
 * recorded (the OpenAPI page made public); as a request arrives, before its body is read, the
 * caller is identified and its role checked against the route's `config.roles` (a route with
 * neither roles nor `public: true` is refused to everyone); before the body is validated, a customer is
 * kept to their own orders on every route with an `:orderId` or `:customerId`.
 */
export function registerAuthGuard(app: FastifyInstance, options: AuthGuardOptions): void {
  const { auth, owners } = options;
  const now = options.now ?? (() => new Date());
  const grants: RouteGrant[] = [];
  app.decorate('routeGrants', grants);

  app.addHook('onRoute', (route) => {
    // The OpenAPI page, and the CORS preflight route (answered in its own hook, before this guard's).
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`) || isPreflightRoute(route)) {
      route.config = { ...route.config, public: true };
    }
    const roles = route.config?.roles;
    for (const method of [route.method].flat()) {
      grants.push({ method, url: route.url, roles, public: route.config?.public === true });
    }
  });

  app.addHook('onRequest', async (request) => {
    // No route: the not-found answer (404 or 405) tells nothing a guard would protect.
    if (request.is404) return;
    const config = request.routeOptions.config;
    if (auth.mode === 'trusted-headers') {
      request.caller = callerFromHeaders(request.headers);
    } else {
      const authenticated = callerFromToken(auth.secrets, bearerToken(request.headers), now());
      if (!authenticated.ok && config.public !== true) throw authenticated.error;
      request.caller = authenticated.ok ? authenticated.caller : ANONYMOUS;
    }
    if (config.public === true) return;
    const allowed = config.roles ?? [];
    if (!roleAllowed(request.caller.role, allowed)) throw forbidden(request, request.caller.role, allowed);
  });

  // Before validation: someone else's order must answer 404 whatever the body, exactly as a missing one.
  app.addHook('preValidation', async (request) => {
    const caller = request.caller;
    if (caller?.role !== 'customer') return;
    const params = (request.params ?? {}) as Record<string, unknown>;
    if (typeof params.orderId === 'string' && !(await owners.reaches(caller, params.orderId))) {
      throw orderNotFound(params.orderId);
    }
    // A one-order token is a link to that order, not to the customer's list.
    const { customerId } = params;
    if (typeof customerId === 'string' && (customerId !== caller.id || caller.orderId !== undefined)) {
      throw customerNotFound(customerId);
    }
  });
}
