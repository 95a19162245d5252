import {
  ALERT_CATEGORY,
  type AlertEvent,
  type AlertRaised,
  type EventStore,
  evolveOrder,
  foldOrder,
  type OrderEvent,
  type OrderState,
  orderStatus,
  orderStreamId,
  type RecordedEvent,
  streamEntityId,
} from '@ordinal/domain';
import type { AlertChange, OrderChange } from './live.protocol.ts';

/** Told each committed event of one order, in revision order. */
export type OrderEventListener = (event: RecordedEvent) => void;
/** Told each committed order change with the order's state after it, in log order. */
export type OrderChangeListener = (change: OrderChange) => void;
/** Told each committed alert event with the alert after it, in log order. */
export type AlertChangeListener = (change: AlertChange) => void;

export interface OrderChangeFeedOptions {
  readonly events: Pick<EventStore, 'subscribeAll' | 'headPosition' | 'readStream'>;
  /** Order states kept for the ops feeds, most recently changed first (default 10,000). */
  readonly stateCacheSize?: number;
  readonly onError?: (error: unknown) => void;
}

interface CachedState {
  readonly revision: number;
  readonly state: OrderState;
}

/** The change an ops feed shows for an event and the order's state after it. */
export function orderChange(event: RecordedEvent, state: OrderState): OrderChange {
  const status = orderStatus(state);
  const context = state.context;
  return {
    orderId: streamEntityId(event.streamId),
    revision: event.revision,
    position: event.position,
    eventType: event.type,
    occurredAt: event.metadata.occurredAt,
    status,
    stage: status.main.split('.')[0] ?? status.main,
    channel: context.channel?.salesChannel ?? null,
    customerId: context.customer?.customerId ?? null,
    locations: [...new Set(Object.values(context.shipments).map((s) => s.locationId))].sort(),
  };
}

/**
 * One follower of the log per process, fanned out to every websocket subscription: the events
 * of each watched order as they commit, and for ops feeds each change with the order's state
 * after it (kept folded for recently changed orders, read from the store for the others).
 * It starts at the head of the log: what came before, a subscriber reads from the store.
 */
export class OrderChangeFeed {
  readonly #options: OrderChangeFeedOptions;
  readonly #byOrder = new Map<string, Set<OrderEventListener>>();
  readonly #changes = new Set<OrderChangeListener>();
  readonly #alerts = new Set<AlertChangeListener>();
  readonly #states = new Map<string, CachedState>();
  #subscription: ReturnType<EventStore['subscribeAll']> | undefined;
  #running: Promise<void> | undefined;
  #position = 0;

  constructor(options: OrderChangeFeedOptions) {
    this.#options = options;
  }

  /** The global position of the last event handed out. */
  get position(): number {
    return this.#position;
  }

  async start(): Promise<void> {
    const head = await this.#options.events.headPosition();
    this.#position = head;
    const subscription = this.#options.events.subscribeAll({
      afterPosition: head,
      streamPrefixes: ['order-', `${ALERT_CATEGORY}-`],
    });
    this.#subscription = subscription;
    this.#running = (async () => {
      for await (const event of subscription) {
        this.#position = event.position;
        try {
          await this.#deliver(event);
        } catch (error) {
          this.#options.onError?.(error);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    await this.#subscription?.close();
    await this.#running?.catch(() => {});
  }

  /** Starts telling `listener` the order's events that commit from now on; returns the way to stop. */
  watchOrder(orderId: string, listener: OrderEventListener): () => void {
    let listeners = this.#byOrder.get(orderId);
    if (listeners === undefined) {
      listeners = new Set();
      this.#byOrder.set(orderId, listeners);
    }
    listeners.add(listener);
    return () => {
      const current = this.#byOrder.get(orderId);
      current?.delete(listener);
      if (current?.size === 0) this.#byOrder.delete(orderId);
    };
  }

  /** Starts telling `listener` every order change from now on; returns the way to stop. */
  watchChanges(listener: OrderChangeListener): () => void {
    this.#changes.add(listener);
    return () => {
      this.#changes.delete(listener);
      if (this.#changes.size === 0) this.#states.clear();
    };
  }

  /** Starts telling `listener` every alert raised, acknowledged or resolved from now on; returns the way to stop. */
  watchAlerts(listener: AlertChangeListener): () => void {
    this.#alerts.add(listener);
    return () => {
      this.#alerts.delete(listener);
    };
  }

  async #deliverAlert(recorded: RecordedEvent): Promise<void> {
    if (this.#alerts.size === 0) return;
    const event = recorded as RecordedEvent<AlertEvent>;
    let raised: AlertRaised['data'] | undefined;
    if (event.type === 'AlertRaised') raised = event.data;
    else {
      const [first] = await this.#options.events.readStream(event.streamId, { maxCount: 1 });
      raised = first?.type === 'AlertRaised' ? (first.data as AlertRaised['data']) : undefined;
    }
    if (raised === undefined) return;
    const change: AlertChange = {
      alertId: raised.alertId,
      eventType: event.type,
      position: event.position,
      occurredAt: event.metadata.occurredAt,
      status: event.type === 'AlertRaised' ? 'open' : event.type === 'AlertAcknowledged' ? 'acknowledged' : 'resolved',
      rule: raised.rule,
      subject: raised.subject,
      summary: raised.summary,
      figures: raised.figures,
      audience: raised.notify.audience,
    };
    for (const listener of this.#alerts) safely(() => listener(change), this.#options.onError);
  }

  async #deliver(event: RecordedEvent): Promise<void> {
    if (event.streamId.startsWith(`${ALERT_CATEGORY}-`)) return this.#deliverAlert(event);
    const orderId = streamEntityId(event.streamId);
    for (const listener of this.#byOrder.get(orderId) ?? []) safely(() => listener(event), this.#options.onError);
    if (this.#changes.size === 0) return;
    const change = orderChange(event, await this.#stateAfter(orderId, event));
    for (const listener of this.#changes) safely(() => listener(change), this.#options.onError);
  }

  async #stateAfter(orderId: string, event: RecordedEvent): Promise<OrderState> {
    const cached = this.#states.get(orderId);
    let state: OrderState;
    if (cached !== undefined && cached.revision === event.revision - 1) {
      state = evolveOrder(cached.state, event as RecordedEvent<OrderEvent>);
    } else {
      const stream = await this.#options.events.readStream(orderStreamId(orderId), { maxCount: event.revision });
      state = foldOrder(stream as RecordedEvent<OrderEvent>[]);
    }
    this.#states.delete(orderId);
    this.#states.set(orderId, { revision: event.revision, state });
    const limit = this.#options.stateCacheSize ?? 10_000;
    while (this.#states.size > limit) {
      const oldest = this.#states.keys().next().value as string;
      this.#states.delete(oldest);
    }
    return state;
  }
}

function safely(call: () => void, onError: ((error: unknown) => void) | undefined): void {
  try {
    call();
  } catch (error) {
    onError?.(error);
  }
}
