import { randomBytes, randomUUID } from 'node:crypto';
import type { CustomerKey, PersonalDataVault } from '@ordinal/domain';
import { Binary, type Collection, MongoClient, MongoServerError } from 'mongodb';

/** Where the distributed profile keeps the customers' keys. */
export interface MongoPersonalDataVaultOptions {
  /** A MongoDB connection string (`mongodb://…`). */
  readonly url: string;
  /** Default `ordinal`; the read models' database may be the same one. */
  readonly database?: string;
  /** Default `customerKeys`. */
  readonly collection?: string;
  readonly clock?: () => Date;
}

/** One customer's current key: `_id` is the customer id, so there is one at a time. */
interface KeyDocument {
  _id: string;
  keyId: string;
  key: Binary;
  createdAt: string;
}

const DUPLICATE_KEY = 11000;

const toKey = (doc: KeyDocument): CustomerKey => ({
  keyId: doc.keyId,
  customerId: doc._id,
  key: new Uint8Array(doc.key.buffer),
  createdAt: doc.createdAt,
});

/**
 * The customers' keys in a MongoDB collection (majority-acknowledged), for processes on several
 * machines. A destroyed key is deleted at once; MongoDB itself may keep its bytes in the oplog
 * until that rolls over and in its data files until they are compacted (docs/privacy.md).
 */
export class MongoPersonalDataVault implements PersonalDataVault {
  readonly #client: MongoClient;
  readonly #keys: Collection<KeyDocument>;
  readonly #clock: () => Date;

  private constructor(client: MongoClient, keys: Collection<KeyDocument>, clock: () => Date) {
    this.#client = client;
    this.#keys = keys;
    this.#clock = clock;
  }

  /** Connects (failing when the server cannot be reached) and declares the key id index. */
  static async connect(options: MongoPersonalDataVaultOptions): Promise<MongoPersonalDataVault> {
    const client = new MongoClient(options.url, { appName: 'ordinal-keys' });
    try {
      await client.connect();
      const keys = client
        .db(options.database ?? 'ordinal')
        .collection<KeyDocument>(options.collection ?? 'customerKeys', { writeConcern: { w: 'majority' } });
      await keys.createIndex({ keyId: 1 }, { unique: true });
      return new MongoPersonalDataVault(client, keys, options.clock ?? (() => new Date()));
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async keyFor(customerId: string): Promise<CustomerKey> {
    const fresh = { keyId: randomUUID(), key: new Binary(randomBytes(32)), createdAt: this.#clock().toISOString() };
    try {
      // The first writer's key wins; everyone else gets it back.
      const doc = await this.#keys.findOneAndUpdate(
        { _id: customerId },
        { $setOnInsert: fresh },
        { upsert: true, returnDocument: 'after' },
      );
      if (doc !== null) return toKey(doc);
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
    const doc = await this.#keys.findOne({ _id: customerId });
    if (doc === null) throw new Error(`the key of customer ${customerId} was destroyed while it was made`);
    return toKey(doc);
  }

  async key(keyId: string): Promise<CustomerKey | undefined> {
    const doc = await this.#keys.findOne({ keyId });
    return doc === null ? undefined : toKey(doc);
  }

  async destroy(customerId: string): Promise<number> {
    const { deletedCount } = await this.#keys.deleteMany({ _id: customerId });
    return deletedCount;
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}
