import { createHash } from 'node:crypto';
import type {
  Document,
  DocumentCollection,
  Filter,
  FindOptions,
  ValueCount,
  WriteCondition,
  WriteOp,
} from '@ordinal/domain';
import type Database from 'better-sqlite3';
import { ReadStoreError } from './read-store.errors.ts';
import { compileFilter, compileSort, equalitySort, fieldExpression, jsonPath, typeOf } from './sqlite-filter.ts';
import { type StoredField, satisfies } from './write-condition.ts';

/** What a collection needs of the store's connection (kept off the store's public surface). */
export interface SqliteHandle {
  /** A cached prepared statement (find queries repeat with the same shape). */
  statement(sql: string): Database.Statement;
  /** Runs fn in a write transaction that takes the lock first, so read-check-write is atomic across processes. */
  writeTransaction<R>(fn: () => R): R;
  exec(sql: string): void;
}

/** A collection's name as an SQL string literal. */
const literal = (name: string) => `'${name.replaceAll("'", "''")}'`;

/**
 * One collection: rows of the shared `documents` table with its name. Its indexes are partial
 * (`WHERE collection = '<name>'`): every collection shares the table, and a full index would be
 * computed (a JSON path extracted) on every write to any collection. Queries name the collection
 * as a literal, which is how SQLite knows such an index serves them.
 */
export class SqliteCollection<T extends Document> implements DocumentCollection<T> {
  readonly #scope: string;

  constructor(
    private readonly store: SqliteHandle,
    private readonly name: string,
  ) {
    this.#scope = `collection = ${literal(name)}`;
  }

  async get(id: string): Promise<T | undefined> {
    const row = this.store.statement('SELECT body FROM documents WHERE collection = ? AND id = ?').get(this.name, id) as
      | { body: string }
      | undefined;
    return row === undefined ? undefined : (JSON.parse(row.body) as T);
  }

  async getMany(ids: readonly string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const rows = this.store
      .statement('SELECT id, body FROM documents WHERE collection = ? AND id IN (SELECT value FROM json_each(?))')
      .all(this.name, JSON.stringify(ids)) as { id: string; body: string }[];
    const byId = new Map(rows.map((r) => [r.id, r.body]));
    const seen = new Set<string>();
    const docs: T[] = [];
    for (const id of ids) {
      const body = byId.get(id);
      if (body === undefined || seen.has(id)) continue;
      seen.add(id);
      docs.push(JSON.parse(body) as T);
    }
    return docs;
  }

  async put(doc: T, condition?: WriteCondition): Promise<boolean> {
    const [applied] = this.write([{ op: 'put', doc, condition }]);
    return applied === true;
  }

  async delete(id: string, condition?: WriteCondition): Promise<boolean> {
    const [applied] = this.write([{ op: 'delete', id, condition }]);
    return applied === true;
  }

  async bulkWrite(ops: readonly WriteOp<T>[]): Promise<boolean[]> {
    return this.write(ops);
  }

