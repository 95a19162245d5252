/**
 * Polls until the check passes (returns without throwing) or the time is up, then rethrows
 * its last failure. For waiting on asynchronous delivery, never for measuring speed.
 */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000, intervalMs = 5): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
