import type { AllSubscription, RecordedEvent } from '@ordinal/domain';

/** What the adapter subscribes through: the client's `$all` subscription has this shape. */
export interface SubscriptionSource<T> extends AsyncIterable<T> {
  unsubscribe(): Promise<void>;
  destroy?(): void;
}

const CLOSED = Symbol('closed');

/**
 * Our AllSubscription over an EventStoreDB catch-up subscription (which reads what is stored,
 * then follows live writes). Delivers, in order, what `select` maps to an event strictly after
 * the last position delivered. Cancelling the client's subscription does not end its stream,
 * so a waiting `next()` is raced against `close()`.
 */
export class EsdbAllSubscription<T> implements AllSubscription {
  readonly #open: () => SubscriptionSource<T> | undefined;
  readonly #select: (item: T, after: number) => RecordedEvent | undefined;
  readonly #onClose: (subscription: EsdbAllSubscription<T>) => void;
  #source: SubscriptionSource<T> | undefined;
  #after: number;
  #closed = false;
  #signalClosed: (() => void) | undefined;
  readonly #whenClosed: Promise<typeof CLOSED>;
  #iterator: AsyncGenerator<RecordedEvent, void, undefined> | undefined;

  /**
   * `open` starts the client's subscription on first read (undefined: nothing can ever match,
   * so the subscription only waits for close); `onClose` lets the store forget it.
   */
  constructor(options: {
    readonly afterPosition: number;
    readonly open: () => SubscriptionSource<T> | undefined;
    readonly select: (item: T, after: number) => RecordedEvent | undefined;
    readonly onClose: (subscription: EsdbAllSubscription<T>) => void;
  }) {
    this.#after = options.afterPosition;
    this.#open = options.open;
    this.#select = options.select;
    this.#onClose = options.onClose;
    this.#whenClosed = new Promise((resolve) => {
      this.#signalClosed = () => resolve(CLOSED);
    });
  }

  /** One cursor per subscription: iterating it twice continues where the first loop left off. */
  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    this.#iterator ??= this.#run();
    return this.#iterator;
  }

  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#signalClosed?.();
    this.#onClose(this);
    const source = this.#source;
    this.#source = undefined;
    await source?.unsubscribe().catch(() => undefined);
    // Ends the client's stream object too, so nothing stays buffered in it. (Its iterator's
    // return() would wait for the pending read, which never comes.)
    source?.destroy?.();
  }

  async *#run(): AsyncGenerator<RecordedEvent, void, undefined> {
    try {
      if (this.#closed) return;
      this.#source = this.#open();
      const items = this.#source?.[Symbol.asyncIterator]();
      while (!this.#closed) {
        const pending = items === undefined ? undefined : items.next();
        // A read that fails after close (the cancelled call) must not surface as unhandled.
        pending?.catch(() => undefined);
        const next = await Promise.race(pending === undefined ? [this.#whenClosed] : [pending, this.#whenClosed]);
        if (next === CLOSED || next.done === true || this.#closed) return;
        const event = this.#select(next.value, this.#after);
        if (event === undefined || event.position <= this.#after) continue;
        this.#after = event.position;
        yield event;
      }
    } finally {
      // A `for await` that breaks (or throws) lands here through the generator's return().
      await this.close();
    }
  }
}
