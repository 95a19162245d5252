/**
 * A typed refusal of a command. Codes are stable (`order.not-cancellable`); the HTTP layer
 * maps each code's kind to one status in one place.
 */
export interface Rejection<Code extends string = string> {
  readonly kind: 'rejection';
  readonly code: Code;
  readonly message: string;
  /** Why, in data: the state the order was in, what is allowed now, the offending field. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Builds a rejection. */
export function reject<Code extends string>(
  code: Code,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): Rejection<Code> {
  return details === undefined ? { kind: 'rejection', code, message } : { kind: 'rejection', code, message, details };
}

/** True when a decide result is a rejection rather than events. */
export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'rejection';
}
