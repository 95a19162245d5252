import {
  COMMAND_REJECTED,
  COMMAND_REJECTED_SCHEMA_VERSION,
  type CommandEnvelope,
  type CommandRejected,
  type CommandRejectedData,
  commandStreamId,
  DuplicateEventIdError,
  type EventStore,
  type RecordedEvent,
  type Rejection,
  WrongExpectedRevisionError,
} from '@ordinal/domain';
import { toEvents } from './command-events.ts';

/** A refusal as decided, before it is recorded. */
export interface Refusal {
  readonly targetStreamId: string;
  /** The target stream's revision the decision was taken on. */
  readonly revision: number;
  readonly rejection: Rejection;
  readonly commandHash: string;
  /** The clock reading of the decision (ISO 8601). */
  readonly now: string;
}

/** The refusal a command stream holds, and whether an earlier attempt had written it. */
export interface StoredRefusal {
  readonly data: CommandRejectedData;
  readonly duplicate: boolean;
}

/**
 * The `CommandRejected` event of a refusal. Its id is the one the command's first event would
 * have had, so the store's unique event ids let a command be either accepted or refused, never
 * both, even when two processes decide it at once.
 */
export function commandRejectedEvent(envelope: CommandEnvelope, refusal: Refusal): CommandRejected {
  const { code, message, details } = refusal.rejection;
  const data: CommandRejectedData = {
    targetStreamId: refusal.targetStreamId,
    commandType: envelope.command.type,
    commandHash: refusal.commandHash,
    rejection: details === undefined ? { code, message } : { code, message, details },
    revision: refusal.revision,
  };
  const [event] = toEvents([{ type: COMMAND_REJECTED, data }], envelope, {
    now: refusal.now,
    commandHash: refusal.commandHash,
    schemaVersionOf: () => COMMAND_REJECTED_SCHEMA_VERSION,
  });
  const { commandId } = envelope.metadata;
  // The refusal is caused by the command itself, whatever caused the command.
  return { ...event!, data, metadata: { ...event!.metadata, causationId: commandId } };
}

/** The refusal recorded for a command id, or undefined when it was never refused. */
export async function findRefusal(store: EventStore, commandId: string): Promise<CommandRejectedData | undefined> {
  const [first] = await store.readStream(commandStreamId(commandId), { maxCount: 1 });
  return first === undefined ? undefined : refusalIn(first);
}

/**
 * Records a refusal once per command id. Answers the refusal the stream holds — this one, or
 * the one a concurrent attempt wrote first — or `id-taken` when the command's first event id
 * is stored in another stream (the command was accepted somewhere).
 */
export async function recordRefusal(store: EventStore, event: CommandRejected): Promise<StoredRefusal | 'id-taken'> {
  const commandId = event.metadata.commandId ?? '';
  try {
    const result = await store.append(commandStreamId(commandId), [event], 'no-stream');
    const [recorded] = result.events;
    if (recorded === undefined) throw new Error(`the append to ${result.streamId} returned no event`);
    return { data: refusalIn(recorded), duplicate: result.duplicate };
  } catch (error) {
    if (error instanceof DuplicateEventIdError) return 'id-taken';
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    // Another attempt of the same command id recorded its refusal first: that one is the answer.
    const data = await findRefusal(store, commandId);
    if (data === undefined) throw error;
    return { data, duplicate: true };
  }
}

/** The data of a command stream's event; anything but a CommandRejected there is corruption. */
function refusalIn(event: RecordedEvent): CommandRejectedData {
  const data = event.data as Partial<CommandRejectedData> | null;
  const rejection = data?.rejection as Partial<Rejection> | undefined;
  const wellFormed =
    event.type === COMMAND_REJECTED &&
    typeof data?.targetStreamId === 'string' &&
    typeof data.commandHash === 'string' &&
    typeof data.revision === 'number' &&
    typeof rejection?.code === 'string' &&
    typeof rejection.message === 'string';
  if (!wellFormed) throw new Error(`${event.streamId} holds a ${event.type}, not a well-formed ${COMMAND_REJECTED}`);
  return data as CommandRejectedData;
}
