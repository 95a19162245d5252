import type { DomainEvent, RecordedEvent } from '../shared/event.ts';

/**
 * What the writer expects of the stream's current revision (the number of events in it):
 * an exact revision, `no-stream` (it must not exist yet), `stream-exists`, or `any`.
 */
export type ExpectedRevision = number | 'no-stream' | 'stream-exists' | 'any';

/** The outcome of an append. A retried append of the same event ids returns the first outcome. */
export interface AppendResult {
  readonly streamId: string;
  /** Revision of the stream after the append (= revision of its last event). */
  readonly revision: number;
  /** Global position of the last event appended. */
  readonly position: number;
  /** The events as stored (revision, position, recordedAt). */
  readonly events: readonly RecordedEvent[];
  /** True when every event id was already in the stream: nothing new was written. */
  readonly duplicate: boolean;
}

/** Options for reading one stream. Revisions are 1-based and inclusive. */
export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** First revision to return (forwards default 1, backwards default the last). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

/** Options for reading the whole log. */
export interface ReadAllOptions {
  /** Return events strictly after this global position (0 = from the start). */
  readonly afterPosition?: number;
  readonly maxCount?: number;
  /** Only streams whose id starts with one of these prefixes (e.g. `order-`). */
  readonly streamPrefixes?: readonly string[];
}

/** A catch-up subscription: every event after the start position, then live ones, in order. */
export interface AllSubscription extends AsyncIterable<RecordedEvent> {
  /** Stops the subscription; the iterator then ends. */
  close(): Promise<void>;
}

/** Options for subscribing to the whole log. */
export interface SubscribeAllOptions {
  /** Deliver events strictly after this global position (0 = from the start). */
  readonly afterPosition?: number;
  readonly streamPrefixes?: readonly string[];
}

/** The append-only log: the only source of truth. */
export interface EventStore {
  /**
   * Appends events to a stream if its revision matches `expected`; otherwise throws
   * WrongExpectedRevisionError. Appending event ids that are already in the stream is
   * idempotent: the original result comes back with `duplicate: true`.
   */
  append(streamId: string, events: readonly DomainEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's revision (its number of events); 0 when it does not exist. */
  streamRevision(streamId: string): Promise<number>;
  /** Events of all streams in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The position of the last event in the log (0 when empty). */
  headPosition(): Promise<number>;
  /** Catches up from a position, then follows new events as they commit. */
  subscribeAll(options?: SubscribeAllOptions): AllSubscription;
  close(): Promise<void>;
}

/** The stream's revision did not match what the writer expected (someone else wrote first). */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  readonly code = 'store.wrong-expected-revision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at revision ${actual}, expected ${String(expected)}`);
  }
}

/** An append reused some event ids already stored elsewhere, or mixed old and new ids. */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  readonly code = 'store.duplicate-event-id';
  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(`event ${eventId} is already stored, but not as the same append to ${streamId}`);
  }
}

/**
 * The store has as many appends waiting as it may take: this one was refused at once and
 * nothing of it was written. Retry after `retryAfterMs`; any adapter may throw it.
 */
export class StoreOverloadedError extends Error {
  override readonly name = 'StoreOverloadedError';
  readonly code = 'store.overloaded';
  constructor(
    readonly queued: number,
    readonly limit: number,
    readonly retryAfterMs: number,
  ) {
    super(`the event store already has ${queued} appends waiting (limit ${limit}); retry in ${retryAfterMs} ms`);
  }
}
