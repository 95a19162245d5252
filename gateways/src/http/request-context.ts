import type { IncomingMessage } from 'node:http';
import { type ActorRef, type CommandMetadata, ROLES, type Role } from '@ordinal/domain';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';

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
 * Headers every order route reads. Until authentication exists, the caller says who it is;
 * the values are validated so nothing odd lands in event metadata.
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

/** Who is acting, from the identity headers; an anonymous caller is the integration role. */
export function actorOf(request: FastifyRequest): ActorRef {
  const roleHeader = header(request, 'x-ordinal-role');
  const role: Role = ROLES.find((r) => r === roleHeader) ?? 'integration';
  const id = header(request, 'x-ordinal-actor-id');
  return id === undefined ? { kind: 'role', role } : { kind: 'user', id, role };
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
