import type { Filter, FindOptions } from '@ordinal/domain';
import { ReadStoreError } from './read-store.errors.ts';

/** A piece of SQL with its positional parameters. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const NUMERIC_TYPES = "('integer','real')";

/**
 * The SQL expression reading a dotted field of the stored JSON. The path is inlined as a
 * literal (not bound) so that queries match expression indexes textually, which is how
 * SQLite decides to use them; segments are whitelisted, so the literal cannot be escaped.
 */
export function fieldExpression(field: string): string {
  return `json_extract(body, ${jsonPathLiteral(field)})`;
}

/** The JSON path (`$."a"."b"`) of a dotted field; segments are whitelisted. */
export function jsonPath(field: string): string {
  const segments = field.split('.');
  if (segments.some((s) => !SEGMENT.test(s))) {
    throw new ReadStoreError(
      'read-store.invalid-field',
      `field "${field}" is not a dotted path of [A-Za-z0-9_-] names`,
    );
  }
  return `$${segments.map((s) => `."${s}"`).join('')}`;
}

function jsonPathLiteral(field: string): string {
  return `'${jsonPath(field)}'`;
}

/** The JSON type of a field's value (`text`, `integer`, `true`…; NULL when absent). */
export function typeOf(field: string): string {
  return `json_type(body, ${jsonPathLiteral(field)})`;
}

/** True for `{ $op: … }` objects, as opposed to values compared for equality. */
export function isOperatorObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function unsupported(field: string, detail: string): ReadStoreError {
  return new ReadStoreError('read-store.unsupported-filter', `filter on "${field}": ${detail}`);
}

/** Equality on a scalar; the type check keeps `1` from matching `true` or `"1"` (as MongoDB does). */
function equals(field: string, value: unknown): SqlFragment {
  const e = fieldExpression(field);
  if (value === null) return { sql: `${e} IS NULL`, params: [] };
  if (typeof value === 'boolean') return { sql: `${typeOf(field)} = '${value ? 'true' : 'false'}'`, params: [] };
  if (typeof value === 'string') return { sql: `(${e} = ? AND ${typeOf(field)} = 'text')`, params: [value] };
  if (typeof value === 'number' && Number.isFinite(value)) {
    return { sql: `(${e} = ? AND ${typeOf(field)} IN ${NUMERIC_TYPES})`, params: [value] };
  }
  throw unsupported(field, 'only strings, finite numbers, booleans and null can be compared');
}

const RANGE_OPERATORS = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

function range(field: string, operator: keyof typeof RANGE_OPERATORS, value: unknown): SqlFragment {
  const e = fieldExpression(field);
  const op = RANGE_OPERATORS[operator];
  if (typeof value === 'string') return { sql: `(${e} ${op} ? AND ${typeOf(field)} = 'text')`, params: [value] };
  if (typeof value === 'number' && Number.isFinite(value)) {
    return { sql: `(${e} ${op} ? AND ${typeOf(field)} IN ${NUMERIC_TYPES})`, params: [value] };
  }
  throw unsupported(field, `${operator} takes a string or a finite number`);
}

function condition(field: string, operator: string, value: unknown): SqlFragment {
  switch (operator) {
    case '$eq':
      return equals(field, value);
    case '$ne': {
      const eq = equals(field, value);
      return { sql: `NOT coalesce(${eq.sql}, 0)`, params: eq.params };
    }
    case '$in': {
      if (!Array.isArray(value)) throw unsupported(field, '$in takes an array');
      if (value.length === 0) return { sql: '0', params: [] };
      const parts = value.map((v) => equals(field, v));
      return { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return range(field, operator, value);
    default:
      throw unsupported(field, `unknown operator ${operator}`);
  }
}

/** A filter as a WHERE condition (`1` when empty); undefined values add no condition. */
export function compileFilter(filter: Filter | undefined): SqlFragment {
  const parts: SqlFragment[] = [];
  for (const [field, spec] of Object.entries(filter ?? {})) {
    if (spec === undefined) continue;
    if (isOperatorObject(spec)) {
      for (const [operator, value] of Object.entries(spec)) {
        if (value !== undefined) parts.push(condition(field, operator, value));
      }
    } else {
      parts.push(equals(field, spec));
    }
  }
  if (parts.length === 0) return { sql: '1', params: [] };
  return { sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) };
}

/**
 * The fields a filter holds to one value (a bare value), as ascending sort keys. Sorting by them
 * before id changes no order, and it lets SQLite take an index on them for a query without a sort:
 * otherwise it walks the whole collection in id order rather than sort what the index finds.
 */
export function equalitySort(filter: Filter | undefined): NonNullable<FindOptions['sort']> {
  return Object.entries(filter ?? {})
    .filter(([, spec]) => spec !== undefined && !isOperatorObject(spec))
    .map(([field]) => [field, 'asc'] as const);
}

/** ORDER BY for the sort keys, with id as the final tiebreak in the last key's direction. */
export function compileSort(sort: FindOptions['sort']): string {
  const keys = sort ?? [];
  const terms = keys.map(([field, direction]) => `${fieldExpression(field)} ${direction === 'desc' ? 'DESC' : 'ASC'}`);
  const last = keys[keys.length - 1];
  terms.push(`id ${last?.[1] === 'desc' ? 'DESC' : 'ASC'}`);
  return terms.join(', ');
}
