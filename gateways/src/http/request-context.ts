import type { IncomingMessage } from 'node:http';
import { type ActorRef, type CommandMetadata, ROLES } from '@ordinal/domain';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { callerFromHeaders } from '../auth/auth.identity.ts';

const CORRELATION_ID = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$';
const correlationPattern = new RegExp(CORRELATION_ID);

const identity = {
  'x-ordinal-actor-id': Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$', description: 'The person acting.' }),
  ),
  'x-ordinal-role': Type.Optional(Type.Enum(ROLES, { description: 'The role acting (default integration).' })),
  'x-correlation-id': Type.Optional(
    Type.String({ pattern: CORRELATION_ID, description: 'Ties the request to its events; echoed back.' }),
  ),
};

// Headers are open by nature: only the ones named are checked.
const OPEN = { additionalProperties: true } as const;

/**
 * Headers every order route reads. Behind a proxy that authenticates (`trusted-headers`), they
 * say who is calling and are validated so nothing odd lands in event metadata; with tokens they
 * are ignored.
 */
export const ApiHeaders = Type.Object(identity, OPEN);

/** The headers of a command route: identity plus the Idempotency-Key. */
export const CommandHeaders = Type.Object(
  {
    ...identity,
    'idempotency-key': Type.Optional(
      Type.String({
        pattern: '^[\\x21-\\x7e]{1,200}$',
        description: 'Makes a command safe to retry: the same key and body give the first answer.',
      }),
    ),
  },
  OPEN,
);

/** The correlation id of a raw request: the caller's if well-formed, else a new one. */
export function correlationIdFor(newId: () => string): (raw: IncomingMessage) => string {
  return (raw) => {
    const given = raw.headers['x-correlation-id'];
    return typeof given === 'string' && correlationPattern.test(given) ? given : newId();
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Who is acting: the caller the auth guard identified (a token's user with its role and
 * subject, or the trusted identity headers, where no role header means the integration role).
 */
export function actorOf(request: FastifyRequest): ActorRef {
  return (request.caller ?? callerFromHeaders(request.headers)).actor;
}

/** The Idempotency-Key header, when the caller sent one. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  return header(request, 'idempotency-key');
}

/** Metadata for a command sent by this request. */
export function commandMetadata(request: FastifyRequest, commandId: string, channel?: string): CommandMetadata {
  const base = { commandId, correlationId: request.id, actor: actorOf(request) };
  return channel === undefined ? base : { ...base, channel };
}
