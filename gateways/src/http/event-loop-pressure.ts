/**
 * The lateness of the last ticks of a timer, and the mean of them with the tick now due: the
 * arithmetic of EventLoopPressure, apart from the timer so it can be reasoned about exactly.
 */
export class LagWindow {
  readonly #lags: number[];
  #next = 0;

  /** `size` ticks in the window, the one now due included (so `size - 1` are remembered). */
  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`window must be an integer ≥ 1, got ${size}`);
    this.#lags = new Array<number>(size - 1).fill(0);
  }

  /** A tick fired `lagMs` after it was due. */
  record(lagMs: number): void {
    if (this.#lags.length === 0) return;
    this.#lags[this.#next] = Math.max(0, lagMs);
    this.#next = (this.#next + 1) % this.#lags.length;
  }

  /** The mean lateness of the remembered ticks and of the tick now due, `overdueMs` late so far. */
  meanWith(overdueMs: number): number {
    let sum = Math.max(0, overdueMs);
    for (const lag of this.#lags) sum += lag;
    return sum / this.size;
  }

  clear(): void {
    this.#lags.fill(0);
  }
}

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
  readonly #window: LagWindow;
  #due = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: { readonly intervalMs?: number; readonly window?: number; readonly now?: () => number } = {}) {
    this.#intervalMs = options.intervalMs ?? 10;
    this.#now = options.now ?? (() => performance.now());
    if (!(this.#intervalMs >= 1)) throw new RangeError(`intervalMs must be ≥ 1, got ${this.#intervalMs}`);
    this.#window = new LagWindow(options.window ?? 2);
  }

  /** Starts measuring; the timer does not keep the process alive. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#window.clear();
    this.#schedule();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Milliseconds the loop is behind now (0 when stopped). */
  delayMs(): number {
    if (this.#timer === undefined) return 0;
    return this.#window.meanWith(this.#now() - this.#due);
  }

  #schedule(): void {
    this.#due = this.#now() + this.#intervalMs;
    this.#timer = setTimeout(() => {
      this.#window.record(this.#now() - this.#due);
      this.#schedule();
    }, this.#intervalMs);
    this.#timer.unref();
  }
}
