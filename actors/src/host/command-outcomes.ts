import {
  type CommandOutcome,
  type CommandRejectedData,
  type EventStore,
  type RecordedEvent,
  type Rejection,
  reject,
} from '@ordinal/domain';
import { IDEMPOTENCY_CONFLICT } from './host.errors.ts';
import type { CommandRecord } from './live-aggregate.ts';

/** The command being executed, as idempotency sees it. */
export interface AskedCommand {
  readonly streamId: string;
  readonly commandId: string;
  /** `commandHash` of the command's body. */
  readonly hash: string;
}

/** An accepted outcome. */
export function accepted(
  streamId: string,
  revision: number,
  events: readonly RecordedEvent[],
  duplicate: boolean,
): CommandOutcome {
  return { status: 'accepted', streamId, revision, events, duplicate };
}

/** A rejected outcome; `duplicate` only appears on the replay of an earlier refusal. */
export function rejected(rejection: Rejection, revision: number, duplicate = false): CommandOutcome {
  return duplicate
    ? { status: 'rejected', rejection, revision, duplicate }
    : { status: 'rejected', rejection, revision };
}

/** The rejection of a command id reused with another body, or for another stream. */
export function idempotencyConflict(commandId: string, why: string): Rejection {
  return reject(IDEMPOTENCY_CONFLICT, `command id ${commandId} was already ${why}`, { commandId });
}

/**
 * The answer for a command id found in the aggregate's stream: the original events, re-read
 * from the store, or a conflict when the id came with another body.
 */
export async function acceptedBefore(
  store: EventStore,
  asked: AskedCommand,
  recorded: CommandRecord,
  revisionNow: number,
): Promise<CommandOutcome> {
  const { streamId, commandId, hash } = asked;
  if (recorded.commandHash !== undefined && recorded.commandHash !== hash) {
    return rejected(idempotencyConflict(commandId, `recorded in ${streamId} with another body`), revisionNow);
  }
  const events = await store.readStream(streamId, {
    fromRevision: recorded.firstRevision,
    maxCount: recorded.lastRevision - recorded.firstRevision + 1,
  });
  return accepted(streamId, recorded.lastRevision, events, true);
}

/**
 * The answer a recorded refusal gives: the same rejection on the revision it was decided on,
 * for the same body and stream; a conflict for another body or another stream.
 */
export function refusalOutcome(
  data: CommandRejectedData,
  duplicate: boolean,
  asked: AskedCommand,
  revisionNow: number,
): CommandOutcome {
  const { streamId, commandId, hash } = asked;
  if (data.targetStreamId !== streamId) {
    return rejected(idempotencyConflict(commandId, `refused for ${data.targetStreamId}`), revisionNow);
  }
  if (data.commandHash !== hash) {
    return rejected(idempotencyConflict(commandId, `refused for ${streamId} with another body`), revisionNow);
  }
  const { code, message, details } = data.rejection;
  return rejected(reject(code, message, details), data.revision, duplicate);
}
