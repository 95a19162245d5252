import type { Document, DocumentCollection, ReadStore } from '@ordinal/domain';

/** A stored checkpoint: the global position up to which a reader has finished. */
export interface CheckpointDocument extends Document {
  readonly position: number;
}

/** Keeps named checkpoints in the read store (collection `checkpoints`, doc `{ id: name, position }`). */
export class CheckpointStore {
  readonly #collection: DocumentCollection<CheckpointDocument>;

  constructor(store: ReadStore, collection = 'checkpoints') {
    this.#collection = store.collection<CheckpointDocument>(collection);
  }

  /** The stored position, 0 when the name has none (start of the log). */
  async load(name: string): Promise<number> {
    return (await this.#collection.get(name))?.position ?? 0;
  }

  async save(name: string, position: number): Promise<void> {
    if (!Number.isSafeInteger(position) || position < 0) {
      throw new RangeError(`checkpoint ${name}: position ${position} is not a non-negative integer`);
    }
    await this.#collection.put({ id: name, position });
  }
}
