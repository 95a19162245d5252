import type { EventStore } from '@ordinal/domain';
import { LogFollower, type LogFollowerHandlers } from './log-follower.ts';

/** What a timed process follows, and what it does every `intervalMs`. */
export interface ScheduledFollowerOptions {
  readonly events: Pick<EventStore, 'readAll' | 'headPosition' | 'subscribeAll'>;
  readonly streamPrefixes: readonly string[];
  /** As for LogFollower; `onCaughtUp` finishes before rounds may run. */
  readonly handlers: LogFollowerHandlers;
  /** How often a round runs (0: never by itself; `round()` still runs one). */
  readonly intervalMs: number;
  /** One round's work; returns how many things it asked for. */
  readonly round: () => Promise<number>;
}

/**
 * A LogFollower with rounds on a timer, for the processes that act on what is due at the clock's
 * `now`. A round does nothing before the log as it was at start has been read, nor once stopping;
 * a round asked for while one runs joins it, so the timer never doubles one.
 */
export class ScheduledFollower {
  readonly #options: ScheduledFollowerOptions;
  #follower: LogFollower | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #round: Promise<number> | undefined;
  #caughtUp = false;
  #stopped = false;

  constructor(options: ScheduledFollowerOptions) {
    this.#options = options;
  }

  /** Starts following and the timer. */
  start(): void {
    const { events, streamPrefixes, handlers, intervalMs } = this.#options;
    this.#follower = new LogFollower(events, streamPrefixes, {
      onEvent: handlers.onEvent,
      onCaughtUp: async () => {
        await handlers.onCaughtUp?.();
        this.#caughtUp = true;
      },
    });
    this.#follower.start();
    if (intervalMs > 0) {
      this.#timer = setInterval(() => void this.round(), intervalMs);
      this.#timer.unref?.();
    }
  }

  /** Stops the timer, waits for the round in progress, then stops following. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.#round?.catch(() => {});
    await this.#follower?.stop();
  }

  /** Whether the log as it was at start has been read and its `onCaughtUp` done. */
  get caughtUp(): boolean {
    return this.#caughtUp;
  }

  /** Whether `stop` was called; a round checks it between the things it sends. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** One round now, or the one already running; 0 before catching up or once stopped. */
  round(): Promise<number> {
    this.#round ??= (!this.#caughtUp || this.#stopped ? Promise.resolve(0) : this.#options.round()).finally(() => {
      this.#round = undefined;
    });
    return this.#round;
  }
}
