import { decimalToMinorUnits } from './channel-mapping.money.ts';
import type { Json, Transform, TransformName } from './channel-mapping.types.ts';

/** What a transform gives: a value, no value (absent in, or nothing found), or why it failed. */
export type Step = { readonly value: unknown } | { readonly absent: true } | { readonly reason: string };

/** What transforms may read besides the value: the order's currency, once mapped. */
export interface TransformContext {
  readonly currency?: string;
}

/** Every transform name, for validation and documentation. */
export const TRANSFORM_NAMES: readonly TransformName[] = [
  'decimalToMinor',
  'integer',
  'string',
  'trim',
  'upper',
  'lower',
  'lookup',
  'utc',
  'splitName',
  'queryParam',
];

const ABSENT: Step = { absent: true };
const describe = (value: unknown) => JSON.stringify(value) ?? String(value);

function onText(value: unknown, f: (text: string) => string): Step {
  return typeof value === 'string' ? { value: f(value) } : { reason: `${describe(value)} is not a text` };
}

function integer(value: unknown): Step {
  if (Number.isSafeInteger(value)) return { value };
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim()) && Number.isSafeInteger(Number(value))) {
    return { value: Number(value) };
  }
  return { reason: `${describe(value)} is not a whole number` };
}

const OFFSET = /^(?:Z|[+-]\d{2}:\d{2})$/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/;

/** A local time of the given zone (or an instant, or epoch seconds/ms) as ISO UTC. */
function utc(value: unknown, timeZone: string): Step {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Channels send epoch seconds; values this large can only be milliseconds.
    return { value: new Date(value < 1e12 ? value * 1000 : value).toISOString() };
  }
  if (typeof value !== 'string') return { reason: `${describe(value)} is not a date` };
  const iso = value.trim().replace(' ', 'T');
  const ms = Date.parse(HAS_ZONE.test(iso) ? iso : `${iso}${timeZone}`);
  return Number.isNaN(ms) ? { reason: `${describe(value)} is not a date` } : { value: new Date(ms).toISOString() };
}

// Two-character Chinese family names; every other Chinese name starts with a one-character one.
const COMPOUND_FAMILY_NAMES = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '令狐',
  '慕容',
  '尉迟',
  '公孙',
  '夏侯',
]);
const CJK = /^[\u3400-\u9fff]+$/;

/** One part of a full name: "王小明" → 王 / 小明, "Emily Clarke" → Clarke / Emily. */
function splitName(value: unknown, part: 'family' | 'given'): Step {
  if (typeof value !== 'string') return { reason: `${describe(value)} is not a text` };
  const name = value.trim();
  if (CJK.test(name)) {
    const cut = COMPOUND_FAMILY_NAMES.has(name.slice(0, 2)) && name.length > 2 ? 2 : 1;
    const piece = part === 'family' ? name.slice(0, cut) : name.slice(cut);
    return piece === '' ? ABSENT : { value: piece };
  }
  const words = name.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return ABSENT;
  if (part === 'family') return { value: words[words.length - 1] };
  return words.length > 1 ? { value: words.slice(0, -1).join(' ') } : ABSENT;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The value of a query parameter of a URL or path; absent when it has none. */
function queryParam(value: unknown, name: string): Step {
  if (typeof value !== 'string') return { reason: `${describe(value)} is not a URL` };
  const query = value.split('#')[0]?.split('?')[1] ?? '';
  for (const pair of query.split('&')) {
    const [key = '', raw = ''] = pair.split('=');
    if (decode(key) === name && raw !== '') return { value: decode(raw) };
  }
  return ABSENT;
}

function lookup(value: unknown, table: Readonly<Record<string, Json>>, fallback: Json | undefined): Step {
  const key = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  if (key !== undefined && Object.hasOwn(table, key)) return { value: table[key] };
  if (fallback !== undefined) return { value: fallback };
  return { reason: `${describe(value)} is not in the lookup table` };
}

/** Applies one transform; an absent value stays absent. */
export function applyTransform(transform: Transform, value: unknown, context: TransformContext): Step {
  if (value === undefined) return ABSENT;
  switch (transform.op) {
    case 'decimalToMinor':
      if (context.currency === undefined) return { reason: 'the order currency is needed to convert an amount' };
      return decimalToMinorUnits(value, context.currency);
    case 'integer':
      return integer(value);
    case 'string':
      return typeof value === 'object' && value !== null ? { reason: 'is not a scalar' } : { value: String(value) };
    case 'trim':
      return onText(value, (t) => t.trim());
    case 'upper':
      return onText(value, (t) => t.toUpperCase());
    case 'lower':
      return onText(value, (t) => t.toLowerCase());
    case 'lookup':
      return lookup(value, transform.table, transform.default);
    case 'utc':
      return OFFSET.test(transform.timeZone) ? utc(value, transform.timeZone) : { reason: 'bad time zone' };
    case 'splitName':
      return splitName(value, transform.part);
    case 'queryParam':
      return queryParam(value, transform.name);
  }
}
