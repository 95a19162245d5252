import type {
  Document,
  DocumentCollection,
  Filter,
  FindOptions,
  ValueCount,
  WriteCondition,
  WriteOp,
} from '@ordinal/domain';
import { type Collection, MongoServerError } from 'mongodb';
import { mongoPath, toMongoFilter, toMongoFind, toMongoIndex } from './mongo-query.ts';
import { fromStored, type MongoDocument, type MongoWrite, type PlainPut, planWrites } from './mongo-write.ts';

const DUPLICATE_KEY = 11000;
/** createIndex on keys that already have an index under another name. */
const INDEX_OPTIONS_CONFLICT = 85;

/** True when MongoDB refused a write because the `_id` is taken. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/**
 * One collection of the MongoDB read store. Every write goes to a collection handle created
 * with `{ w: 'majority' }` and is a single-document operation (no multi-document transactions).
 */
export class MongoCollection<T extends Document> implements DocumentCollection<T> {
  constructor(
    private readonly native: Collection<MongoDocument>,
    private readonly assertOpen: () => void,
  ) {}

  async get(id: string): Promise<T | undefined> {
    this.assertOpen();
    const stored = await this.native.findOne({ _id: id });
    return stored === null ? undefined : fromStored<T>(stored);
  }

  async getMany(ids: readonly string[]): Promise<T[]> {
    this.assertOpen();
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const found = await this.native.find({ _id: { $in: unique } }).toArray();
    const byId = new Map(found.map((stored) => [stored._id, stored]));
    return unique.flatMap((id) => {
      const stored = byId.get(id);
      return stored === undefined ? [] : [fromStored<T>(stored)];
    });
  }

  async put(doc: T, condition?: WriteCondition): Promise<boolean> {
    const [applied] = await this.bulkWrite([{ op: 'put', doc, condition }]);
    return applied === true;
  }

  async delete(id: string, condition?: WriteCondition): Promise<boolean> {
    const [applied] = await this.bulkWrite([{ op: 'delete', id, condition }]);
    return applied === true;
  }

  /**
   * Applies the writes in order. Unlike the embedded store's transaction, a failure part way
   * leaves the writes before it in place; projections replay idempotently, so a retry converges.
   */
  async bulkWrite(ops: readonly WriteOp<T>[]): Promise<boolean[]> {
    this.assertOpen();
    const steps = planWrites(ops);
    const results: boolean[] = [];
    for (const step of steps) {
      if (step.kind === 'bulk') {
        await this.putAll(step.puts);
        for (const _ of step.puts) results.push(true);
      } else {
        results.push(await this.apply(step.write));
      }
    }
    return results;
  }

  async find(filter?: Filter, options?: FindOptions): Promise<T[]> {
    this.assertOpen();
    const plan = toMongoFind(filter, options);
    if (plan.none) return [];
    let cursor = this.native.find(plan.filter, { sort: plan.sort, skip: plan.skip });
    if (plan.limit !== undefined) cursor = cursor.limit(plan.limit);
    const found = await cursor.toArray();
    return found.map((stored) => fromStored<T>(stored));
  }

  async count(filter?: Filter): Promise<number> {
    this.assertOpen();
    return this.native.countDocuments(toMongoFilter(filter));
  }

  async countBy(field: string, filter?: Filter): Promise<ValueCount[]> {
    this.assertOpen();
    // $group puts a missing field and null under the same key, null.
    const groups = await this.native
      .aggregate<{ _id: ValueCount['value']; count: number }>([
        { $match: toMongoFilter(filter) },
        { $group: { _id: `$${mongoPath(field)}`, count: { $sum: 1 } } },
        { $sort: { count: -1 } },
      ])
      .toArray();
    return groups.map((group) => ({ value: group._id ?? null, count: group.count }));
  }

  async ensureIndex(fields: readonly string[]): Promise<void> {
    this.assertOpen();
    const index = toMongoIndex(fields);
    if (index === undefined) return;
    try {
      await this.native.createIndex(index.keys, { name: index.name });
    } catch (error) {
      // An index on the same keys under another name (made by hand, say) serves as well.
      if (!(error instanceof MongoServerError && error.code === INDEX_OPTIONS_CONFLICT)) throw error;
    }
  }

  async clear(): Promise<void> {
    this.assertOpen();
    await this.native.deleteMany({});
  }

  /**
   * Upserts by id in one ordered bulk write. The server itself retries an upsert that meets a
   * concurrent insert of the same `_id` (its filter is an equality on the unique key), so two
   * writers racing on a new document do not fail.
   */
  private async putAll(puts: readonly PlainPut[]): Promise<void> {
    await this.native.bulkWrite(
      puts.map((put) => ({ replaceOne: { filter: put.filter, replacement: put.replacement, upsert: true } })),
      { ordered: true },
    );
  }

  private async apply(write: MongoWrite): Promise<boolean> {
    switch (write.kind) {
      case 'skip':
        return false;
      case 'insert':
        try {
          await this.native.insertOne(write.document);
          return true;
        } catch (error) {
          if (isDuplicateKey(error)) return false;
          throw error;
        }
      case 'delete':
        return (await this.native.deleteOne(write.filter)).deletedCount === 1;
      case 'replace':
        try {
          const result = await this.native.replaceOne(write.filter, write.replacement, { upsert: write.upsert });
          return result.matchedCount === 1 || result.upsertedCount === 1;
        } catch (error) {
          if (!(write.upsert && isDuplicateKey(error))) throw error;
          // The document exists, so "absent or equal" is now "equal": ask that without upsert.
          // A document inserted meanwhile with the expected value is then still written.
          const retry = await this.native.replaceOne(write.filter, write.replacement, { upsert: false });
          return retry.matchedCount === 1;
        }
    }
  }
}
