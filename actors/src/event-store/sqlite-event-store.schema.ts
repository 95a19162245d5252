import type { EventMetadata, RecordedEvent } from '@ordinal/domain';
import Database from 'better-sqlite3';
import { eventChainHash, GENESIS_HASH } from './event-chain.ts';

/** How hard SQLite syncs a commit to disk: FULL survives power loss, NORMAL only a crashed process. */
export type SynchronousMode = 'FULL' | 'NORMAL';

/** Bumped when the tables change shape; `PRAGMA user_version` records it in the file. */
const SCHEMA_VERSION = 2;

// `position` is the rowid: SQLite hands out max(rowid) + 1, and a single writer at a time means
// positions become visible in commit order, so a reader following `position > last` never skips.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL CHECK (revision >= 1),
  event_id    TEXT    NOT NULL UNIQUE,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL CHECK (json_valid(data)),
  metadata    TEXT    NOT NULL CHECK (json_valid(metadata)),
  recorded_at TEXT    NOT NULL,
  hash        TEXT    NOT NULL CHECK (length(hash) = 64),
  UNIQUE (stream_id, revision)
) STRICT;
`;

/** One row of the `events` table. */
export interface EventRow {
  readonly position: number;
  readonly stream_id: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
  /** The event's chain hash (event-chain.ts); null only in a version 1 file being migrated. */
  readonly hash: string | null;
}

/** The columns every event query selects, in `EventRow` order. */
export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash';

/** Settings of the connection that matter for durability and for sharing the file. */
export interface ConnectionSettings {
  readonly synchronous: SynchronousMode;
  readonly busyTimeoutMs: number;
}

/** Opens (creating if needed) an event store file in WAL mode with the schema in place. */
export function openEventDatabase(file: string, settings: ConnectionSettings): Database.Database {
  const db = new Database(file);
  try {
    // The busy timeout goes first: switching to WAL and creating tables take locks that another
    // process opening the same file at the same moment may hold.
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(settings.busyTimeoutMs))}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') throw new Error(`${file}: could not switch to WAL (got ${String(mode)})`);
    db.pragma(`synchronous = ${settings.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    db.transaction(() => {
      const version = db.pragma('user_version', { simple: true });
      if (typeof version === 'number' && version > SCHEMA_VERSION) {
        throw new Error(`${file}: schema version ${version} is newer than this adapter (${SCHEMA_VERSION})`);
      }
      db.exec(SCHEMA);
      if (typeof version === 'number' && version === 1) addChainHashes(db);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A stored row as the event the port hands out. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
    ...(row.hash === null ? {} : { hash: row.hash }),
  };
}

/**
 * Migrates a version 1 file (no hashes): adds the column and computes every stream's chain
 * over the rows as they are, in the same transaction as the rest of the opening. The chain
 * then vouches for the log from this moment on, not for what happened to it before.
 */
function addChainHashes(db: Database.Database): void {
  db.exec('ALTER TABLE events ADD COLUMN hash TEXT CHECK (hash IS NULL OR length(hash) = 64)');
  const rows = db.prepare<[], Omit<EventRow, 'hash' | 'recorded_at'>>(
    'SELECT position, stream_id, revision, event_id, type, data, metadata FROM events ORDER BY stream_id, revision',
  );
  const update = db.prepare<[string, number]>('UPDATE events SET hash = ? WHERE position = ?');
  const hashes: [string, number][] = [];
  let stream = '';
  let previous = GENESIS_HASH;
  // better-sqlite3 runs no other statement while one iterates: hashes are written afterwards.
  for (const row of rows.iterate()) {
    if (row.stream_id !== stream) {
      stream = row.stream_id;
      previous = GENESIS_HASH;
    }
    previous = eventChainHash(previous, {
      streamId: row.stream_id,
      revision: row.revision,
      eventId: row.event_id,
      type: row.type,
      data: row.data,
      metadata: row.metadata,
    });
    hashes.push([previous, row.position]);
  }
  for (const [hash, position] of hashes) update.run(hash, position);
}
