import type { AllSubscription, RecordedEvent } from '@ordinal/domain';

/** A page of the log read for a subscription. */
export interface LogPage {
  readonly events: readonly RecordedEvent[];
  /** Every position up to here has been looked at (matching or not); the next read starts after it. */
  readonly scannedTo: number;
}

/** What a subscription needs from its store. */
export interface LogSource {
  /** Reads up to `limit` matching events strictly after `after`, synchronously. */
  readPage(after: number, limit: number, prefixes: readonly string[] | undefined): LogPage;
  /** Forgets a subscription that has ended. */
  release(subscription: PollingAllSubscription): void;
}

const PAGE_SIZE = 500;

/**
 * A catch-up subscription over a log whose positions become visible in increasing order: it
 * reads pages after the last position it delivered, and when a read comes back empty it sleeps
 * until the store says something may have changed (its own commit, another connection's commit
 * seen by polling, or close). A wake-up that finds nothing new just sleeps again.
 */
export class PollingAllSubscription implements AllSubscription {
  readonly #source: LogSource;
  readonly #prefixes: readonly string[] | undefined;
  #after: number;
  #closed = false;
  #wake: (() => void) | undefined;
  #iterator: AsyncGenerator<RecordedEvent, void, undefined> | undefined;

  constructor(source: LogSource, afterPosition: number, prefixes: readonly string[] | undefined) {
    this.#source = source;
    this.#after = afterPosition;
    this.#prefixes = prefixes;
  }

  /** One cursor per subscription: iterating it twice continues where the first loop left off. */
  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    this.#iterator ??= this.#run();
    return this.#iterator;
  }

  /** Tells a sleeping subscription that new events may be there. */
  notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#source.release(this);
    this.notify();
  }

  async *#run(): AsyncGenerator<RecordedEvent, void, undefined> {
    try {
      while (!this.#closed) {
        const page = this.#source.readPage(this.#after, PAGE_SIZE, this.#prefixes);
        this.#after = Math.max(this.#after, page.scannedTo);
        if (page.events.length === 0) {
          // Registered in the same synchronous step as the empty read, so no commit can slip
          // between the two unnoticed.
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
          continue;
        }
        for (const event of page.events) {
          if (this.#closed) return;
          yield event;
        }
      }
    } finally {
      // A `for await` that breaks (or throws) lands here through the generator's return().
      await this.close();
    }
  }
}
