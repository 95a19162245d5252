import type { Document, DocumentCollection, FieldCondition, Filter } from '@ordinal/domain';
import type { OrderTrackingDocument } from '@ordinal/projections';
import type { Static } from 'typebox';
import { ApiError } from '../http/errors.ts';
import type { OrderSummarySchema } from './order-tracking.schemas.ts';

/** The filters of `GET /orders`, as validated. */
export interface OrderListQuery {
  readonly customerId?: string;
  /** A main status or a prefix of one: `fulfilment` matches `fulfilment.inTransit`. */
  readonly status?: string;
  readonly channel?: string;
  /** placedAt ≥ from (ISO 8601). */
  readonly from?: string;
  /** placedAt ≤ to (ISO 8601). */
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/** Where the tracking document keeps the fields the list filters on. */
export interface ListFields {
  readonly customerId: string;
  /** The dotted main status (`fulfilment.inTransit`). */
  readonly status: string;
  /** Its first segment (`fulfilment`), when the document keeps it: an equality uses indexes best. */
  readonly stage?: string;
  readonly channel: string;
  readonly placedAt: string;
}

/** Where the orderTracking document keeps what the list filters on (indexed by the projection). */
export const TRACKING_LIST_FIELDS: ListFields = {
  customerId: 'customerId',
  status: 'status.main',
  stage: 'stage',
  channel: 'channel.salesChannel',
  placedAt: 'placedAt',
};

/** The last sort key of a page: the next page starts strictly after it. */
export interface ListCursor {
  readonly placedAt: string;
  readonly id: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** Encodes a cursor as opaque base64url text. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.placedAt, cursor.id]), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`; anything else is a 400 naming the cursor. */
export function decodeCursor(text: string): ListCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      const [placedAt, id] = value as [string, string];
      return { placedAt, id };
    }
  } catch {
    // Falls through to the 400 below.
  }
  const details = { field: '/cursor', reason: 'is not a cursor this API returned', location: 'querystring' };
  throw new ApiError(400, 'request.invalid', 'querystring/cursor is not a cursor this API returned', details);
}

/** Instants are compared as text, so both sides use the store's form (toISOString). */
function normalizeInstant(value: string): string {
  return new Date(value).toISOString();
}

/**
 * The prefix as a key range: `[p, p + '/')` holds `p` and every `p.<sub>` (`/` follows `.`),
 * and no other state name, since names are letters only; ranges use the store's indexes.
 */
export function statusRange(prefix: string): FieldCondition {
  return { $gte: prefix, $lt: `${prefix}/` };
}

/** The store filter for the query's own conditions (without the cursor). */
export function listFilter(query: OrderListQuery, fields: ListFields): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.customerId !== undefined) filter[fields.customerId] = query.customerId;
  if (query.channel !== undefined) filter[fields.channel] = query.channel;
  if (query.status !== undefined) {
    if (fields.stage !== undefined && !query.status.includes('.')) filter[fields.stage] = query.status;
    else filter[fields.status] = statusRange(query.status);
  }
  const placed: Record<string, string> = {};
  if (query.from !== undefined) placed.$gte = normalizeInstant(query.from);
  if (query.to !== undefined) placed.$lte = normalizeInstant(query.to);
  if (Object.keys(placed).length > 0) filter[fields.placedAt] = placed;
  return filter;
}

/**
 * One page of documents, newest placedAt first (id breaks ties), and the cursor of the next
 * page. Keyset paging: the ties of the cursor's placedAt come first, then older ones, so a
 * page never skips or repeats a document while others are added.
 */
export async function listPage<T extends Document>(
  collection: DocumentCollection<T>,
  query: OrderListQuery,
  fields: ListFields,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
  const base = listFilter(query, fields);
  const sort = [[fields.placedAt, 'desc']] as const;
  const items: T[] = [];
  let older: Record<string, unknown> = (base[fields.placedAt] as Record<string, unknown> | undefined) ?? {};
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor);
    const ties: Filter = { ...base, [fields.placedAt]: cursor.placedAt, id: { $lt: cursor.id } };
    items.push(...(await collection.find(ties, { sort, limit: limit + 1 })));
    older = { ...older, $lt: cursor.placedAt };
  }
  if (items.length <= limit) {
    const rest: Record<string, unknown> = { ...base };
    if (Object.keys(older).length > 0) rest[fields.placedAt] = older;
    items.push(...(await collection.find(rest, { sort, limit: limit + 1 - items.length })));
  }
  if (items.length <= limit) return { items, nextCursor: null };
  const page = items.slice(0, limit);
  const last = page[page.length - 1] as T;
  const placedAt = readField(last, fields.placedAt);
  return { items: page, nextCursor: encodeCursor({ placedAt: String(placedAt), id: last.id }) };
}

/** The value at a dotted path of a document. */
export function readField(doc: object, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** One order in a list, as served. */
export type OrderSummary = Static<typeof OrderSummarySchema>;

/** A tracking document as a list item: enough to pick the order. */
export function orderSummary(doc: OrderTrackingDocument): OrderSummary {
  return {
    orderId: doc.orderId,
    revision: doc.revision,
    status: doc.status,
    stage: doc.stage,
    customerId: doc.customerId,
    channel: doc.channel,
    total: doc.totals.total,
    placedAt: doc.placedAt,
    updatedAt: doc.updatedAt,
  };
}

/** One page of orderTracking as summaries: what `GET /orders` and a customer's list answer. */
export async function listOrderSummaries(
  tracking: DocumentCollection<OrderTrackingDocument>,
  query: OrderListQuery,
): Promise<{ items: OrderSummary[]; nextCursor: string | null }> {
  const page = await listPage(tracking, query, TRACKING_LIST_FIELDS);
  return { items: page.items.map(orderSummary), nextCursor: page.nextCursor };
}
