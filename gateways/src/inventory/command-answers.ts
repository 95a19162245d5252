import type { CommandOutcome } from '@ordinal/domain';
import type { FastifyReply } from 'fastify';
import { errorResponses, rejectionError } from '../http/errors.ts';
import { eventView } from '../orders/order-views.ts';

const REPLAYED = { 'idempotent-replayed': 'true' } as const;

/** Error answers of a command route. */
export const COMMAND_ERRORS = errorResponses(400, 404, 409, 413, 415, 422, 429);

/** An accepted command's outcome. */
export type Accepted = Extract<CommandOutcome, { status: 'accepted' }>;

/**
 * The accepted outcome, or the refusal thrown as its error answer. A replay (the same
 * Idempotency-Key again) answers as the first time; the header tells it apart.
 */
export function acceptedOutcome(outcome: CommandOutcome, reply: FastifyReply): Accepted {
  if (outcome.status === 'rejected') throw rejectionError(outcome.rejection, outcome.duplicate ? REPLAYED : {});
  if (outcome.duplicate) reply.headers(REPLAYED);
  return outcome;
}

/** The body of a command's answer: the stream's revision after it and the events it recorded. */
export function commandResult(outcome: Accepted) {
  return { revision: outcome.revision, events: outcome.events.map(eventView) };
}
