import type { EventView } from '../orders/order-views.ts';

/**
 * The websocket protocol at `/ws`: JSON text frames, one message per frame. docs/websocket.md
 * describes every message, error code and close code with an example session.
 */

/** Filters of an ops feed; each given one must match (a list matches any of its values). */
export interface OpsFeedFilters {
  /** Order stage (`confirmed`, `fulfilment`, `completed`…) or full main status (`fulfilment.inTransit`). */
  readonly status?: readonly string[];
  /** Sales channel (`tmall`, `webshop`…). */
  readonly channel?: readonly string[];
  /** Location a shipment of the order is allocated to. */
  readonly location?: readonly string[];
  readonly customer?: readonly string[];
}

/** What a client may send. */
export type ClientMessage =
  | { readonly type: 'subscribe'; readonly id: string; readonly order: string; readonly fromRevision?: number }
  | { readonly type: 'subscribe'; readonly id: string; readonly feed: 'ops'; readonly filters?: OpsFeedFilters }
  | { readonly type: 'subscribe'; readonly id: string; readonly feed: 'alerts' }
  | { readonly type: 'unsubscribe'; readonly id: string }
  | { readonly type: 'ping'; readonly id?: string };

/** One order change as an ops feed shows it: enough to update a board row without another request. */
export interface OrderChange {
  readonly orderId: string;
  readonly revision: number;
  readonly position: number;
  readonly eventType: string;
  readonly occurredAt: string;
  readonly status: { readonly main: string; readonly payment: string; readonly returns: string };
  readonly stage: string;
  readonly channel: string | null;
  readonly customerId: string | null;
  readonly locations: readonly string[];
}

/** One alert event as the alerts feed shows it: the alert after it, enough to add or update a board row. */
export interface AlertChange {
  readonly alertId: string;
  readonly eventType: string;
  readonly position: number;
  readonly occurredAt: string;
  readonly status: 'open' | 'acknowledged' | 'resolved';
  readonly rule: { readonly ruleSet: string; readonly version: number; readonly ruleId: string; readonly kind: string };
  readonly subject: { readonly kind: string; readonly id: string };
  readonly summary: string;
  readonly figures: Readonly<Record<string, unknown>>;
  readonly audience: string;
}

/** What the server sends. `id` is the subscription the message belongs to. */
export type ServerMessage =
  | { readonly type: 'subscribed'; readonly id: string; readonly order: string; readonly revision: number }
  | { readonly type: 'subscribed'; readonly id: string; readonly feed: 'ops' | 'alerts' }
  | {
      readonly type: 'event';
      readonly id: string;
      readonly orderId: string;
      readonly revision: number;
      readonly event: EventView;
    }
  | {
      readonly type: 'view';
      readonly id: string;
      readonly orderId: string;
      readonly revision: number;
      readonly view: Readonly<Record<string, unknown>>;
    }
  | { readonly type: 'change'; readonly id: string; readonly change: OrderChange }
  | { readonly type: 'alert'; readonly id: string; readonly alert: AlertChange }
  | { readonly type: 'unsubscribed'; readonly id: string }
  | { readonly type: 'pong'; readonly id?: string }
  | {
      readonly type: 'error';
      readonly id?: string;
      readonly code: LiveErrorCode;
      readonly message: string;
      readonly details?: Readonly<Record<string, unknown>>;
    };

/** Stable codes of `error` messages. None of them closes the connection. */
export type LiveErrorCode =
  | 'message.malformed'
  | 'message.invalid'
  | 'message.unknown-type'
  | 'subscription.duplicate-id'
  | 'subscription.not-found'
  | 'subscription.limit'
  | 'order.not-found'
  | 'order.revision-ahead'
  | 'auth.forbidden'
  | 'server.error';

