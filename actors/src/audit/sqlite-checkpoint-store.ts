import Database from 'better-sqlite3';
import type { AuditCheckpoint } from './audit-checkpoint.ts';

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
`;

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
