import type {
  AllSubscription,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
} from '@ordinal/domain';

/** The part of the event store the read side uses, including the relay's subscription. */
export type ReadSideLog = Pick<EventStore, 'readStream' | 'readAll' | 'headPosition' | 'subscribeAll'>;

/**
 * An array of already-recorded events behind the read side's view of the event store, for
 * unit tests of the relay and projections. It does not assign revisions or positions and
 * checks nothing: the real adapters are proven by the event store conformance suite.
 */
export class MemoryEventLog implements ReadSideLog {
  readonly #events: RecordedEvent[] = [];
  readonly #waiters = new Set<() => void>();

  constructor(events: readonly RecordedEvent[] = []) {
    this.append(events);
  }

  /** Adds events (positions must keep increasing) and wakes live subscriptions. */
  append(events: readonly RecordedEvent[]): void {
    this.#events.push(...events);
    for (const wake of [...this.#waiters]) wake();
  }

  get events(): readonly RecordedEvent[] {
    return this.#events;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = this.#events.filter((e) => e.streamId === streamId);
    const max = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (options.direction === 'backwards') {
      const from = options.fromRevision ?? Number.POSITIVE_INFINITY;
      return stream
        .filter((e) => e.revision <= from)
        .reverse()
        .slice(0, max);
    }
    const from = options.fromRevision ?? 1;
    return stream.filter((e) => e.revision >= from).slice(0, max);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.afterPosition ?? 0;
    const matching = this.#events.filter((e) => e.position > after && matches(e, options.streamPrefixes));
    return matching.slice(0, options.maxCount ?? Number.POSITIVE_INFINITY);
  }

  async headPosition(): Promise<number> {
    return this.#events.at(-1)?.position ?? 0;
  }

  subscribeAll(options: SubscribeAllOptions = {}): AllSubscription {
    let index = 0;
    let closed = false;
    let wake: (() => void) | undefined;
    const next = async (): Promise<IteratorResult<RecordedEvent>> => {
      for (;;) {
        if (closed) return { done: true, value: undefined };
        const event = this.#events[index];
        if (event !== undefined) {
          index += 1;
          if (event.position > (options.afterPosition ?? 0) && matches(event, options.streamPrefixes)) {
            return { done: false, value: event };
          }
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          this.#waiters.add(resolve);
        });
        if (wake !== undefined) this.#waiters.delete(wake);
      }
    };
    return {
      [Symbol.asyncIterator]: () => ({ next }),
      close: async () => {
        closed = true;
        wake?.();
      },
    };
  }
}

function matches(event: RecordedEvent, prefixes: readonly string[] | undefined): boolean {
  return prefixes === undefined || prefixes.some((p) => event.streamId.startsWith(p));
}
