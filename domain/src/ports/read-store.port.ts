/** A read-model document: JSON data keyed by a string id. */
export interface Document {
  readonly id: string;
}

/** Comparison operators a query may use on one field (dotted paths reach nested fields). */
export interface FieldCondition {
  readonly $eq?: unknown;
  readonly $ne?: unknown;
  readonly $in?: readonly unknown[];
  readonly $gt?: string | number;
  readonly $gte?: string | number;
  readonly $lt?: string | number;
  readonly $lte?: string | number;
}

/** A conjunction of field conditions; a bare value means equality. */
export type Filter = Readonly<Record<string, unknown | FieldCondition>>;

export interface FindOptions {
  /** Fields to sort by, in order; ties are broken by id in the same direction as the last key. */
  readonly sort?: readonly (readonly [field: string, direction: 'asc' | 'desc'])[];
  readonly limit?: number;
  readonly skip?: number;
}

/**
 * A condition on the stored document for a write to take effect. `revision` compares the
 * stored document's numeric field `field` (absent document = `absent: true`). This is the
 * per-stream revision guard of the design: apply an event only on top of revision − 1.
 */
export type WriteCondition =
  | { readonly kind: 'absent' }
  | { readonly kind: 'field-equals'; readonly field: string; readonly value: unknown }
  | { readonly kind: 'absent-or-field-equals'; readonly field: string; readonly value: unknown };

/** One write in a batch. */
export type WriteOp<T extends Document = Document> =
  | { readonly op: 'put'; readonly doc: T; readonly condition?: WriteCondition }
  | { readonly op: 'delete'; readonly id: string; readonly condition?: WriteCondition };

/** One value of a field and how many documents hold it. */
export interface ValueCount {
  readonly value: string | number | boolean | null;
  readonly count: number;
}

/** A named set of documents. */
export interface DocumentCollection<T extends Document = Document> {
  get(id: string): Promise<T | undefined>;
  getMany(ids: readonly string[]): Promise<T[]>;
  /** Writes the document if the condition holds; false when it did not (nothing written). */
  put(doc: T, condition?: WriteCondition): Promise<boolean>;
  delete(id: string, condition?: WriteCondition): Promise<boolean>;
  /** Applies writes in order; returns, per op, whether it took effect. */
  bulkWrite(ops: readonly WriteOp<T>[]): Promise<boolean[]>;
  find(filter?: Filter, options?: FindOptions): Promise<T[]>;
  count(filter?: Filter): Promise<number>;
  /**
   * How many documents matching the filter hold each value of a field (dotted path), largest
   * count first; documents without the field count under null. For scalar fields (status, channel).
   */
  countBy(field: string, filter?: Filter): Promise<ValueCount[]>;
  /** Declares an index on fields used by queries (idempotent). */
  ensureIndex(fields: readonly string[]): Promise<void>;
  /** Removes every document (used by rebuilds). */
  clear(): Promise<void>;
}

/** The read side's storage: collections of JSON documents. */
export interface ReadStore {
  collection<T extends Document>(name: string): DocumentCollection<T>;
  /** Names of the collections that hold documents. */
  collections(): Promise<string[]>;
  close(): Promise<void>;
}
