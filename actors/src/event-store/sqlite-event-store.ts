import {
  type AllSubscription,
  type AppendResult,
  type DomainEvent,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  StoreOverloadedError,
  type SubscribeAllOptions,
} from '@ordinal/domain';
import type Database from 'better-sqlite3';
import type { StoredEvent } from '../audit/log-verifier.ts';
import { ServicePace } from '../host/service-pace.ts';
import { type LogPage, PollingAllSubscription } from './all-subscription.ts';
import { CommitWatcher } from './commit-watcher.ts';
import { GroupCommit } from './group-commit.ts';
import {
  type AppendRequest,
  type AppendStats,
  AppendWriter,
  type SerializedEvent,
  serializeEvents,
} from './sqlite-event-store.append.ts';
import {
  EVENT_COLUMNS,
  type EventRow,
  openEventDatabase,
  type SynchronousMode,
  toRecordedEvent,
} from './sqlite-event-store.schema.ts';

/** Options of the embedded event store. */
export interface SqliteEventStoreOptions {
  /** Path of the database file (created if missing). Several processes may open the same file. */
  readonly file: string;
  /** `FULL` (default) syncs every commit to disk; `NORMAL` may lose the last commits on power loss. */
  readonly synchronous?: SynchronousMode;
  /** Source of `recordedAt`; defaults to the system clock. */
  readonly clock?: () => Date;
  /** How often subscriptions look for commits made by other connections (default 25 ms). */
  readonly pollIntervalMs?: number;
  /** How long a writer waits for another connection's write lock before failing (default 5000 ms). */
  readonly busyTimeoutMs?: number;
  /**
   * Appends waiting for the group commit at most (default 10,000); beyond it `append` rejects
   * at once with StoreOverloadedError and writes nothing.
   */
  readonly maxQueuedAppends?: number;
}

/** An event as the file holds it (see `readStored`), with the time the store recorded it. */
export interface StoredRow extends StoredEvent {
  readonly recordedAt: string;
}

/** Work counters; `subscriptions` is the number of subscriptions still open. */
export interface SqliteEventStoreStats extends AppendStats {
  subscriptions: number;
}

/** The store has been closed; nothing more can be appended or read. */
export class EventStoreClosedError extends Error {
  override readonly name = 'EventStoreClosedError';
  readonly code = 'store.closed';
  constructor(readonly file: string) {
    super(`event store ${file} is closed`);
  }
}

const MAX = Number.MAX_SAFE_INTEGER;
// Appends one transaction commits at most (the group commit's batch).
const MAX_BATCH = 1_000;
const FILTER = 'EXISTS (SELECT 1 FROM json_each(?) p WHERE substr(stream_id, 1, length(p.value)) = p.value)';

/** The EventStore port on an embedded SQLite file (WAL, group commit, catch-up subscriptions). */
export class SqliteEventStore implements EventStore {
  readonly #file: string;
  readonly #db: Database.Database;
  readonly #writer: AppendWriter;
  readonly #commits: GroupCommit<AppendRequest, AppendResult>;
  readonly #maxQueued: number;
  readonly #pace = new ServicePace();
  readonly #watcher: CommitWatcher;
  readonly #stream: Record<'forwards' | 'backwards', Database.Statement<[string, number, number], EventRow>>;
  readonly #all: Database.Statement<[number, number, number], EventRow>;
  readonly #allFiltered: Database.Statement<[number, number, string, number], EventRow>;
  readonly #headPosition: Database.Statement<[], number>;
  #closed = false;