  async find(filter?: Filter, options: FindOptions = {}): Promise<T[]> {
    const where = compileFilter(filter);
    const limit = options.limit === undefined ? -1 : nonNegative('limit', options.limit);
    const skip = options.skip === undefined ? 0 : nonNegative('skip', options.skip);
    const sql = `SELECT body FROM documents WHERE ${this.#scope} AND (${where.sql}) ORDER BY ${compileSort(options.sort ?? equalitySort(filter))} LIMIT ? OFFSET ?`;
    const rows = this.store.statement(sql).all(...where.params, limit, skip) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as T);
  }

  async count(filter?: Filter): Promise<number> {
    const where = compileFilter(filter);
    const sql = `SELECT count(*) AS n FROM documents WHERE ${this.#scope} AND (${where.sql})`;
    return (this.store.statement(sql).get(...where.params) as { n: number }).n;
  }

  async countBy(field: string, filter?: Filter): Promise<ValueCount[]> {
    const where = compileFilter(filter);
    // The path is written into the SQL, as in find: only then can an index on the field serve the grouping.
    // json_type keeps true apart from 1 and "1": json_extract alone gives all three as 1.
    const sql = `SELECT ${fieldExpression(field)} AS v, ${typeOf(field)} AS t, count(*) AS n FROM documents WHERE ${this.#scope} AND (${where.sql}) GROUP BY v, t`;
    const rows = this.store.statement(sql).all(...where.params) as {
      v: unknown;
      t: string | null;
      n: number;
    }[];
    const counts = new Map<string, ValueCount>();
    for (const row of rows) {
      const value = (fromSql(row.v, row.t) ?? null) as ValueCount['value'];
      const key = JSON.stringify(value);
      counts.set(key, { value, count: (counts.get(key)?.count ?? 0) + row.n });
    }
    return [...counts.values()].sort((a, b) => b.count - a.count);
  }

  async ensureIndex(fields: readonly string[]): Promise<void> {
    if (fields.length === 0) return;
    const expressions = fields.map(fieldExpression);
    const digest = createHash('sha1')
      .update(`${this.name}\0${fields.join('\0')}`)
      .digest('hex')
      .slice(0, 16);
    // Earlier versions indexed every collection's rows under ix_<digest>; the partial index replaces it.
    this.store.exec(`DROP INDEX IF EXISTS ix_${digest}`);
    // The collection still leads the key: with it the planner weighs the index as it did the full one.
    this.store.exec(
      `CREATE INDEX IF NOT EXISTS ixp_${digest} ON documents (collection, ${expressions.join(', ')}) WHERE ${this.#scope}`,
    );
  }

  async clear(): Promise<void> {
    this.store.statement('DELETE FROM documents WHERE collection = ?').run(this.name);
  }

  private write(ops: readonly WriteOp<T>[]): boolean[] {
    const bodies = ops.map((op) => (op.op === 'put' ? serialize(op.doc) : undefined));
    return this.store.writeTransaction(() =>
      ops.map((op, i) => {
        const id = op.op === 'put' ? op.doc.id : op.id;
        if (op.condition !== undefined && !satisfies(this.storedField(id, op.condition), op.condition)) return false;
        if (op.op === 'delete') {
          return (
            this.store.statement('DELETE FROM documents WHERE collection = ? AND id = ?').run(this.name, id).changes > 0
          );
        }
        this.store
          .statement(
            'INSERT INTO documents (collection, id, body) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body',
          )
          .run(this.name, id, bodies[i]);
        return true;
      }),
    );
  }

  /** What a condition needs of the stored document: whether it exists and the field's value. */
  private storedField(id: string, condition: { readonly kind: string; readonly field?: string }): StoredField {
    if (condition.field === undefined) {
      const row = this.store.statement('SELECT 1 FROM documents WHERE collection = ? AND id = ?').get(this.name, id);
      return { exists: row !== undefined, value: undefined };
    }
    const row = this.store
      .statement(
        'SELECT json_extract(body, ?) AS v, json_type(body, ?) AS t FROM documents WHERE collection = ? AND id = ?',
      )
      .get(jsonPath(condition.field), jsonPath(condition.field), this.name, id) as
      | { v: unknown; t: string | null }
      | undefined;
    if (row === undefined) return { exists: false, value: undefined };
    return { exists: true, value: fromSql(row.v, row.t) };
  }
}

function fromSql(value: unknown, type: string | null): unknown {
  switch (type) {
    case null:
      return undefined;
    case 'null':
      return null;
    case 'true':
      return true;
    case 'false':
      return false;
    case 'object':
    case 'array':
      return JSON.parse(value as string);
    default:
      return value;
  }
}

function serialize(doc: Document): string {
  if (typeof doc !== 'object' || doc === null || typeof doc.id !== 'string' || doc.id.length === 0) {
    throw new ReadStoreError('read-store.invalid-document', 'a document needs a non-empty string id');
  }
  return JSON.stringify(doc);
}

function nonNegative(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ReadStoreError('read-store.unsupported-filter', `${name} must be a non-negative integer`);
  }
  return value;
}
