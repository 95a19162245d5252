/**
 * The client of the live protocol, for browsers and Node alike (no Node imports: give it `ws`'s
 * WebSocket in Node, the browser's own in a page). It keeps each subscription's last revision and,
 * after any disconnect, reconnects with backoff and resubscribes from that revision, so the
 * application sees every event of an order exactly once and in order.
 */

/** The part of the WHATWG WebSocket API the client uses (the browser's and `ws`'s both have it). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

/** A message from the server, as the client reads it. */
export interface LiveServerMessage {
  readonly type: string;
  readonly id?: string;
  readonly revision?: number;
  readonly [key: string]: unknown;
}

export interface OrderWatchHandlers {
  /** Each event once, in revision order. */
  onEvent?(event: Readonly<Record<string, unknown>>, revision: number): void;
  /** The tracking view after a catch-up or a run of new events. */
  onView?(view: Readonly<Record<string, unknown>>, revision: number): void;
  /** An error the server answered this subscription with (it is then stopped unless retryable). */
  onError?(error: { readonly code: string; readonly message: string }): void;
}

export interface OpsWatchHandlers {
  onChange?(change: Readonly<Record<string, unknown>>): void;
  onError?(error: { readonly code: string; readonly message: string }): void;
}

export interface AlertWatchHandlers {
  onAlert?(alert: Readonly<Record<string, unknown>>): void;
  onError?(error: { readonly code: string; readonly message: string }): void;
}

