/**
 * How late the event loop is running, measured by a timer that should fire every `intervalMs`.
 *
 * A request is only read when the loop comes round to it, so when the loop is late every
 * request waits, whatever the command queues hold. The delay is the mean lateness of the last
 * `window` ticks, counting the tick now due as one of them with how overdue it already is: that
 * part needs no timer to have fired, so a long loop iteration (a burst of requests read in one
 * poll phase) is seen by the requests read during it. A single stall (a garbage collection, a
 * first compile) is diluted by the window; a loop that is late turn after turn is not.
 */
export class EventLoopPressure {
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #lags: number[];
  #next = 0;
  #due = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: { readonly intervalMs?: number; readonly window?: number; readonly now?: () => number } = {}) {
    this.#intervalMs = options.intervalMs ?? 10;
    this.#now = options.now ?? (() => performance.now());
    if (!(this.#intervalMs >= 1)) throw new RangeError(`intervalMs must be ≥ 1, got ${this.#intervalMs}`);
    const window = options.window ?? 2;
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be an integer ≥ 1, got ${window}`);
    // The tick now due is one of the window; the others are the last ones that fired.
    this.#lags = new Array<number>(window - 1).fill(0);
  }

  /** Starts measuring; the timer does not keep the process alive. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#lags.fill(0);
    this.#schedule();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Milliseconds the loop is behind now (0 when stopped). */
  delayMs(): number {
    if (this.#timer === undefined) return 0;
    const overdue = Math.max(0, this.#now() - this.#due);
    let sum = overdue;
    for (const lag of this.#lags) sum += lag;
    return sum / (this.#lags.length + 1);
  }

  #schedule(): void {
    this.#due = this.#now() + this.#intervalMs;
    this.#timer = setTimeout(() => {
      if (this.#lags.length > 0) {
        this.#lags[this.#next] = Math.max(0, this.#now() - this.#due);
        this.#next = (this.#next + 1) % this.#lags.length;
      }
      this.#schedule();
    }, this.#intervalMs);
    this.#timer.unref();
  }
}
