import Database from 'better-sqlite3';
import type { AuditCheckpoint } from './audit-checkpoint.ts';
import type { LogRewrite } from './log-rewrite.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS checkpoints (
  sequence  INTEGER PRIMARY KEY CHECK (sequence >= 1),
  position  INTEGER NOT NULL,
  count     INTEGER NOT NULL,
  digest    TEXT    NOT NULL,
  at        TEXT    NOT NULL,
  key_id    TEXT    NOT NULL,
  signature TEXT    NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS log_rewrites (
  sequence    INTEGER PRIMARY KEY CHECK (sequence >= 1),
  at          TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  supersedes  INTEGER NOT NULL,
  position    INTEGER NOT NULL,
  count       INTEGER NOT NULL,
  old_digest  TEXT    NOT NULL,
  new_digest  TEXT    NOT NULL,
  changed     INTEGER NOT NULL,
  key_id      TEXT    NOT NULL,
  signature   TEXT    NOT NULL
) STRICT;
`;

interface RewriteRow {
  readonly sequence: number;
  readonly at: string;
  readonly reason: string;
  readonly supersedes: number;
  readonly position: number;
  readonly count: number;
  readonly old_digest: string;
  readonly new_digest: string;
  readonly changed: number;
  readonly key_id: string;
  readonly signature: string;
}

const REWRITE_COLUMNS =
  'sequence, at, reason, supersedes, position, count, old_digest, new_digest, changed, key_id, signature';

interface CheckpointRow {
  readonly sequence: number;
  readonly position: number;
  readonly count: number;
  readonly digest: string;
  readonly at: string;
  readonly key_id: string;
  readonly signature: string;
}

const COLUMNS = 'sequence, position, count, digest, at, key_id, signature';

/**
 * The signed checkpoints, in a SQLite file of their own beside the log (not events: they are
 * statements about the log, written by the checkpointer, never by an actor). Append-only.
 */
export class SqliteCheckpointStore {
  readonly #db: Database.Database;

  private constructor(file: string, readonly: boolean) {
    this.#db = new Database(file, { readonly, fileMustExist: readonly });
    if (!readonly) {
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('busy_timeout = 5000');
      this.#db.exec(SCHEMA);
    }
  }

  /** Opens (creating if needed) the file to write checkpoints into. */
  static open(file: string): SqliteCheckpointStore {
    return new SqliteCheckpointStore(file, false);
  }

  /** Opens an existing file to read its checkpoints only (what `ordinal verify` does). */
  static openReadOnly(file: string): SqliteCheckpointStore {
    return new SqliteCheckpointStore(file, true);
  }

  /** The latest checkpoint, or undefined before the first. */
  last(): AuditCheckpoint | undefined {
    const row = this.#db
      .prepare<[], CheckpointRow>(`SELECT ${COLUMNS} FROM checkpoints ORDER BY sequence DESC LIMIT 1`)
      .get();
    return row === undefined ? undefined : fromRow(row);
  }

  /** Every checkpoint in sequence order. */
  all(): AuditCheckpoint[] {
    return this.#db
      .prepare<[], CheckpointRow>(`SELECT ${COLUMNS} FROM checkpoints ORDER BY sequence`)
      .all()
      .map(fromRow);
  }

  /** Records a checkpoint; its sequence must be the next one. */
  append(checkpoint: AuditCheckpoint): void {
    this.#db
      .prepare(`INSERT INTO checkpoints (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(
        checkpoint.sequence,
        checkpoint.position,
        checkpoint.count,
        checkpoint.digest,
        checkpoint.at,
        checkpoint.keyId,
        checkpoint.signature,
      );
  }

  /** Every statement of a rewrite of the log (LogRewrite), in sequence order; none in a file older than them. */
  rewrites(): LogRewrite[] {
    const table = this.#db
      .prepare<[], number>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'log_rewrites'")
      .pluck()
      .get();
    if (table === 0) return [];
    return this.#db
      .prepare<[], RewriteRow>(`SELECT ${REWRITE_COLUMNS} FROM log_rewrites ORDER BY sequence`)
      .all()
      .map(rewriteFromRow);
  }

  /**
   * Records the statement of a rewrite and the first checkpoint over the rewritten log in one
   * transaction, so the checkpointer never resumes from a digest of bytes that are gone.
   */
  recordRewrite(rewrite: LogRewrite, checkpoint: AuditCheckpoint): void {
    this.#db.transaction(() => {
      this.#db
        .prepare(`INSERT INTO log_rewrites (${REWRITE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(
          rewrite.sequence,
          rewrite.at,
          rewrite.reason,
          rewrite.supersedes,
          rewrite.position,
          rewrite.count,
          rewrite.oldDigest,
          rewrite.newDigest,
          rewrite.changed,
          rewrite.keyId,
          rewrite.signature,
        );
      this.append(checkpoint);
    })();
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

function fromRow(row: CheckpointRow): AuditCheckpoint {
  return {
    sequence: row.sequence,
    position: row.position,
    count: row.count,
    digest: row.digest,
    at: row.at,
    keyId: row.key_id,
    signature: row.signature,
  };
}

function rewriteFromRow(row: RewriteRow): LogRewrite {
  return {
    sequence: row.sequence,
    at: row.at,
    reason: row.reason,
    supersedes: row.supersedes,
    position: row.position,
    count: row.count,
    oldDigest: row.old_digest,
    newDigest: row.new_digest,
    changed: row.changed,
    keyId: row.key_id,
    signature: row.signature,
  };
}
