import type { EventStore } from '@ordinal/domain';
import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_CODES,
  type ClientMessage,
  type OpsFeedFilters,
  type OrderChange,
  ProtocolError,
  parseClientMessage,
  type ServerMessage,
} from './live.protocol.ts';
import { OrderSubscription } from './order.subscription.ts';
import type { OrderChangeFeed } from './order-change.feed.ts';

/** May this connection watch the order, or the ops feed? A refusal answers `auth.forbidden`. */
export interface LiveAccess {
  canWatchOrder(orderId: string): boolean | Promise<boolean>;
  canWatchOpsFeed(): boolean;
  /** When the identity behind the connection expires (ms since the epoch): it is closed with 4001 then. */
  readonly expiresAt?: number;
}

export interface LiveConnectionOptions {
  readonly events: Pick<EventStore, 'readStream'>;
  readonly feed: Pick<OrderChangeFeed, 'watchOrder' | 'watchChanges' | 'watchAlerts'>;
  readonly access: LiveAccess;
  /** Bytes the socket may hold unsent before the client is told to resume (close 4000). */
  readonly maxBufferedBytes: number;
  readonly maxSubscriptions: number;
  readonly onError?: (error: unknown) => void;
}

/** True when the change passes every filter given. */
export function matchesFilters(change: OrderChange, filters: OpsFeedFilters): boolean {
  const any = (values: readonly string[] | undefined, test: (value: string) => boolean) =>
    values === undefined || values.some(test);
  return (
    any(filters.status, (s) => s === change.stage || s === change.status.main) &&
    any(filters.channel, (c) => c === change.channel) &&
    any(filters.location, (l) => change.locations.includes(l)) &&
    any(filters.customer, (c) => c === change.customerId)
  );
}

type Subscription =
  | { readonly kind: 'order'; readonly order: OrderSubscription }
  | { readonly kind: 'ops'; readonly stop: () => void };

/** One websocket client: its subscriptions, and the bound on what it may leave unread. */
export class LiveConnection {
  readonly #socket: WebSocket;
  readonly #options: LiveConnectionOptions;
  readonly #subscriptions = new Map<string, Subscription>();
  #closed = false;

  constructor(socket: WebSocket, options: LiveConnectionOptions) {
    this.#socket = socket;
    this.#options = options;
    socket.on('message', (data, isBinary) => this.#receive(data, isBinary));
    socket.on('close', () => this.#release());
    socket.on('error', () => this.#release());
  }

  /** Closes the connection with a code and reason (e.g. going away on shutdown). */
  close(code: number, reason: string): void {
    this.#release();
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.close(code, reason);
  }

  /** Sends a message unless the client has fallen too far behind, in which case it is told to resume. */
  send(message: ServerMessage): boolean {
    if (this.#closed || this.#socket.readyState !== this.#socket.OPEN) return false;
    const frame = JSON.stringify(message);
    if (this.#socket.bufferedAmount + Buffer.byteLength(frame) > this.#options.maxBufferedBytes) {
      this.close(CLOSE_CODES.resume, 'too far behind: reconnect and resume from the last revision you have');
      return false;
    }
    this.#socket.send(frame);
    return true;
  }

  #receive(data: RawData, isBinary: boolean): void {
    if (this.#closed) return;
    if (isBinary) {
      this.#error(new ProtocolError('message.malformed', 'messages are JSON text frames, not binary'));
      return;
    }
    let message: ClientMessage;
    try {
      message = parseClientMessage(data.toString());
    } catch (error) {
      this.#error(error);
      return;
    }
    this.#handle(message).catch((error: unknown) => this.#error(error));
  }

  async #handle(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'ping':
        this.send(message.id === undefined ? { type: 'pong' } : { type: 'pong', id: message.id });
        return;
      case 'unsubscribe': {
        const subscription = this.#subscriptions.get(message.id);
        if (subscription === undefined) {
          throw new ProtocolError('subscription.not-found', `no subscription ${message.id}`, message.id);
        }
        this.#stop(message.id);
        this.send({ type: 'unsubscribed', id: message.id });
        return;
      }
      case 'subscribe': {
        const { id } = message;
        if (this.#subscriptions.has(id)) {
          throw new ProtocolError('subscription.duplicate-id', `subscription ${id} already exists`, id);
        }
        if (this.#subscriptions.size >= this.#options.maxSubscriptions) {
          const limit = this.#options.maxSubscriptions;
          throw new ProtocolError('subscription.limit', `at most ${limit} subscriptions per connection`, id, { limit });
        }
        if ('feed' in message && message.feed === 'alerts') return this.#subscribeAlerts(id);
        if ('feed' in message) return this.#subscribeOps(id, message.filters ?? {});
        return this.#subscribeOrder(id, message.order, message.fromRevision);
      }
    }
  }

  async #subscribeOrder(id: string, orderId: string, fromRevision: number | undefined): Promise<void> {
    // Reserve the id at once: a second subscribe with it while this one checks access is a duplicate.
    const order = new OrderSubscription(id, orderId, {
      events: this.#options.events,
      feed: this.#options.feed,
      send: (m) => this.send(m),
    });
    const entry: Subscription = { kind: 'order', order };
    this.#subscriptions.set(id, entry);
    try {
      if (!(await this.#options.access.canWatchOrder(orderId))) {
        throw new ProtocolError('auth.forbidden', `you may not watch order ${orderId}`, id);
      }
      // Unsubscribed (or the connection closed) while access was being checked.
      if (this.#subscriptions.get(id) !== entry || this.#closed) return;
      await order.start(fromRevision);
    } catch (error) {
      if (this.#subscriptions.get(id) === entry) this.#subscriptions.delete(id);
      order.close();
      throw error;
    }
  }

  #subscribeOps(id: string, filters: OpsFeedFilters): void {
    if (!this.#options.access.canWatchOpsFeed()) {
      throw new ProtocolError('auth.forbidden', 'you may not watch the ops feed', id);
    }
    const stop = this.#options.feed.watchChanges((change) => {
      if (matchesFilters(change, filters) && !this.send({ type: 'change', id, change })) this.#stop(id);
    });
    this.#subscriptions.set(id, { kind: 'ops', stop });
    this.send({ type: 'subscribed', id, feed: 'ops' });
  }

  #subscribeAlerts(id: string): void {
    // The alerts board is an ops board: whoever may watch the ops feed may watch the alerts.
    if (!this.#options.access.canWatchOpsFeed()) {
      throw new ProtocolError('auth.forbidden', 'you may not watch the alerts feed', id);
    }
    const stop = this.#options.feed.watchAlerts((alert) => {
      if (!this.send({ type: 'alert', id, alert })) this.#stop(id);
    });
    this.#subscriptions.set(id, { kind: 'ops', stop });
    this.send({ type: 'subscribed', id, feed: 'alerts' });
  }

  #stop(id: string): void {
    const subscription = this.#subscriptions.get(id);
    this.#subscriptions.delete(id);
    if (subscription?.kind === 'order') subscription.order.close();
    else subscription?.stop();
  }

  #release(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const id of [...this.#subscriptions.keys()]) this.#stop(id);
  }

  #error(error: unknown): void {
    if (error instanceof ProtocolError) {
      this.send({
        type: 'error',
        ...(error.id === undefined ? {} : { id: error.id }),
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      });
      return;
    }
    this.#options.onError?.(error);
    this.send({ type: 'error', code: 'server.error', message: 'the message could not be handled; try again' });
  }
}
