/** Stable codes for bus misuse. */
export type BusErrorCode =
  | 'bus.closed'
  | 'bus.durable-in-use'
  | 'bus.invalid-options'
  /** The broker connection was lost and restored: re-publish from a checkpoint (see NatsBus). */
  | 'bus.reconnected';

/** A bus call that cannot be served. */
export class BusError extends Error {
  override readonly name = 'BusError';
  constructor(
    readonly code: BusErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The prefix of the reason the bus gives when it parks a message after too many deliveries. */
export const MAX_DELIVERIES_REASON = 'bus.max-deliveries';
