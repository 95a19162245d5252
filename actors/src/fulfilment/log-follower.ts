import type { AllSubscription, EventStore, RecordedEvent } from '@ordinal/domain';

const PAGE_SIZE = 500;

/** What a process does with the part of the log it follows. */
export interface LogFollowerHandlers {
  /** Every matching event in log order: those already there at start (`live` false), then each new one. */
  readonly onEvent: (event: RecordedEvent, live: boolean) => Promise<void> | void;
  /** Once, when every matching event that was in the log at start has been seen. */
  readonly onCaughtUp?: () => Promise<void> | void;
}

/**
 * Reads the matching events up to the log's head as of the start, says so, then follows new
 * ones. The head is where the whole log ended, so "caught up" does not depend on the last event
 * being one of the followed streams (a filtered subscription alone never sees that position).
 */
export class LogFollower {
  readonly #events: Pick<EventStore, 'readAll' | 'headPosition' | 'subscribeAll'>;
  readonly #prefixes: readonly string[];
  readonly #handlers: LogFollowerHandlers;
  #subscription: AllSubscription | undefined;
  #running: Promise<void> | undefined;
  #closed = false;
  /** The log position the handlers have seen up to (the head at start, once caught up). */
  #position = 0;
  readonly #waiting: { readonly position: number; readonly resolve: () => void }[] = [];
  readonly #caughtUp: Promise<void>;
  #markCaughtUp: () => void = () => {};

  constructor(
    events: Pick<EventStore, 'readAll' | 'headPosition' | 'subscribeAll'>,
    streamPrefixes: readonly string[],
    handlers: LogFollowerHandlers,
  ) {
    this.#events = events;
    this.#prefixes = streamPrefixes;
    this.#handlers = handlers;
    this.#caughtUp = new Promise((resolve) => {
      this.#markCaughtUp = resolve;
    });
  }

  /** Starts reading in the background; the handlers see the events from there on. */
  start(): void {
    this.#running ??= this.#run();
  }

  /**
   * Stops following and waits for the handler in progress; whoever waits in `reached` or
   * `caughtUp` is let go, so nothing waits forever on a follower that will read no more.
   */
  async stop(): Promise<void> {
    this.#closed = true;
    await this.#subscription?.close();
    await this.#running?.catch(() => {});
    for (const waiter of this.#waiting.splice(0)) waiter.resolve();
    this.#markCaughtUp();
  }

  /** Resolves once `onCaughtUp` is done, or once the follower is stopped. */
  caughtUp(): Promise<void> {
    return this.#caughtUp;
  }

  /**
   * Resolves once the handlers have seen the log up to `position` (an event of a followed
   * stream, or anything before the head at start), or the follower is stopped.
   */
  reached(position: number): Promise<void> {
    if (this.#closed || position <= this.#position) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push({ position, resolve }));
  }

  #advance(position: number): void {
    if (position <= this.#position) return;
    this.#position = position;
    for (let i = this.#waiting.length - 1; i >= 0; i -= 1) {
      const waiter = this.#waiting[i];
      if (waiter !== undefined && waiter.position <= position) {
        this.#waiting.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  async #run(): Promise<void> {
    const head = await this.#events.headPosition();
    let after = 0;
    while (!this.#closed && after < head) {
      const page = await this.#events.readAll({
        afterPosition: after,
        maxCount: PAGE_SIZE,
        streamPrefixes: this.#prefixes,
      });
      for (const event of page) {
        if (this.#closed || event.position > head) break;
        await this.#handlers.onEvent(event, false);
        after = event.position;
        this.#advance(after);
      }
      if (page.length < PAGE_SIZE || (page.at(-1)?.position ?? head) > head) break;
    }
    if (this.#closed) return;
    await this.#handlers.onCaughtUp?.();
    this.#markCaughtUp();
    this.#advance(head);
    if (this.#closed) return;
    const subscription = this.#events.subscribeAll({ afterPosition: head, streamPrefixes: this.#prefixes });
    this.#subscription = subscription;
    for await (const event of subscription) {
      await this.#handlers.onEvent(event, true);
      this.#advance(event.position);
    }
  }
}
