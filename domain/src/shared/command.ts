import type { ActorRef } from './actor.ts';
import type { ImportProvenance, RecordedEvent } from './event.ts';
import type { Rejection } from './rejection.ts';

/** What travels with every command: identity for idempotency, tracing and attribution. */
export interface CommandMetadata {
  /** Unique per logical command; a retry carries the same id (e.g. the Idempotency-Key). */
  readonly commandId: string;
  readonly correlationId: string;
  /** What caused the command (an event id, another command); defaults to the command id. */
  readonly causationId?: string;
  readonly actor: ActorRef;
  readonly channel?: string;
  /** Business time of the command when it is not "now" (imports carry the source's time). */
  readonly occurredAt?: string;
  /** Versions of the definitions the command was built with, by stream: `{ 'channel-mapping-tmall': 2 }`. */
  readonly inputVersions?: Readonly<Record<string, number>>;
  /**
   * Set by a bulk import of history: the events record it, and the command is decided at its
   * `occurredAt` (the source's time) instead of the host's clock.
   */
  readonly import?: ImportProvenance;
}

/** A command with its metadata, as handed to the actor host. */
export interface CommandEnvelope<C extends { readonly type: string } = { readonly type: string }> {
  readonly command: C;
  readonly metadata: CommandMetadata;
}

/** What the actor host answers for a command: the events it recorded, or why it refused. */
export type CommandOutcome =
  | {
      readonly status: 'accepted';
      readonly streamId: string;
      /** The stream's revision after the command. */
      readonly revision: number;
      readonly events: readonly RecordedEvent[];
      /** True when this is a retry of a command already recorded: the original answer. */
      readonly duplicate: boolean;
    }
  | {
      readonly status: 'rejected';
      readonly rejection: Rejection;
      /** The stream's revision the refusal was decided on. */
      readonly revision: number;
      /** True when this is a retry of a command refused before: the original refusal. */
      readonly duplicate?: boolean;
    };

/** Executes commands against aggregates (the actor host implements it). */
export interface CommandExecutor<C extends { readonly type: string } = { readonly type: string }> {
  execute(envelope: CommandEnvelope<C>): Promise<CommandOutcome>;
}
