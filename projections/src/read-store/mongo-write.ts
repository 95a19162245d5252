import type { Document, WriteCondition, WriteOp } from '@ordinal/domain';
import type { Document as MongoFilter } from 'mongodb';
import { mongoPath } from './mongo-query.ts';
import { ReadStoreError } from './read-store.errors.ts';

/** A document as MongoDB holds it: our `id` is its `_id`, every other field as given. */
export interface MongoDocument {
  _id: string;
  [field: string]: unknown;
}

/**
 * The stored form of a document. It goes through JSON first so that MongoDB keeps what the
 * embedded store keeps (undefined fields dropped, dates as ISO strings, NaN as null).
 */
export function toStored(doc: Document): MongoDocument {
  if (typeof doc !== 'object' || doc === null || typeof doc.id !== 'string' || doc.id.length === 0) {
    throw new ReadStoreError('read-store.invalid-document', 'a document needs a non-empty string id');
  }
  const { id, ...fields } = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    // `_id` is the key, and MongoDB reads a replacement whose first field starts with `$` as an update.
    if (key === '_id' || key.startsWith('$')) {
      throw new ReadStoreError(
        'read-store.invalid-document',
        `document ${doc.id}: top-level field "${key}" is reserved`,
      );
    }
  }
  return { _id: id as string, ...fields };
}

/** Our document from its stored form. */
export function fromStored<T extends Document>(stored: MongoDocument): T {
  const { _id, ...fields } = stored;
  return { id: _id, ...fields } as unknown as T;
}

/** One conditional or plain write as a single MongoDB operation. */
export type MongoWrite =
  /** Insert; a duplicate key means the document exists (false). */
  | { readonly kind: 'insert'; readonly document: MongoDocument }
  /**
   * Replace the document the filter matches. With upsert, a duplicate key means the document
   * exists but the filter did not match it when the upsert ran: try once more without upsert.
   */
  | {
      readonly kind: 'replace';
      readonly filter: MongoFilter;
      readonly replacement: Omit<MongoDocument, '_id'>;
      readonly upsert: boolean;
    }
  | { readonly kind: 'delete'; readonly filter: MongoFilter }
  /** A write that cannot take effect whatever is stored (false without a round trip). */
  | { readonly kind: 'skip' };

/** What a condition asks of the stored document, once `id` conditions are decided on the spot. */
type Requirement =
  | { readonly kind: 'any' | 'absent' | 'exists' | 'never' }
  | { readonly kind: 'field-equals' | 'absent-or-field-equals'; readonly path: string; readonly value: unknown };

function requirement(id: string, condition: WriteCondition | undefined): Requirement {
  if (condition === undefined) return { kind: 'any' };
  if (condition.kind === 'absent') return condition;
  const path = mongoPath(condition.field);
  // The id is known, so a condition on it holds for the stored document exactly when the value is the id.
  if (path === '_id') {
    const holds = condition.value === id;
    if (condition.kind === 'field-equals') return { kind: holds ? 'exists' : 'never' };
    return { kind: holds ? 'any' : 'absent' };
  }
  return { kind: condition.kind, path, value: condition.value };
}

/**
 * The filter selecting the document when the condition's field has the value. `$eq` keeps a
 * value from being read as an operator; `{ $eq: null }` also matches a missing field, as the
 * embedded adapter's conditions do.
 */
function matching(id: string, path: string, value: unknown): MongoFilter {
  return { _id: id, [path]: { $eq: value } };
}

/** The single MongoDB operation for one of our writes; checks the document and the condition's field. */
export function toMongoWrite(op: WriteOp): MongoWrite {
  if (op.op === 'put') {
    const document = toStored(op.doc);
    const { _id: id, ...replacement } = document;
    const need = requirement(id, op.condition);
    switch (need.kind) {
      case 'any':
        return { kind: 'replace', filter: { _id: id }, replacement, upsert: true };
      case 'absent':
        return { kind: 'insert', document };
      case 'exists':
        return { kind: 'replace', filter: { _id: id }, replacement, upsert: false };
      case 'never':
        return { kind: 'skip' };
      case 'field-equals':
        return { kind: 'replace', filter: matching(id, need.path, need.value), replacement, upsert: false };
      case 'absent-or-field-equals':
        return { kind: 'replace', filter: matching(id, need.path, need.value), replacement, upsert: true };
    }
  }
  if (typeof op.id !== 'string') throw new ReadStoreError('read-store.invalid-document', 'a delete needs a string id');
  const need = requirement(op.id, op.condition);
  switch (need.kind) {
    case 'any':
    case 'exists':
      return { kind: 'delete', filter: { _id: op.id } };
    // Absent means there is nothing to delete.
    case 'absent':
    case 'never':
      return { kind: 'skip' };
    case 'field-equals':
    case 'absent-or-field-equals':
      return { kind: 'delete', filter: matching(op.id, need.path, need.value) };
  }
}

/** An unconditional put: an upsert by id, which always takes effect. */
export type PlainPut = Extract<MongoWrite, { kind: 'replace' }>;

/** Writes in the order given: runs of unconditional puts go as one bulk write, the rest one by one. */
export type WriteStep =
  | { readonly kind: 'bulk'; readonly first: number; readonly puts: readonly PlainPut[] }
  | { readonly kind: 'single'; readonly index: number; readonly write: MongoWrite };

/**
 * Plans a bulkWrite. A bulk write reports only totals, not what each operation did; that is
 * enough for unconditional puts, which always take effect (the batches a rebuild writes), but
 * a conditional write or a delete must report its own outcome, so each is sent on its own.
 * Every op is checked before anything is written.
 */
export function planWrites(ops: readonly WriteOp[]): WriteStep[] {
  const writes = ops.map(toMongoWrite);
  const steps: WriteStep[] = [];
  let run: { first: number; puts: PlainPut[] } | undefined;
  writes.forEach((write, index) => {
    const plain = ops[index]?.op === 'put' && ops[index]?.condition === undefined && write.kind === 'replace';
    if (plain) {
      if (run === undefined) {
        run = { first: index, puts: [] };
        steps.push({ kind: 'bulk', first: run.first, puts: run.puts });
      }
      run.puts.push(write);
      return;
    }
    run = undefined;
    steps.push({ kind: 'single', index, write });
  });
  return steps;
}
