import {
  type EventStore,
  evolveOrder,
  foldOrder,
  type OrderEvent,
  type OrderState,
  orderStreamId,
  type RecordedEvent,
} from '@ordinal/domain';
import { orderTrackingDocument } from '@ordinal/projections';
import { eventView } from '../orders/order-views.ts';
import { ProtocolError, type ServerMessage } from './live.protocol.ts';
import type { OrderChangeFeed } from './order-change.feed.ts';

/** The tracking view a subscriber receives: the tracking document without its storage fields. */
export function liveTrackingView(orderId: string, state: OrderState, last: RecordedEvent): Record<string, unknown> {
  const {
    id: _id,
    machine: _machine,
    ...view
  } = orderTrackingDocument(orderId, state, last.revision, last.metadata.occurredAt);
  return view;
}

export interface OrderSubscriptionDeps {
  readonly events: Pick<EventStore, 'readStream'>;
  readonly feed: Pick<OrderChangeFeed, 'watchOrder'>;
  /** Sends one message; false when the connection is gone or was closed for falling behind. */
  readonly send: (message: ServerMessage) => boolean;
}

/**
 * One client watching one order. It starts listening to the feed before it reads the stream,
 * so nothing committed in between is missed; it then sends what the client has not seen (after
 * `fromRevision`) from the store, the tracking view, and from then on each new event. Every
 * event goes out exactly once and in revision order: what the feed repeats is skipped by
 * revision, and a gap (should the feed skip) is filled from the store before going on.
 */
export class OrderSubscription {
  readonly #deps: OrderSubscriptionDeps;
  readonly #queue: RecordedEvent[] = [];
  #unwatch: (() => void) | undefined;
  #state: OrderState | undefined;
  #last: RecordedEvent | undefined;
  #draining: Promise<void> | undefined;
  #live = false;
  #closed = false;

  constructor(
    readonly id: string,
    readonly orderId: string,
    deps: OrderSubscriptionDeps,
  ) {
    this.#deps = deps;
  }

  /** The revision of the last event sent (0 before any). */
  get revision(): number {
    return this.#last?.revision ?? 0;
  }

  /** Catches the client up from `fromRevision` (default: the current revision), then goes live. */
  async start(fromRevision: number | undefined): Promise<void> {
    this.#unwatch = this.#deps.feed.watchOrder(this.orderId, (event) => this.#offer(event));
    try {
      const stream = await this.#deps.events.readStream(orderStreamId(this.orderId));
      if (stream.length === 0) {
        throw new ProtocolError('order.not-found', `order ${this.orderId} does not exist`, this.id);
      }
      if (fromRevision !== undefined && fromRevision > stream.length) {
        throw new ProtocolError(
          'order.revision-ahead',
          `the order has ${stream.length} events; revision ${fromRevision} is ahead of it`,
          this.id,
          { fromRevision, revision: stream.length },
        );
      }
      if (this.#closed) return;
      this.#deps.send({ type: 'subscribed', id: this.id, order: this.orderId, revision: stream.length });
      const from = fromRevision ?? stream.length;
      for (const event of stream) if (event.revision > from && !this.#sendEvent(event)) return;
      this.#state = foldOrder(stream as RecordedEvent<OrderEvent>[]);
      this.#last = stream[stream.length - 1];
      this.#sendView();
      this.#live = true;
      this.#drain();
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Stops listening; nothing more is sent. */
  close(): void {
    this.#closed = true;
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#queue.length = 0;
  }

  /** Resolves when what the feed has handed in so far has been sent (for an orderly close). */
  async settled(): Promise<void> {
    await this.#draining;
  }

  #offer(event: RecordedEvent): void {
    if (this.#closed) return;
    this.#queue.push(event);
    if (this.#live) this.#drain();
  }

  #drain(): void {
    if (this.#draining !== undefined || this.#closed) return;
    this.#draining = this.#sendQueued().finally(() => {
      this.#draining = undefined;
      if (this.#queue.length > 0 && !this.#closed) this.#drain();
    });
  }

  async #sendQueued(): Promise<void> {
    let sent = false;
    while (this.#queue.length > 0 && !this.#closed) {
      const event = this.#queue.shift() as RecordedEvent;
      const last = this.revision;
      if (event.revision <= last) continue;
      if (event.revision > last + 1) {
        // The feed skipped something: take the missing events from the store, in order.
        const missing = await this.#deps.events.readStream(orderStreamId(this.orderId), {
          fromRevision: last + 1,
          maxCount: event.revision - last - 1,
        });
        for (const gap of missing) if (!this.#apply(gap)) return;
      }
      if (!this.#apply(event)) return;
      sent = true;
    }
    if (sent) this.#sendView();
  }

  #apply(event: RecordedEvent): boolean {
    if (event.revision !== this.revision + 1) return true;
    this.#state = evolveOrder(this.#state as OrderState, event as RecordedEvent<OrderEvent>);
    this.#last = event;
    return this.#sendEvent(event);
  }

  #sendEvent(event: RecordedEvent): boolean {
    if (this.#closed) return false;
    const sent = this.#deps.send({
      type: 'event',
      id: this.id,
      orderId: this.orderId,
      revision: event.revision,
      event: eventView(event),
    });
    if (!sent) this.close();
    return sent;
  }

  #sendView(): void {
    if (this.#closed || this.#state === undefined || this.#last === undefined) return;
    const view = liveTrackingView(this.orderId, this.#state, this.#last);
    if (!this.#deps.send({ type: 'view', id: this.id, orderId: this.orderId, revision: this.revision, view })) {
      this.close();
    }
  }
}
