import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { eventChainHash, GENESIS_HASH } from './event-chain.ts';
import { openEventDatabase, type SynchronousMode } from './sqlite-event-store.schema.ts';

/** A row to copy: where it sits, what it is, its data and metadata as JSON text, when it was recorded. */
export interface LogCopyRow {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recordedAt: string;
}

/** A copied row does not follow on from its stream's last copied revision. */
export class LogCopyOutOfOrderError extends Error {
  override readonly name = 'LogCopyOutOfOrderError';
  readonly code = 'store.copy-out-of-order';
  constructor(
    readonly streamId: string,
    readonly revision: number,
    readonly expectedRevision: number,
  ) {
    super(`${streamId} revision ${revision} was copied after revision ${expectedRevision - 1}`);
  }
}

/**
 * A new SQLite log file written row by row, for a one-off rewrite of the whole log (sealing the
 * personal data of events recorded in the clear): each row keeps its position, stream, revision,
 * id, type, metadata and recorded time, and each stream's hash chain is computed again over the
 * data as copied, with the function every append uses. The file has the adapter's own schema, so
 * a SqliteEventStore opens it as any other log.
 */
export class SqliteLogCopy {
  readonly #db: Database.Database;
  readonly #head: Database.Statement<[string], { revision: number; hash: string }>;
  readonly #insert: Database.Statement<[number, string, number, string, string, string, string, string, string]>;
  readonly #copy: Database.Transaction<(rows: readonly LogCopyRow[]) => void>;

  private constructor(db: Database.Database) {
    this.#db = db;
    this.#head = db.prepare('SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1');
    this.#insert = db.prepare(
      'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#copy = db.transaction((rows: readonly LogCopyRow[]) => {
      for (const row of rows) this.#copyOne(row);
    });
  }

  /** Creates the file (it must not exist yet) with the event store's schema. */
  static create(file: string, options: { readonly synchronous?: SynchronousMode } = {}): SqliteLogCopy {
    if (existsSync(file)) throw new Error(`${file} exists already: remove it before copying a log into it`);
    return new SqliteLogCopy(
      openEventDatabase(file, { synchronous: options.synchronous ?? 'FULL', busyTimeoutMs: 5_000 }),
    );
  }

  /** Copies rows (in position order) in one transaction; the chain hashes are computed here. */
  append(rows: readonly LogCopyRow[]): void {
    this.#copy.immediate(rows);
  }

  /** Closes the file; the last connection folds its write-ahead log into it. */
  close(): void {
    if (this.#db.open) this.#db.close();
  }

  #copyOne(row: LogCopyRow): void {
    const head = this.#head.get(row.streamId);
    const expectedRevision = (head?.revision ?? 0) + 1;
    if (row.revision !== expectedRevision)
      throw new LogCopyOutOfOrderError(row.streamId, row.revision, expectedRevision);
    const hash = eventChainHash(head?.hash ?? GENESIS_HASH, row);
    this.#insert.run(
      row.position,
      row.streamId,
      row.revision,
      row.eventId,
      row.type,
      row.data,
      row.metadata,
      row.recordedAt,
      hash,
    );
  }
}
