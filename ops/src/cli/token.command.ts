import { ROLES, type Role } from '@ordinal/domain';
import { tokenFor } from '../auth/client-auth.ts';
import type { OrdinalConfig } from '../config/config.ts';

export const TOKEN_USAGE = `Usage: ordinal token --role <role> [--sub <id>] [--order <orderId>] [--ttl 8h]

Prints a bearer token for the API and the websocket, signed with the configured secret
(ORDINAL_AUTH_SECRETS, or the embedded profile's <data dir>/auth-secret).
  --role    one of ${ROLES.join(', ')}
  --sub     who: the customer's id for a customer (required), a person's id for staff
            (default: the role's name); recorded as the actor of every command sent with it
  --order   a customer token for this one order only (a tracking link)
  --ttl     how long it is valid: 90s, 30m, 8h, 7d (default 8h)

  TOKEN=$(npm run -s ordinal -- token --role admin)
  curl -H "authorization: Bearer $TOKEN" http://127.0.0.1:8080/orders`;

export interface TokenArgs {
  readonly role?: string | undefined;
  readonly sub?: string | undefined;
  readonly order?: string | undefined;
  readonly ttl?: string | undefined;
}

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A duration such as `90s`, `30m`, `8h`, `7d` (or plain seconds) in seconds; undefined when unreadable. */
export function parseTtl(raw: string): number | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(raw.trim());
  if (match === null) return undefined;
  const seconds = Number(match[1]) * (UNITS[match[2] || 's'] ?? 1);
  return Number.isSafeInteger(seconds) && seconds > 0 ? seconds : undefined;
}

/** What is wrong with the arguments, or the identity and lifetime of the token to print. */
function request(args: TokenArgs): string | { role: Role; sub?: string; orderId?: string; ttlSeconds: number } {
  const role = ROLES.find((r) => r === args.role);
  if (role === undefined) return `--role must be one of ${ROLES.join(', ')}${args.role ? `, not ${args.role}` : ''}`;
  if (role === 'customer' && args.sub === undefined) return 'a customer token needs --sub <customer id>';
  if (args.order !== undefined && role !== 'customer') return '--order narrows a customer token only';
  const ttlSeconds = parseTtl(args.ttl ?? '8h');
  if (ttlSeconds === undefined) return `--ttl ${args.ttl}: give a duration such as 90s, 30m, 8h or 7d`;
  return {
    role,
    ttlSeconds,
    ...(args.sub === undefined ? {} : { sub: args.sub }),
    ...(args.order === undefined ? {} : { orderId: args.order }),
  };
}

/** `ordinal token`: prints a signed token on stdout (and nothing else, so it can be captured). */
export function runToken(config: OrdinalConfig, args: TokenArgs): number {
  const wanted = request(args);
  if (typeof wanted === 'string') {
    console.error(`${wanted}\n\n${TOKEN_USAGE}`);
    return 2;
  }
  const { ttlSeconds, ...who } = wanted;
  try {
    console.log(tokenFor(config, who, ttlSeconds));
  } catch (error) {
    // A subject the token format cannot carry: say which.
    if (!(error instanceof Error) || error.name === 'ConfigError') throw error;
    console.error(`${error.message}\n\n${TOKEN_USAGE}`);
    return 2;
  }
  return 0;
}
