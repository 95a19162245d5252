import type { Document, DocumentCollection, ReadStore } from '@ordinal/domain';

/** What a read store was asked to do since the last reset. */
export interface ReadStoreWork {
  /** Documents returned by get, getMany and find. */
  documentsRead: number;
  /** Documents put or deleted (each op of a bulk write counts). */
  documentsWritten: number;
  /** Bytes of JSON of the documents put. */
  bytesWritten: number;
  /** Queries that read or counted many documents: find, count, countBy. */
  queries: number;
}

const none = (): ReadStoreWork => ({ documentsRead: 0, documentsWritten: 0, bytesWritten: 0, queries: 0 });

/**
 * A read store that passes every call to a real one and counts the documents read and written,
 * so a test can say how much work an event costs without timing it.
 */
export class CountingReadStore implements ReadStore {
  readonly #inner: ReadStore;
  #work = none();

  constructor(inner: ReadStore) {
    this.#inner = inner;
  }

  /** The work since the last call, and starts counting afresh. */
  take(): ReadStoreWork {
    const work = this.#work;
    this.#work = none();
    return work;
  }

  collection<T extends Document>(name: string): DocumentCollection<T> {
    const inner = this.#inner.collection<T>(name);
    const work = () => this.#work;
    const wrote = (doc?: T) => {
      work().documentsWritten += 1;
      if (doc !== undefined) work().bytesWritten += JSON.stringify(doc).length;
    };
    return {
      async get(id) {
        const doc = await inner.get(id);
        if (doc !== undefined) work().documentsRead += 1;
        return doc;
      },
      async getMany(ids) {
        const docs = await inner.getMany(ids);
        work().documentsRead += docs.length;
        return docs;
      },
      async put(doc, condition) {
        wrote(doc);
        return inner.put(doc, condition);
      },
      async delete(id, condition) {
        wrote();
        return inner.delete(id, condition);
      },
      async bulkWrite(ops) {
        for (const op of ops) wrote(op.op === 'put' ? op.doc : undefined);
        return inner.bulkWrite(ops);
      },
      async find(filter, options) {
        const docs = await inner.find(filter, options);
        work().queries += 1;
        work().documentsRead += docs.length;
        return docs;
      },
      async count(filter) {
        work().queries += 1;
        return inner.count(filter);
      },
      async countBy(field, filter) {
        work().queries += 1;
        return inner.countBy(field, filter);
      },
      ensureIndex: (fields) => inner.ensureIndex(fields),
      clear: () => inner.clear(),
    };
  }

  collections(): Promise<string[]> {
    return this.#inner.collections();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
