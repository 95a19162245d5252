import type { Document, DocumentCollection, ReadStore } from '@ordinal/domain';
import { type Db, MongoClient } from 'mongodb';
import { MongoCollection } from './mongo-collection.ts';
import type { MongoDocument } from './mongo-write.ts';
import { ReadStoreError } from './read-store.errors.ts';

/** Where the MongoDB read store lives. */
export interface MongoReadStoreOptions {
  /** A MongoDB connection string (`mongodb://…` or `mongodb+srv://…`). */
  readonly url: string;
  /** The database; default: the one named in the URL's path, else `ordinal`. */
  readonly database?: string;
}

const DEFAULT_DATABASE = 'ordinal';
/** MongoDB's limit on `<database>.<collection>` in bytes. */
const MAX_NAMESPACE_BYTES = 255;

/** The database named in a connection string's path (`mongodb://host/db?…`), if any. */
export function databaseFromUrl(url: string): string | undefined {
  // Hosts may be a comma-separated list, which WHATWG URL parsing refuses, hence the pattern.
  const match = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/.exec(url);
  const name = match?.[1] === undefined ? '' : decodeURIComponent(match[1]);
  return name.length > 0 ? name : undefined;
}

/**
 * Checks a collection name: non-empty, as in the embedded store, and within MongoDB's own
 * rules (no `$` or NUL, not a `system.` name, namespace within 255 bytes).
 */
export function checkCollectionName(database: string, name: string): void {
  const invalid = (why: string) => new ReadStoreError('read-store.invalid-document', `collection "${name}": ${why}`);
  if (typeof name !== 'string' || name.length === 0) {
    throw new ReadStoreError('read-store.invalid-document', 'a collection needs a non-empty name');
  }
  if (name.includes('$') || name.includes('\0')) throw invalid('"$" and NUL are not allowed');
  if (name.startsWith('system.')) throw invalid('"system." names are reserved');
  if (Buffer.byteLength(`${database}.${name}`) > MAX_NAMESPACE_BYTES) {
    throw invalid(`"${database}.${name}" is longer than ${MAX_NAMESPACE_BYTES} bytes`);
  }
}

/**
 * The distributed read store: one MongoDB collection per read-store collection, documents
 * keyed by `_id`, majority-acknowledged single-document writes.
 */
export class MongoReadStore implements ReadStore {
  readonly #client: MongoClient;
  readonly #db: Db;
  #closed = false;
  readonly #assertOpen = () => {
    if (this.#closed) throw new ReadStoreError('read-store.closed', 'the read store is closed');
  };

  private constructor(client: MongoClient, database: string) {
    this.#client = client;
    this.#db = client.db(database);
  }

  /** Connects (and fails if the server cannot be reached). */
  static async connect(options: MongoReadStoreOptions): Promise<MongoReadStore> {
    const database = options.database ?? databaseFromUrl(options.url) ?? DEFAULT_DATABASE;
    const client = new MongoClient(options.url, { appName: 'ordinal-read-store' });
    try {
      await client.connect();
    } catch (error) {
      await client.close();
      throw error;
    }
    return new MongoReadStore(client, database);
  }

  /** The database this store uses. */
  get databaseName(): string {
    return this.#db.databaseName;
  }

  collection<T extends Document>(name: string): DocumentCollection<T> {
    checkCollectionName(this.#db.databaseName, name);
    // Majority: a write the store acknowledged survives a failover, which the checkpoints
    // written after it rely on (a checkpoint must never be ahead of the documents it covers).
    const native = this.#db.collection<MongoDocument>(name, { writeConcern: { w: 'majority' } });
    return new MongoCollection<T>(native, this.#assertOpen);
  }

  async collections(): Promise<string[]> {
    this.#assertOpen();
    const listed = await this.#db.listCollections({}, { nameOnly: true }).toArray();
    const names = listed
      .filter((info) => (info.type ?? 'collection') === 'collection' && !info.name.startsWith('system.'))
      .map((info) => info.name);
    const holds = await Promise.all(
      names.map(async (name) => (await this.#db.collection(name).findOne({}, { projection: { _id: 1 } })) !== null),
    );
    return names.filter((_, i) => holds[i]).sort();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#client.close();
  }
}
