import { randomBytes, randomUUID } from 'node:crypto';
import type { CustomerKey, PersonalDataVault } from '@ordinal/domain';
import Database from 'better-sqlite3';

/** Where the embedded vault keeps its keys: a file of its own beside the log, never inside it. */
export interface SqlitePersonalDataVaultOptions {
  readonly file: string;
  /** `FULL` (default): a key is on disk before any event encrypted with it can be. */
  readonly synchronous?: 'NORMAL' | 'FULL';
  readonly busyTimeoutMs?: number;
  readonly clock?: () => Date;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS customer_keys (
  key_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  key BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS customer_keys_by_customer ON customer_keys (customer_id, created_at);
`;

type KeyRow = { key_id: string; customer_id: string; key: Buffer; created_at: string };

const toKey = (row: KeyRow): CustomerKey => ({
  keyId: row.key_id,
  customerId: row.customer_id,
  key: new Uint8Array(row.key),
  createdAt: row.created_at,
});

/**
 * The customers' keys in an SQLite file of their own (`keys.db`). `secure_delete` overwrites a
 * destroyed key's bytes in the file, and after each destruction the write-ahead log is
 * checkpointed and truncated, so no copy of the key is left in either file.
 */
export class SqlitePersonalDataVault implements PersonalDataVault {
  readonly #db: Database.Database;
  readonly #clock: () => Date;
  readonly #current: Database.Statement<[string], KeyRow>;
  readonly #byId: Database.Statement<[string], KeyRow>;
  readonly #insert: Database.Statement<[string, string, Buffer, string]>;
  readonly #delete: Database.Statement<[string]>;
  #closed = false;

  private constructor(db: Database.Database, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
    this.#current = db.prepare(
      'SELECT key_id, customer_id, key, created_at FROM customer_keys WHERE customer_id = ? ORDER BY created_at DESC, key_id LIMIT 1',
    );
    this.#byId = db.prepare('SELECT key_id, customer_id, key, created_at FROM customer_keys WHERE key_id = ?');
    this.#insert = db.prepare('INSERT INTO customer_keys (key_id, customer_id, key, created_at) VALUES (?, ?, ?, ?)');
    this.#delete = db.prepare('DELETE FROM customer_keys WHERE customer_id = ?');
  }

  /** Opens (or creates) the key file. */
  static open(options: SqlitePersonalDataVaultOptions): SqlitePersonalDataVault {
    const db = new Database(options.file);
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
      db.pragma('secure_delete = ON');
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      db.exec(SCHEMA);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqlitePersonalDataVault(db, options.clock ?? (() => new Date()));
  }

  async keyFor(customerId: string): Promise<CustomerKey> {
    this.#assertOpen();
    // One transaction, so two processes asking at once end with one key, the first one written.
    return this.#db
      .transaction(() => {
        const existing = this.#current.get(customerId);
        if (existing !== undefined) return toKey(existing);
        const row: KeyRow = {
          key_id: randomUUID(),
          customer_id: customerId,
          key: randomBytes(32),
          created_at: this.#clock().toISOString(),
        };
        this.#insert.run(row.key_id, row.customer_id, row.key, row.created_at);
        return toKey(row);
      })
      .immediate();
  }

  async key(keyId: string): Promise<CustomerKey | undefined> {
    this.#assertOpen();
    const row = this.#byId.get(keyId);
    return row === undefined ? undefined : toKey(row);
  }

  async destroy(customerId: string): Promise<number> {
    this.#assertOpen();
    const { changes } = this.#delete.run(customerId);
    // The zeroed pages go into the main file and the log that held the key is emptied.
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return changes;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // The last connection to close checkpoints and deletes the write-ahead log by itself.
    this.#db.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('personal data vault is closed');
  }
}
