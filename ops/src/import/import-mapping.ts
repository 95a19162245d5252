import {
  applyMapping,
  evaluateRule,
  type FieldRule,
  isTimeZone,
  localTimeToUtc,
  type MappingDocument,
  type MappingProblem,
  readPath,
  sourceOf,
  validateMapping,
} from '@ordinal/domain';
import { orderIdForIdempotencyKey } from '@ordinal/gateways';
import { HISTORY_STATUSES, type HistoryStatus, type OrderHistory } from './import.types.ts';

/** The name of an import source: lower-case letters, digits and dashes (it names the report file). */
export const SOURCE_NAME = /^[a-z][a-z0-9-]{1,39}$/;

/** The timestamps a history may read; `placedAt` is required. */
const TIMES = ['placedAt', 'paidAt', 'shippedAt', 'deliveredAt', 'cancelledAt', 'promisedBy'] as const;
const TEXTS = ['status', 'paymentMethod', 'cancelReason'] as const;
const HISTORY_KEYS: readonly string[] = [...TIMES, ...TEXTS];
const DOCUMENT_KEYS = ['source', 'description', 'timeZone', 'groupBy', 'order', 'history', 'locationId'];

/**
 * A declarative import mapping: which fields of a record (a CSV row group or an NDJSON object)
 * give an order and its history. `order` is a channel intake mapping document (docs/channels.md)
 * that gives the PlaceOrder; `history` gives the status and the time of each step, read as
 * wall-clock times of `timeZone` (an IANA zone such as `America/Sao_Paulo`, daylight saving
 * included) unless they carry their own offset; `locationId` is read per line (where each line
 * shipped from). For CSV, `groupBy` names the column that joins the rows of one order: the
 * record is the first row with `rows` holding them all, so `order.lines.each` is `rows`.
 */
export interface ImportMappingDocument {
  readonly source: string;
  readonly description?: string;
  readonly timeZone: string;
  readonly groupBy?: string;
  readonly order: MappingDocument;
  readonly history: Readonly<Partial<Record<(typeof TIMES)[number] | (typeof TEXTS)[number], FieldRule>>>;
  readonly locationId?: FieldRule;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const OFFSET = /^(?:Z|[+-]\d{2}:\d{2})$/;

/** Every problem of an import mapping, with its JSON-pointer location; empty when it can be used. */
export function validateImportMapping(document: unknown): MappingProblem[] {
  if (!isRecord(document)) return [{ location: '', problem: 'must be an object' }];
  const problems: MappingProblem[] = [];
  for (const key of Object.keys(document)) {
    if (!DOCUMENT_KEYS.includes(key))
      problems.push({ location: `/${key}`, problem: 'is not a property of an import mapping' });
  }
  if (typeof document.source !== 'string' || !SOURCE_NAME.test(document.source)) {
    problems.push({ location: '/source', problem: 'must be 2 to 40 lower-case letters, digits or dashes' });
  }
  const zone = document.timeZone;
  if (typeof zone !== 'string' || !(OFFSET.test(zone) || isTimeZone(zone))) {
    problems.push({
      location: '/timeZone',
      problem: 'must be an IANA time zone (America/Sao_Paulo) or an offset (+08:00, Z)',
    });
  }
  if (document.groupBy !== undefined && (typeof document.groupBy !== 'string' || document.groupBy === '')) {
    problems.push({ location: '/groupBy', problem: 'must name a column' });
  }
  const order = validateMapping(document.order);
  if (!order.ok) for (const p of order.problems) problems.push({ location: `/order${p.location}`, problem: p.problem });
  const history = document.history;
  if (!isRecord(history)) problems.push({ location: '/history', problem: 'must be an object of rules' });
  else {
    for (const key of Object.keys(history)) {
      if (!HISTORY_KEYS.includes(key))
        problems.push({ location: `/history/${key}`, problem: `is not one of ${HISTORY_KEYS.join(', ')}` });
      else if (!isRecord(history[key])) problems.push({ location: `/history/${key}`, problem: 'must be a rule' });
    }
    for (const required of ['status', 'placedAt']) {
      if (history[required] === undefined) problems.push({ location: `/history/${required}`, problem: 'is required' });
    }
  }
  if (document.locationId !== undefined && !isRecord(document.locationId)) {
    problems.push({ location: '/locationId', problem: 'must be a rule' });
  }
  return problems;
}

/** A record's time as ISO UTC: an instant with its own offset as is, a wall-clock time in the mapping's zone. */
export function instantOf(value: unknown, timeZone: string): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value))
    return new Date(value < 1e12 ? value * 1000 : value).toISOString();
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/(?:Z|[+-]\d{2}:?\d{2})$/.test(text) && /\d{2}:\d{2}/.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  if (OFFSET.test(timeZone)) {
    const ms = Date.parse(`${text.replace(' ', 'T')}${text.length === 10 ? 'T00:00:00' : ''}${timeZone}`);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  return localTimeToUtc(text, timeZone);
}

