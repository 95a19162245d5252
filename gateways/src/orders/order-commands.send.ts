import type { CommandExecutor, OrderCommand, Rejection } from '@ordinal/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rejectionError } from '../http/errors.ts';
import { commandMetadata, idempotencyKeyOf } from '../http/request-context.ts';
import { eventView } from './order-views.ts';

/** What a route needs to send an order command on the caller's behalf. */
export interface CallerCommandContext {
  readonly orders: CommandExecutor<OrderCommand>;
  readonly newId: () => string;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/**
 * Sends `command` as the caller (command id from the Idempotency-Key, else a new one) and
 * answers the revision and events it recorded; a refusal is thrown as its error answer, after
 * `inBodyTerms` has said it in the route's own field names. A replay is marked by a header.
 */
export async function sendAsCaller(
  { orders, newId, request, reply }: CallerCommandContext,
  command: OrderCommand,
  inBodyTerms: (rejection: Rejection) => Rejection = (rejection) => rejection,
) {
  const commandId = idempotencyKeyOf(request) ?? newId();
  const outcome = await orders.execute({ command, metadata: commandMetadata(request, commandId) });
  if (outcome.status === 'rejected') throw rejectionError(inBodyTerms(outcome.rejection));
  if (outcome.duplicate) reply.headers({ 'idempotent-replayed': 'true' });
  return { revision: outcome.revision, events: outcome.events.map(eventView) };
}
