import type { DomainEvent } from './event.ts';

/** The stream category of command streams: `command-<commandId>`. */
export const COMMAND_STREAM_CATEGORY = 'command';

/** The type of the event that records a refused command. */
export const COMMAND_REJECTED = 'CommandRejected';

/** Schema version of `CommandRejected` data. */
export const COMMAND_REJECTED_SCHEMA_VERSION = 1;

/** A refusal as recorded: the rejection without its `kind` tag, as JSON. */
export interface RecordedRejection {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What `CommandRejected` records: which command was refused, where, why, and on which revision. */
export interface CommandRejectedData {
  /** The aggregate stream the command addressed (`order-…`); nothing was written to it. */
  readonly targetStreamId: string;
  readonly commandType: string;
  /** SHA-256 of the command's canonical JSON, as in the metadata of accepted events. */
  readonly commandHash: string;
  readonly rejection: RecordedRejection;
  /** The target stream's revision the refusal was decided on. */
  readonly revision: number;
}

/**
 * The one event of a command stream: the command was refused. A retry with the same command id
 * gets this refusal again instead of a fresh decision; auditors see every refused attempt.
 */
export type CommandRejected = DomainEvent<typeof COMMAND_REJECTED, CommandRejectedData>;

/** The stream that remembers a refused command: `command-<commandId>`. */
export function commandStreamId(commandId: string): string {
  return `${COMMAND_STREAM_CATEGORY}-${commandId}`;
}
