import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SnapshotCorruptError, type SnapshotStore, type StoredSnapshot } from './snapshot-store.ts';

/** Options of the SQLite snapshot cache. */
export interface SqliteSnapshotStoreOptions {
  /** Path of the cache file (created if missing); keep it apart from the event log's file. */
  readonly file: string;
  /** How long a write waits for another connection's lock before failing (default 1000 ms). */
  readonly busyTimeoutMs?: number;
}

/** Bumped when the table changes shape; a file of another version is emptied, not migrated. */
const SCHEMA_VERSION = 1;

// No JSON checks in the schema: a damaged row must be readable, so that it can be ignored.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshots (
  stream_id     TEXT    PRIMARY KEY,
  revision      INTEGER NOT NULL,
  event_id      TEXT    NOT NULL,
  version       TEXT    NOT NULL,
  state         TEXT    NOT NULL,
  command_index TEXT    NOT NULL,
  checksum      TEXT    NOT NULL
) STRICT;
`;

interface SnapshotRow {
  readonly revision: number;
  readonly event_id: string;
  readonly version: string;
  readonly state: string;
  readonly command_index: string;
  readonly checksum: string;
}

/**
 * Snapshots in their own SQLite file (WAL, `synchronous=NORMAL`: losing the last writes on power
 * loss costs a longer fold, nothing more). Its own file keeps snapshot writes off the event log's
 * write lock and out of its backups, and lets an operator delete it at any time. Every row
 * carries a SHA-256 of its fields, so a damaged row is refused rather than restored.
 */
export class SqliteSnapshotStore implements SnapshotStore {
  readonly #db: Database.Database;
  readonly #select: Database.Statement<[string], SnapshotRow>;
  readonly #upsert: Database.Statement<[string, number, string, string, string, string, string]>;
  #closed = false;

  private constructor(db: Database.Database) {
    this.#db = db;
    this.#select = db.prepare(
      'SELECT revision, event_id, version, state, command_index, checksum FROM snapshots WHERE stream_id = ?',
    );
    this.#upsert = db.prepare(
      `INSERT INTO snapshots (stream_id, revision, event_id, version, state, command_index, checksum)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, event_id = excluded.event_id,
         version = excluded.version, state = excluded.state, command_index = excluded.command_index,
         checksum = excluded.checksum`,
    );
  }

  /** Opens (creating if needed) the cache file; a file that is not a readable database is replaced. */
  static open(options: SqliteSnapshotStoreOptions): SqliteSnapshotStore {
    const busyTimeoutMs = options.busyTimeoutMs ?? 1_000;
    try {
      return new SqliteSnapshotStore(openSnapshotDatabase(options.file, busyTimeoutMs));
    } catch (error) {
      if (!isDamagedFile(error)) throw error;
      // Only a cache is lost; the log rebuilds every state.
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${options.file}${suffix}`, { force: true });
      return new SqliteSnapshotStore(openSnapshotDatabase(options.file, busyTimeoutMs));
    }
  }

  async get(streamId: string): Promise<StoredSnapshot | undefined> {
    this.#assertOpen();
    const row = this.#select.get(streamId);
    if (row === undefined) return undefined;
    const { revision, event_id: eventId, version, state, command_index: commandIndex } = row;
    if (row.checksum !== checksum(streamId, revision, eventId, version, state, commandIndex)) {
      throw new SnapshotCorruptError(streamId, 'checksum mismatch');
    }
    if (!Number.isSafeInteger(revision) || revision < 1) {
      throw new SnapshotCorruptError(streamId, `revision ${revision}`);
    }
    try {
      return { revision, eventId, version, state: JSON.parse(state), commandIndex: JSON.parse(commandIndex) };
    } catch (error) {
      throw new SnapshotCorruptError(streamId, error instanceof Error ? error.message : String(error));
    }
  }

  async put(streamId: string, snapshot: StoredSnapshot): Promise<void> {
    this.#assertOpen();
    const { revision, eventId, version } = snapshot;
    const state = JSON.stringify(snapshot.state);
    const commandIndex = JSON.stringify(snapshot.commandIndex);
    const sum = checksum(streamId, revision, eventId, version, state, commandIndex);
    this.#upsert.run(streamId, revision, eventId, version, state, commandIndex, sum);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('snapshot store is closed');
  }
}

function openSnapshotDatabase(file: string, busyTimeoutMs: number): Database.Database {
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.transaction(() => {
      if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) {
        db.exec('DROP TABLE IF EXISTS snapshots');
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }
      db.exec(SCHEMA);
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function isDamagedFile(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

function checksum(...fields: readonly (string | number)[]): string {
  // NUL cannot occur in JSON text, ids or versions, so it separates the fields unambiguously.
  return createHash('sha256').update(fields.join('\u0000')).digest('hex');
}
