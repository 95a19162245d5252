/** Prefix of the reason given when an apply kept failing. */
export const APPLY_FAILED_REASON = 'projection.apply-failed';

/** Why an event was parked after its last delivery failed. */
export function applyFailedReason(deliveryCount: number, error: unknown): string {
  return `${APPLY_FAILED_REASON}: ${deliveryCount} deliveries, last error: ${describeError(error)}`;
}

/** Why a parked event stays parked after a retry. */
export function retryFailedReason(error: unknown): string {
  return `${APPLY_FAILED_REASON}: retry failed: ${describeError(error)}`;
}

/** An error as an operator reads it: the driver's code (`SQLITE_BUSY`) and the message. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
}
