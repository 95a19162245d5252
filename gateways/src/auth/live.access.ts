import { ROUTE_ROLES } from '../http/roles.ts';
import type { LiveAccess } from '../live/live.connection.ts';
import type { LiveAuthenticator } from '../live/live.server.ts';
import { type AuthOptions, type Caller, callerFromHeaders, callerFromToken, roleAllowed } from './auth.identity.ts';
import type { OrderOwners } from './order-owners.ts';

/** What a caller may watch: orders per `ROUTE_ROLES.watchOrder` (a customer only their own), the feed per `watchOpsFeed`. */
export function liveAccessOf(caller: Caller, owners: OrderOwners): LiveAccess {
  return {
    canWatchOrder: async (orderId) =>
      roleAllowed(caller.role, ROUTE_ROLES.watchOrder) && (await owners.reaches(caller, orderId)),
    canWatchOpsFeed: () => roleAllowed(caller.role, ROUTE_ROLES.watchOpsFeed),
    ...(caller.expiresAt === undefined ? {} : { expiresAt: caller.expiresAt }),
  };
}

/**
 * Who opens a websocket: in tokens mode the `token` query parameter of the upgrade (browsers
 * cannot set headers on a websocket), refused with 401 when missing or not valid; behind a
 * trusted proxy, its identity headers.
 */
export function liveAuthenticator(
  auth: AuthOptions,
  owners: OrderOwners,
  now: () => Date = () => new Date(),
): LiveAuthenticator {
  return (request) => {
    if (auth.mode === 'trusted-headers') return liveAccessOf(callerFromHeaders(request.headers), owners);
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? undefined;
    const authenticated = callerFromToken(auth.secrets, token, now());
    return authenticated.ok ? liveAccessOf(authenticated.caller, owners) : undefined;
  };
}
