import type { ActorRef } from './actor.ts';

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
}

/** A command with its metadata, as handed to the actor host. */
export interface CommandEnvelope<C extends { readonly type: string } = { readonly type: string }> {
  readonly command: C;
  readonly metadata: CommandMetadata;
}