/** What mapping one record gives: a history, or every reason it cannot be read. */
export type MappedRecord =
  | { readonly ok: true; readonly history: OrderHistory }
  | { readonly ok: false; readonly errors: readonly string[]; readonly orderId?: string };

/**
 * Maps one record with a validated import mapping: the order through the channel mapping (its
 * order id derived as channel intake derives it, from `<channel>:<externalOrderId>`), the
 * history's status and times, each line's location (one shipment per location).
 */
export function mapRecord(mapping: ImportMappingDocument, record: unknown, ref: string): MappedRecord {
  const errors: string[] = [];
  const mapped = applyMapping(mapping.order, record);
  if (!mapped.ok) {
    for (const e of mapped.errors) errors.push(`${e.field}${e.path === '' ? '' : ` (${e.path})`}: ${e.reason}`);
  }
  const read = (key: keyof ImportMappingDocument['history']) => {
    const rule = mapping.history[key];
    if (rule === undefined) return undefined;
    const step = evaluateRule(rule, record, record, {});
    if ('reason' in step) errors.push(`history.${key} (${sourceOf(rule)}): ${step.reason}`);
    return 'value' in step && step.value !== null ? step.value : undefined;
  };
  const times: Partial<Record<(typeof TIMES)[number], string>> = {};
  for (const key of TIMES) {
    const value = read(key);
    if (value === undefined) continue;
    const instant = instantOf(value, mapping.timeZone);
    if (instant === undefined) errors.push(`history.${key}: ${JSON.stringify(value)} is not a time`);
    else times[key] = instant;
  }
  const before = errors.length;
  const status = read('status');
  if (errors.length === before && !HISTORY_STATUSES.includes(status as HistoryStatus)) {
    errors.push(
      `history.status: ${JSON.stringify(status)} is not one of ${HISTORY_STATUSES.join(', ')} (map the source's words with a lookup)`,
    );
  }
  if (times.placedAt === undefined) errors.push('history.placedAt: is missing');
  const externalOrderId = mapped.ok ? mapped.command.channel.externalOrderId : mapped.externalOrderId;
  const orderId =
    externalOrderId === undefined ? undefined : orderIdForIdempotencyKey(`${mapping.order.channel}:${externalOrderId}`);
  if (!mapped.ok || errors.length > 0 || orderId === undefined)
    return { ok: false, errors, ...(orderId === undefined ? {} : { orderId }) };
  const items = readPath(record, record, mapping.order.lines.each);
  const lines = mapped.command.lines.map((line, i) => ({ ...line, lineId: line.lineId ?? String(i + 1) }));
  const byLocation = new Map<string, string[]>();
  lines.forEach((line, i) => {
    const rule = mapping.locationId;
    const step =
      rule === undefined ? undefined : evaluateRule(rule, record, Array.isArray(items) ? items[i] : undefined, {});
    const locationId = step !== undefined && 'value' in step && step.value !== null ? String(step.value) : 'import';
    byLocation.set(locationId, [...(byLocation.get(locationId) ?? []), line.lineId]);
  });
  const { promisedBy, ...history } = times;
  const text = (key: 'paymentMethod' | 'cancelReason') => {
    const value = read(key);
    return value === undefined ? {} : { [key]: String(value) };
  };
  return {
    ok: true,
    history: {
      orderId,
      record: ref,
      status: status as HistoryStatus,
      place: { ...mapped.command, lines, ...(promisedBy === undefined ? {} : { promisedBy }) },
      ...history,
      ...text('paymentMethod'),
      ...text('cancelReason'),
      shipments: [...byLocation].map(([locationId, lineIds], i) => ({ shipmentId: `s${i + 1}`, locationId, lineIds })),
    },
  };
}
