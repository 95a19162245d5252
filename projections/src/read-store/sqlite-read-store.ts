import type { Document, DocumentCollection, ReadStore } from '@ordinal/domain';
import Database from 'better-sqlite3';
import { ReadStoreError } from './read-store.errors.ts';
import { SqliteCollection, type SqliteHandle } from './sqlite-collection.ts';

/** Where the embedded read store keeps its file and how hard it syncs. */
export interface SqliteReadStoreOptions {
  /** The database file (created when missing); `:memory:` for a throwaway store. */
  readonly path: string;
  /**
   * `NORMAL` (default) may lose the last commits on power loss but never reorders them;
   * since checkpoints are written after the documents they cover, a lost tail is replayed.
   */
  readonly synchronous?: 'NORMAL' | 'FULL';
  /** How long a writer waits for another connection's lock (default 5 s). */
  readonly busyTimeoutMs?: number;
}

/** One stored document as its exact JSON text. */
export interface StoredDocument {
  readonly id: string;
  readonly json: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (collection, id)
)`;

/** The embedded read store: JSON documents in one SQLite file (WAL), keyed by (collection, id). */
export class SqliteReadStore implements ReadStore {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #handle: SqliteHandle = {
    statement: (sql) => this.#statement(sql),
    writeTransaction: (fn) => {
      this.#assertOpen();
      return this.#db.transaction(fn).immediate();
    },
    exec: (sql) => {
      this.#assertOpen();
      this.#db.exec(sql);
    },
  };

  constructor(options: SqliteReadStoreOptions) {
    this.#db = new Database(options.path);
    // Deleted and rewritten documents leave zeros behind, not their old bytes (erased personal data).
    this.#db.pragma('secure_delete = ON');
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.#db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    this.#db.exec(SCHEMA);
  }

  collection<T extends Document>(name: string): DocumentCollection<T> {
    if (typeof name !== 'string' || name.length === 0) {
      throw new ReadStoreError('read-store.invalid-document', 'a collection needs a non-empty name');
    }
    return new SqliteCollection<T>(this.#handle, name);
  }

  async collections(): Promise<string[]> {
    const rows = this.#statement('SELECT DISTINCT collection FROM documents ORDER BY collection').all() as {
      collection: string;
    }[];
    return rows.map((r) => r.collection);
  }

  /** The stored JSON text of every document of a collection, in id order (for byte-level checks). */
  storedDocuments(collection: string): StoredDocument[] {
    return this.#statement('SELECT id, body AS json FROM documents WHERE collection = ? ORDER BY id').all(
      collection,
    ) as StoredDocument[];
  }

  /**
   * Writes every change into the main file and empties the write-ahead log, whose older frames
   * still hold documents as they were (after an erasure, their personal data).
   */
  async purge(): Promise<void> {
    this.#assertOpen();
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  #statement(sql: string): Database.Statement {
    this.#assertOpen();
    let stmt = this.#statements.get(sql);
    if (stmt === undefined) {
      if (this.#statements.size >= 500) this.#statements.clear();
      stmt = this.#db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  #assertOpen(): void {
    if (!this.#db.open) throw new ReadStoreError('read-store.closed', 'the read store is closed');
  }
}
