/** The shortest wait a refused caller is told: Retry-After counts whole seconds, and 0 invites a storm. */
export const MIN_RETRY_AFTER_MS = 1_000;
/** The longest wait a refused caller is told: past this, an estimate says more about a stall than a queue. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** An estimated wait rounded up to whole seconds and clamped to 1–30 s (no estimate counts as 1 s). */
export function retryAfterMs(estimateMs: number): number {
  if (Number.isNaN(estimateMs)) return MIN_RETRY_AFTER_MS;
  const rounded = Math.ceil(estimateMs / 1_000) * 1_000;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, rounded));
}

// Each new sample moves a mean a fifth of the way: a burst shows within a few tasks, noise fades.
const WEIGHT = 0.2;

/**
 * How fast recent work got done, as exponentially weighted means of two times: how long one
 * task ran (its own run, not its wait in a queue), and the gap between completions while work
 * was queued (the inverse of the throughput under load; idle time does not count, so a quiet
 * night does not make the next peak look slow). Tells a refused caller when to come back.
 */
export class ServicePace {
  readonly #now: () => number;
  #busySince: number | undefined;
  #lastDoneAt = Number.NEGATIVE_INFINITY;
  #taskMs: number | undefined;
  #gapMs: number | undefined;

  /** `now` is a monotonic clock in milliseconds (performance.now by default). */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Call when work is queued, with the amount queued before it. */
  queued(before: number): void {
    if (before === 0) this.#busySince = this.#now();
  }

  /** Call when a task starts running; hand the value to `finished`. */
  started(): number {
    return this.#now();
  }

  /** Call when a task that started at `startedAt` has finished, whatever its outcome. */
  finished(startedAt: number): void {
    const now = this.#now();
    this.#taskMs = mean(this.#taskMs, now - startedAt);
    const since = Math.max(this.#lastDoneAt, this.#busySince ?? startedAt);
    this.#gapMs = mean(this.#gapMs, now - since);
    this.#lastDoneAt = now;
  }

  /** The wait for `ahead` tasks served as recently, concurrently (a host's whole queue). */
  drainMs(ahead: number): number {
    return retryAfterMs(ahead * (this.#gapMs ?? 0));
  }

  /** The wait for `ahead` tasks served one after the other (one entity's mailbox, batches). */
  serialDrainMs(ahead: number): number {
    return retryAfterMs(ahead * (this.#taskMs ?? 0));
  }
}

function mean(previous: number | undefined, sample: number): number {
  const value = Math.max(0, sample);
  return previous === undefined ? value : previous + WEIGHT * (value - previous);
}