export type LiveClientStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface LiveClientOptions {
  readonly url: string;
  readonly connect: WebSocketFactory;
  /** First wait before reconnecting, doubled up to `maxDelayMs` (defaults 100 ms and 5 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly onStatus?: (status: LiveClientStatus, detail?: { code: number; reason: string }) => void;
}

/** A running subscription: its last revision, and the way to stop it. */
export interface LiveWatch {
  readonly revision: number;
  stop(): void;
}

interface OrderEntry {
  readonly kind: 'order';
  readonly orderId: string;
  /** Last revision delivered, or what the caller gave as `fromRevision`; undefined: start at the current one. */
  revision: number | undefined;
  readonly handlers: OrderWatchHandlers;
}

interface OpsEntry {
  readonly kind: 'ops';
  readonly filters: Readonly<Record<string, readonly string[]>>;
  readonly handlers: OpsWatchHandlers;
}

interface AlertsEntry {
  readonly kind: 'alerts';
  readonly handlers: AlertWatchHandlers;
}

const OPEN = 1;

/** Errors after which a subscription is not sent again on reconnect: asking again would get the same answer. */
const FINAL_ERRORS = new Set(['order.not-found', 'auth.forbidden', 'message.invalid', 'subscription.limit']);

export class LiveClient {
  readonly #options: LiveClientOptions;
  readonly #entries = new Map<string, OrderEntry | OpsEntry | AlertsEntry>();
  #socket: WebSocketLike | undefined;
  #next = 1;
  #delay: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #connections = 0;

  constructor(options: LiveClientOptions) {
    this.#options = options;
    this.#delay = options.initialDelayMs ?? 100;
    this.#connect();
  }

  /** Connections opened so far (1 plus the reconnects). */
  get connections(): number {
    return this.#connections;
  }

  /** Watches one order from `fromRevision` (what the caller already has), or from its current revision. */
  watchOrder(orderId: string, handlers: OrderWatchHandlers, fromRevision?: number): LiveWatch {
    const id = `o${this.#next++}`;
    const entry: OrderEntry = { kind: 'order', orderId, revision: fromRevision, handlers };
    this.#entries.set(id, entry);
    this.#subscribe(id, entry);
    return {
      get revision() {
        return entry.revision ?? 0;
      },
      stop: () => this.#unsubscribe(id),
    };
  }

  /** Watches the ops feed: every order change that passes the filters. */
  watchOps(filters: Readonly<Record<string, readonly string[]>>, handlers: OpsWatchHandlers): LiveWatch {
    const id = `f${this.#next++}`;
    const entry: OpsEntry = { kind: 'ops', filters, handlers };
    this.#entries.set(id, entry);
    this.#subscribe(id, entry);
    return { revision: 0, stop: () => this.#unsubscribe(id) };
  }

  /** Watches the alerts feed: every alert raised, acknowledged or resolved. */
  watchAlerts(handlers: AlertWatchHandlers): LiveWatch {
    const id = `a${this.#next++}`;
    const entry: AlertsEntry = { kind: 'alerts', handlers };
    this.#entries.set(id, entry);
    this.#subscribe(id, entry);
    return { revision: 0, stop: () => this.#unsubscribe(id) };
  }

  /** Drops the connection as a network failure would (the client reconnects); for tests and diagnostics. */
  drop(): void {
    this.#socket?.close(4999, 'dropped by the client');
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#socket?.close(1000, 'client closed');
    this.#options.onStatus?.('closed');
  }

  #connect(): void {
    this.#options.onStatus?.(this.#connections === 0 ? 'connecting' : 'reconnecting');
    const socket = this.#options.connect(this.#options.url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#connections += 1;
      this.#delay = this.#options.initialDelayMs ?? 100;
      this.#options.onStatus?.('open');
      for (const [id, entry] of this.#entries) this.#subscribe(id, entry);
    };
    socket.onmessage = (event) => this.#receive(String(event.data));
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      if (this.#closed) return;
      this.#options.onStatus?.('reconnecting', { code: event.code, reason: event.reason });
      this.#timer = setTimeout(() => this.#connect(), this.#delay);
      this.#delay = Math.min(this.#delay * 2, this.#options.maxDelayMs ?? 5_000);
    };
  }

  #send(message: unknown): void {
    if (this.#socket?.readyState === OPEN) this.#socket.send(JSON.stringify(message));
  }

  #subscribe(id: string, entry: OrderEntry | OpsEntry | AlertsEntry): void {
    if (entry.kind === 'ops') {
      this.#send({ type: 'subscribe', id, feed: 'ops', filters: entry.filters });
      return;
    }
    if (entry.kind === 'alerts') {
      this.#send({ type: 'subscribe', id, feed: 'alerts' });
      return;
    }
    const from = entry.revision === undefined ? {} : { fromRevision: entry.revision };
    this.#send({ type: 'subscribe', id, order: entry.orderId, ...from });
  }

  #unsubscribe(id: string): void {
    if (this.#entries.delete(id)) this.#send({ type: 'unsubscribe', id });
  }

  #receive(text: string): void {
    let message: LiveServerMessage;
    try {
      message = JSON.parse(text) as LiveServerMessage;
    } catch {
      return;
    }
    const entry = message.id === undefined ? undefined : this.#entries.get(message.id);
    if (entry === undefined) return;
    if (message.type === 'error') {
      const error = { code: String(message.code), message: String(message.message) };
      if (FINAL_ERRORS.has(error.code)) this.#entries.delete(message.id as string);
      entry.handlers.onError?.(error);
      return;
    }
    if (entry.kind === 'alerts') {
      if (message.type === 'alert') entry.handlers.onAlert?.(message.alert as Record<string, unknown>);
      return;
    }
    if (entry.kind === 'ops') {
      if (message.type === 'change') entry.handlers.onChange?.(message.change as Record<string, unknown>);
      return;
    }
    const revision = message.revision as number;
    if (message.type === 'subscribed') {
      entry.revision ??= revision;
    } else if (message.type === 'event') {
      // Each revision once, in order: anything else means this connection's view is off, so start over from what we have.
      const last = entry.revision ?? 0;
      if (revision <= last) return;
      if (revision > last + 1) {
        this.#send({ type: 'unsubscribe', id: message.id });
        this.#subscribe(message.id as string, entry);
        return;
      }
      entry.revision = revision;
      entry.handlers.onEvent?.(message.event as Record<string, unknown>, revision);
    } else if (message.type === 'view') {
      if (revision === entry.revision) entry.handlers.onView?.(message.view as Record<string, unknown>, revision);
    }
  }
}