/** Close codes the server uses (4000–4999 are the application's own). */
export const CLOSE_CODES = {
  /** The server is shutting down: reconnect (to another instance) and resume. */
  goingAway: 1001,
  /** A frame larger than the limit (sent by ws itself). */
  tooLarge: 1009,
  /** The client read too slowly and its buffer overflowed: reconnect and resume from the last revision seen. */
  resume: 4000,
  /** The token is missing, invalid or expired. */
  unauthorized: 4001,
} as const;

/** A client message that could not be taken, with the error to answer. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: LiveErrorCode,
    message: string,
    readonly id?: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const ORDER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const FILTER_KEYS = ['status', 'channel', 'location', 'customer'] as const;
const MAX_FILTER_VALUES = 50;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, reason: string, id?: string): ProtocolError {
  return new ProtocolError('message.invalid', `${field} ${reason}`, id, { field, reason });
}

function onlyKeys(message: Record<string, unknown>, allowed: readonly string[], id?: string): void {
  for (const key of Object.keys(message)) {
    if (!allowed.includes(key)) throw invalid(`/${key}`, 'is not a field of this message', id);
  }
}

function subscriptionId(message: Record<string, unknown>): string {
  const id = message.id;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw invalid('/id', 'must be 1 to 64 letters, digits or . _ : -');
  }
  return id;
}

function filters(raw: unknown, id: string): OpsFeedFilters {
  if (raw === undefined) return {};
  if (!isRecord(raw)) throw invalid('/filters', 'must be an object', id);
  onlyKeys(raw, FILTER_KEYS, id);
  const result: Record<string, readonly string[]> = {};
  for (const key of FILTER_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    const values = typeof value === 'string' ? [value] : value;
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      values.length > MAX_FILTER_VALUES ||
      !values.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 128)
    ) {
      throw invalid(`/filters/${key}`, `must be a non-empty string or a list of 1 to ${MAX_FILTER_VALUES} of them`, id);
    }
    result[key] = values as string[];
  }
  return result;
}

/** Parses one text frame into a client message, or throws a ProtocolError saying what is wrong. */
export function parseClientMessage(text: string): ClientMessage {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    throw new ProtocolError('message.malformed', 'a message must be one JSON object');
  }
  if (!isRecord(message)) throw new ProtocolError('message.malformed', 'a message must be one JSON object');
  switch (message.type) {
    case 'subscribe': {
      const id = subscriptionId(message);
      if (message.feed === 'alerts') {
        onlyKeys(message, ['type', 'id', 'feed'], id);
        return { type: 'subscribe', id, feed: 'alerts' };
      }
      if (message.feed !== undefined) {
        onlyKeys(message, ['type', 'id', 'feed', 'filters'], id);
        if (message.feed !== 'ops') throw invalid('/feed', "must be 'ops' or 'alerts'", id);
        return { type: 'subscribe', id, feed: 'ops', filters: filters(message.filters, id) };
      }
      onlyKeys(message, ['type', 'id', 'order', 'fromRevision'], id);
      const order = message.order;
      if (typeof order !== 'string' || !ORDER_ID_PATTERN.test(order)) {
        throw invalid('/order', 'must be an order id (1 to 128 letters, digits or . _ : -); or give feed', id);
      }
      const from = message.fromRevision;
      if (from === undefined) return { type: 'subscribe', id, order };
      if (typeof from !== 'number' || !Number.isSafeInteger(from) || from < 0) {
        throw invalid('/fromRevision', 'must be a whole number, 0 or more', id);
      }
      return { type: 'subscribe', id, order, fromRevision: from };
    }
    case 'unsubscribe': {
      const id = subscriptionId(message);
      onlyKeys(message, ['type', 'id'], id);
      return { type: 'unsubscribe', id };
    }
    case 'ping': {
      onlyKeys(message, ['type', 'id']);
      if (message.id === undefined) return { type: 'ping' };
      return { type: 'ping', id: subscriptionId(message) };
    }
    default:
      throw new ProtocolError(
        'message.unknown-type',
        `unknown message type ${JSON.stringify(message.type)}; expected subscribe, unsubscribe or ping`,
        typeof message.id === 'string' ? message.id : undefined,
      );
  }
}
