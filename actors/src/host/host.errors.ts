/** The rejection code for a command id reused with another body (or on another aggregate). */
export const IDEMPOTENCY_CONFLICT = 'command.idempotency-conflict';

/**
 * An aggregate's mailbox holds as many commands as it may; the command was not queued. Retry
 * after `retryAfterMs` (the host estimates how long the commands ahead take; 1 s without one).
 */
export class MailboxFullError extends Error {
  override readonly name = 'MailboxFullError';
  readonly code = 'host.mailbox-full';
  constructor(
    readonly entityId: string,
    readonly capacity: number,
    readonly retryAfterMs = 1_000,
  ) {
    super(`the mailbox of ${entityId} already holds ${capacity} commands`);
  }
}

/**
 * The host has as many commands waiting or running, across all entities, as it may take
 * (`maxPendingCommands`); the command was not queued. Retry after `retryAfterMs`.
 */
export class HostOverloadedError extends Error {
  override readonly name = 'HostOverloadedError';
  readonly code = 'host.overloaded';
  constructor(
    readonly pending: number,
    readonly limit: number,
    readonly retryAfterMs: number,
  ) {
    super(`the actor host already has ${pending} commands pending (limit ${limit})`);
  }
}

/**
 * Other writers kept appending to the stream first, through every retry. Carries the latest
 * state in words (`decider.describe`) so the caller can answer 409 with what is allowed now.
 */
export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';
  readonly code = 'host.concurrency-conflict';
  constructor(
    readonly streamId: string,
    readonly revision: number,
    readonly state: Readonly<Record<string, unknown>>,
    readonly attempts: number,
  ) {
    super(`stream ${streamId} kept changing during ${attempts} attempts; now at revision ${revision}`);
  }
}

/** The host was closed; it takes no more commands. */
export class HostClosedError extends Error {
  override readonly name = 'HostClosedError';
  readonly code = 'host.closed';
  constructor() {
    super('the actor host is closed');
  }
}