  private constructor(options: SqliteEventStoreOptions) {
    // Checked before the file is opened, so a bad option leaves no connection behind.
    this.#maxQueued = options.maxQueuedAppends ?? 10_000;
    if (!Number.isSafeInteger(this.#maxQueued) || this.#maxQueued < 1) {
      throw new RangeError(`maxQueuedAppends must be an integer ≥ 1, got ${this.#maxQueued}`);
    }
    this.#file = options.file;
    this.#db = openEventDatabase(options.file, {
      synchronous: options.synchronous ?? 'FULL',
      busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
    });
    const dataVersion = this.#db.prepare<[], number>('PRAGMA data_version').pluck();
    this.#watcher = new CommitWatcher(() => dataVersion.get() ?? 0, options.pollIntervalMs ?? 25);
    this.#writer = new AppendWriter(this.#db, options.clock ?? (() => new Date()));
    this.#commits = new GroupCommit(
      (requests) => {
        const startedAt = this.#pace.started();
        try {
          const outcomes = this.#writer.commit(requests);
          this.#watcher.notifyAll();
          return outcomes;
        } finally {
          this.#pace.finished(startedAt);
        }
      },
      { maxBatch: MAX_BATCH },
    );
    const select = `SELECT ${EVENT_COLUMNS} FROM events`;
    this.#stream = {
      forwards: this.#db.prepare(`${select} WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`),
      backwards: this.#db.prepare(`${select} WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`),
    };
    this.#all = this.#db.prepare(`${select} WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`);
    this.#allFiltered = this.#db.prepare(
      `${select} WHERE position > ? AND position <= ? AND ${FILTER} ORDER BY position LIMIT ?`,
    );
    this.#headPosition = this.#db.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck();
  }

  /** Opens the store synchronously (the file and schema are created if missing). */
  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(options);
  }

  append(streamId: string, events: readonly DomainEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(new EventStoreClosedError(this.#file));
    const queued = this.#commits.pending;
    if (queued >= this.#maxQueued) {
      // The queue drains one transaction per batch; waiting longer than that is better done by the caller.
      const retryAfterMs = this.#pace.serialDrainMs(Math.ceil(queued / MAX_BATCH));
      return Promise.reject(new StoreOverloadedError(queued, this.#maxQueued, retryAfterMs));
    }
    let serialized: SerializedEvent[];
    try {
      serialized = serializeEvents(streamId, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#commits.submit({ streamId, events: serialized, expected });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.#assertOpen();
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? (direction === 'forwards' ? 1 : MAX);
    return this.#stream[direction].all(streamId, from, limit(options.maxCount)).map(toRecordedEvent);
  }

  async streamRevision(streamId: string): Promise<number> {
    this.#assertOpen();
    return this.#stream.backwards.get(streamId, MAX, 1)?.revision ?? 0;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.#assertOpen();
    return this.#readAll(options.afterPosition ?? 0, MAX, limit(options.maxCount), options.streamPrefixes);
  }

  async headPosition(): Promise<number> {
    this.#assertOpen();
    return this.#headPosition.get() ?? 0;
  }

  subscribeAll(options: SubscribeAllOptions = {}): AllSubscription {
    this.#assertOpen();
    const source = {
      readPage: (after: number, max: number, prefixes: readonly string[] | undefined) =>
        this.#readPage(after, max, prefixes),
      release: (subscription: PollingAllSubscription) => this.#watcher.remove(subscription),
    };
    const subscription = new PollingAllSubscription(source, options.afterPosition ?? 0, options.streamPrefixes);
    this.#watcher.add(subscription);
    return subscription;
  }

  /**
   * Events after a position as the file holds them (data and metadata as their stored JSON
   * text, the recorded hash and time), for checking the chain over the bytes as stored and for
   * copying the log row for row.
   */
  readStored(afterPosition: number, maxCount: number): StoredRow[] {
    this.#assertOpen();
    return this.#all.all(afterPosition, MAX, limit(maxCount)).map((row) => ({
      streamId: row.stream_id,
      revision: row.revision,
      eventId: row.event_id,
      type: row.type,
      data: row.data,
      metadata: row.metadata,
      position: row.position,
      recordedAt: row.recorded_at,
      hash: row.hash ?? undefined,
    }));
  }

  /** Counters of committed transactions, appends and events, and open subscriptions. */
  stats(): SqliteEventStoreStats {
    return { ...this.#writer.stats, subscriptions: this.#watcher.size };
  }

  /** The connection's journal mode, synchronous level and busy timeout, as SQLite reports them. */
  pragmas(): { journalMode: string; synchronous: number; busyTimeoutMs: number } {
    this.#assertOpen();
    return {
      journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.#db.pragma('synchronous', { simple: true })),
      busyTimeoutMs: Number(this.#db.pragma('busy_timeout', { simple: true })),
    };
  }

  /** Commits the appends still queued, ends every subscription and closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#commits.flushNow();
    await this.#watcher.closeAll();
    this.#db.close();
  }

  #readAll(after: number, upTo: number, max: number, prefixes: readonly string[] | undefined): RecordedEvent[] {
    const rows =
      prefixes === undefined || prefixes.length === 0
        ? this.#all.all(after, upTo, max)
        : this.#allFiltered.all(after, upTo, JSON.stringify(prefixes), max);
    return rows.map(toRecordedEvent);
  }

  #readPage(after: number, max: number, prefixes: readonly string[] | undefined): LogPage {
    if (this.#closed) return { events: [], scannedTo: after };
    // Reading the head first bounds the page: every position up to it is already committed, so a
    // short page means everything up to the head was scanned, matching the filter or not.
    const head = this.#headPosition.get() ?? 0;
    const events = this.#readAll(after, head, max, prefixes);
    const scannedTo = events.length < max ? head : events[events.length - 1]!.position;
    return { events, scannedTo: Math.max(after, scannedTo) };
  }

  #assertOpen(): void {
    if (this.#closed) throw new EventStoreClosedError(this.#file);
  }
}

/** SQLite reads LIMIT -1 as "no limit". */
function limit(maxCount: number | undefined): number {
  return maxCount === undefined ? -1 : Math.max(0, Math.trunc(maxCount));
}
