/** The rejection code for a command id reused with another body (or on another aggregate). */
export const IDEMPOTENCY_CONFLICT = 'command.idempotency-conflict';

/** An aggregate's mailbox holds as many commands as it may; the command was not queued. */
export class MailboxFullError extends Error {
  override readonly name = 'MailboxFullError';
  readonly code = 'host.mailbox-full';
  constructor(
    readonly entityId: string,
    readonly capacity: number,
  ) {
    super(`the mailbox of ${entityId} already holds ${capacity} commands`);
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
