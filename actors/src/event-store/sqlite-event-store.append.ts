import {
  type AppendResult,
  type DomainEvent,
  DuplicateEventIdError,
  type ExpectedRevision,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@ordinal/domain';
import type Database from 'better-sqlite3';
import { eventChainHash, GENESIS_HASH } from './event-chain.ts';
import type { BatchOutcome } from './group-commit.ts';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './sqlite-event-store.schema.ts';

/** An event whose data and metadata are already JSON text (serialised when the caller appends). */
export interface SerializedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/** One `append` call waiting for its batch. */
export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly SerializedEvent[];
  readonly expected: ExpectedRevision;
}

/** Counters of the work done, so grouping can be observed. */
export interface AppendStats {
  /** Write transactions committed (one disk sync each). */
  transactions: number;
  /** Appends settled by those transactions, whatever their outcome. */
  appends: number;
  /** New events written. */
  events: number;
}

/** Writes batches of appends, each batch in one IMMEDIATE transaction and each append in a savepoint. */
export class AppendWriter {
  readonly stats: AppendStats = { transactions: 0, appends: 0, events: 0 };
  readonly #db: Database.Database;
  readonly #clock: () => Date;
  readonly #byIds: Database.Statement<[string], EventRow>;
  readonly #head: Database.Statement<[string], { revision: number; position: number; hash: string | null }>;
  readonly #insert: Database.Statement<[string, number, string, string, string, string, string, string]>;
  readonly #batch: Database.Transaction<(requests: readonly AppendRequest[]) => BatchOutcome<AppendResult>[]>;
  readonly #one: Database.Transaction<(request: AppendRequest, recordedAt: string) => AppendResult>;

  constructor(db: Database.Database, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
    this.#byIds = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY position`,
    );
    this.#head = db.prepare(
      'SELECT revision, position, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    );
    this.#insert = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // Called inside the batch's transaction, better-sqlite3 runs this as a SAVEPOINT: a failing
    // append rolls back only its own rows and the rest of the batch still commits.
    this.#one = db.transaction((request: AppendRequest, recordedAt: string) => this.#apply(request, recordedAt));
    this.#batch = db.transaction((requests: readonly AppendRequest[]) => {
      const recordedAt = this.#clock().toISOString();
      return requests.map((request): BatchOutcome<AppendResult> => {
        try {
          return { ok: true, value: this.#one(request, recordedAt) };
        } catch (error) {
          // Errors such as a full disk abort the whole transaction: then the batch fails as one.
          if (!this.#db.inTransaction) throw error;
          return { ok: false, error };
        }
      });
    });
  }

  /** Commits the batch; throws (failing every append in it) if the transaction cannot commit. */
  commit(requests: readonly AppendRequest[]): BatchOutcome<AppendResult>[] {
    // IMMEDIATE takes the write lock up front, so a second process waits in busy_timeout instead
    // of failing when a read transaction tries to upgrade.
    const outcomes = this.#batch.immediate(requests);
    this.stats.transactions += 1;
    this.stats.appends += requests.length;
    for (const outcome of outcomes) {
      if (outcome.ok && !outcome.value.duplicate) this.stats.events += outcome.value.events.length;
    }
    return outcomes;
  }

  #apply(request: AppendRequest, recordedAt: string): AppendResult {
    const { streamId, events, expected } = request;
    if (events.length > 0) {
      const stored = this.#byIds.all(JSON.stringify(events.map((event) => event.eventId)));
      // Idempotency comes before the revision check: a retry must get its first answer back
      // even though the stream has moved past the revision it expected.
      if (stored.length > 0) return this.#original(request, stored);
    }
    const head = this.#head.get(streamId);
    const current = head?.revision ?? 0;
    if (!matches(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);
    if (events.length === 0) {
      return { streamId, revision: current, position: head?.position ?? 0, events: [], duplicate: false };
    }
    let previous = head?.hash ?? GENESIS_HASH;
    const recorded: RecordedEvent[] = events.map((event, index) => {
      const revision = current + index + 1;
      const hash = eventChainHash(previous, { streamId, revision, ...event });
      previous = hash;
      const { lastInsertRowid } = this.#insert.run(
        streamId,
        revision,
        event.eventId,
        event.type,
        event.data,
        event.metadata,
        recordedAt,
        hash,
      );
      return toRecordedEvent({
        position: Number(lastInsertRowid),
        stream_id: streamId,
        revision,
        event_id: event.eventId,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        recorded_at: recordedAt,
        hash,
      });
    });
    const last = recorded[recorded.length - 1]!;
    return { streamId, revision: last.revision, position: last.position, events: recorded, duplicate: false };
  }

  /** The first result of an append retried with the same ids, or why it is not a plain retry. */
  #original(request: AppendRequest, stored: readonly EventRow[]): AppendResult {
    const { streamId, events } = request;
    const byId = new Map(stored.map((row) => [row.event_id, row]));
    const firstId = events[0]!.eventId;
    const first = byId.get(firstId);
    if (first === undefined || first.stream_id !== streamId) {
      throw new DuplicateEventIdError(streamId, first === undefined ? stored[0]!.event_id : firstId);
    }
    const rows = events.map((event, index) => {
      const row = byId.get(event.eventId);
      if (row === undefined) throw new DuplicateEventIdError(streamId, firstId);
      if (row.stream_id !== streamId || row.revision !== first.revision + index) {
        throw new DuplicateEventIdError(streamId, event.eventId);
      }
      return row;
    });
    const recorded = rows.map(toRecordedEvent);
    const last = recorded[recorded.length - 1]!;
    return { streamId, revision: last.revision, position: last.position, events: recorded, duplicate: true };
  }
}

/** 0 and `no-stream` both mean "the stream has no events yet": revision 0 is the empty stream. */
function matches(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return current === 0;
    case 'stream-exists':
      return current > 0;
    default:
      return expected === current;
  }
}

/** Turns events into JSON text up front, refusing an append that repeats an id within itself. */
export function serializeEvents(streamId: string, events: readonly DomainEvent[]): SerializedEvent[] {
  const seen = new Set<string>();
  return events.map((event) => {
    if (typeof event.eventId !== 'string' || event.eventId === '') throw new TypeError('an event needs an eventId');
    if (seen.has(event.eventId)) throw new DuplicateEventIdError(streamId, event.eventId);
    seen.add(event.eventId);
    return {
      eventId: event.eventId,
      type: event.type,
      data: JSON.stringify(event.data ?? null),
      metadata: JSON.stringify(event.metadata ?? null),
    };
  });
}
