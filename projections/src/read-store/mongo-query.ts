import { createHash } from 'node:crypto';
import type { Filter, FindOptions } from '@ordinal/domain';
import type { Document as MongoFilter } from 'mongodb';
import { ReadStoreError } from './read-store.errors.ts';

/*
 * Queries follow the embedded adapter's semantics, which were chosen to be MongoDB's own:
 * equality and ranges never match across types (1 is not true, 10 is not "10"; integers and
 * doubles compare as numbers), a null condition also matches a missing field, $ne matches
 * documents without the field, strings compare by their UTF-8 bytes (no collation), and in a
 * sort missing and null come first, then numbers, then strings.
 *
 * Where MongoDB differs and the conformance suite does not look:
 * - Arrays: `{ tags: 'x' }` matches a document whose `tags` array contains "x" (the embedded
 *   store matches only the scalar "x"); a path through an array of objects (`lines.sku`)
 *   reaches every element's field; a numeric segment (`lines.0`) is an array index, where the
 *   embedded store reads an object key "0". Field conditions on array values differ the same way.
 * - Sort order of other types: the embedded store sorts booleans as 0/1 among the numbers and
 *   objects and arrays by their JSON text among the strings; MongoDB sorts objects after
 *   strings, then arrays (by their smallest element ascending, largest descending), then
 *   booleans.
 * - Object values in write conditions match only with the same key order in MongoDB.
 * - A top-level `_id` is MongoDB's key: documents may not carry one, and it is not a field
 *   a query can name (`id` is).
 */

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * MongoDB's path for one of our dotted fields: `id` is stored as `_id`. Segments follow the
 * embedded adapter's whitelist, which also keeps `$` operators out of field names.
 */
export function mongoPath(field: string): string {
  const segments = typeof field === 'string' ? field.split('.') : [''];
  if (segments.some((s) => !SEGMENT.test(s))) {
    throw new ReadStoreError(
      'read-store.invalid-field',
      `field "${field}" is not a dotted path of [A-Za-z0-9_-] names`,
    );
  }
  if (segments[0] === '_id') {
    throw new ReadStoreError('read-store.invalid-field', `field "${field}": _id is reserved, the key is "id"`);
  }
  if (segments[0] === 'id') segments[0] = '_id';
  return segments.join('.');
}

/** True for `{ $op: … }` objects, as opposed to values compared for equality. */
function isOperatorObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function unsupported(field: string, detail: string): ReadStoreError {
  return new ReadStoreError('read-store.unsupported-filter', `filter on "${field}": ${detail}`);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A value an equality may compare: the embedded store refuses objects and arrays, so MongoDB does too. */
function comparable(field: string, value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || isFiniteNumber(value)) return value;
  throw unsupported(field, 'only strings, finite numbers, booleans and null can be compared');
}

function operand(field: string, operator: string, value: unknown): unknown {
  switch (operator) {
    case '$eq':
    case '$ne':
      return comparable(field, value);
    case '$in':
      if (!Array.isArray(value)) throw unsupported(field, '$in takes an array');
      return value.map((v) => comparable(field, v));
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if (typeof value === 'string' || isFiniteNumber(value)) return value;
      throw unsupported(field, `${operator} takes a string or a finite number`);
    default:
      throw unsupported(field, `unknown operator ${operator}`);
  }
}

/**
 * Our filter as a MongoDB query. Bare values become `$eq`, so a value is never read as an
 * operator; undefined values add no condition, as in the embedded adapter.
 */
export function toMongoFilter(filter: Filter | undefined): MongoFilter {
  const query: MongoFilter = {};
  for (const [field, spec] of Object.entries(filter ?? {})) {
    if (spec === undefined) continue;
    const path = mongoPath(field);
    const conditions: Record<string, unknown> = {};
    if (isOperatorObject(spec)) {
      for (const [operator, value] of Object.entries(spec)) {
        if (value !== undefined) conditions[operator] = operand(field, operator, value);
      }
    } else {
      conditions.$eq = comparable(field, spec);
    }
    if (Object.keys(conditions).length > 0) query[path] = conditions;
  }
  return query;
}

/** A MongoDB sort as ordered pairs (object keys that look like integers would be reordered). */
export type MongoSort = [string, 1 | -1][];

/** The sort keys in order, then `_id` in the last key's direction as the tie-break. */
export function toMongoSort(sort: FindOptions['sort']): MongoSort {
  const keys = sort ?? [];
  const pairs: MongoSort = [];
  const seen = new Set<string>();
  // MongoDB refuses a key twice; in SQL a repeated key changes nothing, so the first one wins.
  const add = (path: string, direction: 1 | -1) => {
    if (seen.has(path)) return;
    seen.add(path);
    pairs.push([path, direction]);
  };
  for (const [field, direction] of keys) add(mongoPath(field), direction === 'desc' ? -1 : 1);
  add('_id', keys[keys.length - 1]?.[1] === 'desc' ? -1 : 1);
  return pairs;
}

/** What a find sends: `none` when the answer is empty without asking (a limit of 0 means "no limit" to MongoDB). */
export interface MongoFindPlan {
  readonly filter: MongoFilter;
  readonly sort: MongoSort;
  readonly skip: number;
  readonly limit: number | undefined;
  readonly none: boolean;
}

/** Translates and checks a find's filter and options. */
export function toMongoFind(filter: Filter | undefined, options: FindOptions = {}): MongoFindPlan {
  const limit = options.limit === undefined ? undefined : nonNegative('limit', options.limit);
  const skip = options.skip === undefined ? 0 : nonNegative('skip', options.skip);
  return { filter: toMongoFilter(filter), sort: toMongoSort(options.sort), skip, limit, none: limit === 0 };
}

function nonNegative(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ReadStoreError('read-store.unsupported-filter', `${name} must be a non-negative integer`);
  }
  return value;
}

/** An index to create: its ascending keys and a name that depends only on the fields. */
export interface MongoIndexPlan {
  readonly keys: [string, 1][];
  readonly name: string;
}

/**
 * The index for ensureIndex, or undefined when none is needed (no fields, or only `id`,
 * which the `_id` index already serves). Repeated fields are dropped, as MongoDB refuses them.
 */
export function toMongoIndex(fields: readonly string[]): MongoIndexPlan | undefined {
  const paths = [...new Set(fields.map(mongoPath))];
  if (paths.length === 0 || (paths.length === 1 && paths[0] === '_id')) return undefined;
  const digest = createHash('sha1').update(paths.join('\0')).digest('hex').slice(0, 16);
  return { keys: paths.map((p) => [p, 1]), name: `ix_${digest}` };
}
