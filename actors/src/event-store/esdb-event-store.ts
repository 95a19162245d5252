import {
  type AllStreamResolvedEvent,
  EventStoreDBClient,
  excludeSystemEvents,
  streamNameFilter,
} from '@eventstore/db-client';
import type {
  AllSubscription,
  AppendResult,
  DomainEvent,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
} from '@ordinal/domain';
import { EsdbAppender } from './esdb-event-store.append.ts';
import { combinePrefixes, selectFromAll } from './esdb-event-store.filter.ts';
import { toEsdbReadPosition } from './esdb-event-store.mapping.ts';
import { cancelRead, readStreamEvents } from './esdb-event-store.reads.ts';
import { EsdbAllSubscription } from './esdb-event-store.subscription.ts';
import { EventStoreClosedError } from './sqlite-event-store.ts';

/** Options of the EventStoreDB adapter. */
export interface EsdbEventStoreOptions {
  /** Connection string, e.g. `esdb://localhost:2113?tls=false`. */
  readonly url: string;
  /** Only streams starting with one of these are seen by readAll, headPosition and subscribeAll. */
  readonly streamPrefixes?: readonly string[];
  /** How many of a stream's latest events an append searches for its own ids (default 1000). */
  readonly idempotencyWindow?: number;
}

/**
 * The EventStore port on EventStoreDB. Event ids are unique per stream only: EventStoreDB
 * cannot tell that an id is already stored in another stream.
 */
export class EsdbEventStore implements EventStore {
  readonly #client: EventStoreDBClient;
  readonly #appender: EsdbAppender;
  readonly #name: string;
  readonly #prefixes: readonly string[] | undefined;
  readonly #subscriptions = new Set<EsdbAllSubscription<AllStreamResolvedEvent>>();
  #closed = false;

  private constructor(options: EsdbEventStoreOptions) {
    const window = options.idempotencyWindow ?? 1_000;
    if (!Number.isSafeInteger(window) || window < 1) {
      throw new RangeError(`idempotencyWindow must be an integer ≥ 1, got ${window}`);
    }
    this.#client = EventStoreDBClient.connectionString(options.url);
    this.#appender = new EsdbAppender(this.#client, window);
    // Credentials may sit in the connection string: they stay out of error messages.
    this.#name = options.url.replace(/\/\/[^/@]*@/, '//');
    this.#prefixes = combinePrefixes(options.streamPrefixes, undefined);
  }

  /** Creates the client; it connects on first use, so an unreachable server fails that call. */
  static connect(options: EsdbEventStoreOptions): EsdbEventStore {
    return new EsdbEventStore(options);
  }

  async append(streamId: string, events: readonly DomainEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.#assertOpen();
    return this.#appender.append(streamId, events, expected);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.#assertOpen();
    return readStreamEvents(this.#client, streamId, options);
  }

  async streamRevision(streamId: string): Promise<number> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return last?.revision ?? 0;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.#assertOpen();
    const prefixes = combinePrefixes(this.#prefixes, options.streamPrefixes);
    const max = options.maxCount === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.trunc(options.maxCount));
    if (max === 0 || prefixes?.length === 0) return [];
    const after = options.afterPosition ?? 0;
    const read = this.#client.readAll({ fromPosition: toEsdbReadPosition(after), direction: 'forwards' });
    const events: RecordedEvent[] = [];
    try {
      // This client cannot filter reads of `$all`: system events and other streams are skipped
      // here, so a filtered read may scan many events for few results.
      for await (const resolved of read) {
        const event = selectFromAll(resolved, after, prefixes);
        if (event !== undefined) events.push(event);
        if (events.length >= max) break;
      }
    } finally {
      await cancelRead(read);
    }
    return events;
  }

  /** The position of the last event readAll would show (system events and other prefixes skipped). */
  async headPosition(): Promise<number> {
    this.#assertOpen();
    if (this.#prefixes?.length === 0) return 0;
    const read = this.#client.readAll({ fromPosition: 'end', direction: 'backwards' });
    try {
      for await (const resolved of read) {
        const event = selectFromAll(resolved, 0, this.#prefixes);
        if (event !== undefined) return event.position;
      }
    } finally {
      await cancelRead(read);
    }
    return 0;
  }

  /** EventStoreDB's catch-up subscription to `$all`, filtered on the server by stream prefix. */
  subscribeAll(options: SubscribeAllOptions = {}): AllSubscription {
    this.#assertOpen();
    const prefixes = combinePrefixes(this.#prefixes, options.streamPrefixes);
    const afterPosition = options.afterPosition ?? 0;
    const subscription = new EsdbAllSubscription<AllStreamResolvedEvent>({
      afterPosition,
      open: () => {
        if (prefixes?.length === 0) return undefined;
        const filter = prefixes === undefined ? excludeSystemEvents() : streamNameFilter({ prefixes: [...prefixes] });
        return this.#client.subscribeToAll({ fromPosition: toEsdbReadPosition(afterPosition), filter });
      },
      select: (resolved, after) => selectFromAll(resolved, after, prefixes),
      onClose: (closed) => this.#subscriptions.delete(closed),
    });
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /** Ends every subscription, then disposes of the client. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.close()));
    await this.#client.dispose();
  }

  #assertOpen(): void {
    if (this.#closed) throw new EventStoreClosedError(this.#name);
  }
}
