import type {
  ActorRef,
  EventStore,
  InventoryCommand,
  InventoryEvent,
  InventoryEventDataMap,
  InventoryState,
  OrderCommand,
  OrderEvent,
  OrderState,
  RecordedEvent,
} from '@ordinal/domain';
import type { ActorHost } from '../host/actor-host.ts';
import { OrderStock, sendAs } from './order-stock.ts';
import { ScheduledFollower } from './scheduled-follower.ts';

const EXPIRY: ActorRef = { kind: 'system', component: 'reservation-expiry' };

/** The reason an order's allocation fails when the stock behind it was let go. */
export const RESERVATION_EXPIRED = 'reservation expired';

/** What the expiry scheduler works with; the composition root hands in the real hosts. */
export interface ReservationExpiryOptions {
  readonly events: Pick<EventStore, 'subscribeAll' | 'headPosition' | 'readStream' | 'readAll'>;
  readonly orders: Pick<ActorHost<OrderCommand, OrderEvent, OrderState>, 'execute' | 'load'>;
  readonly inventory: Pick<ActorHost<InventoryCommand, InventoryEvent, InventoryState>, 'execute'>;
  readonly clock: () => Date;
  /** How often to look for reservations past their expiry. */
  readonly intervalMs: number;
  /** Told of every failure to expire a SKU's reservations or to follow an expiry up; nothing stops. */
  readonly onError?: (error: unknown, subject: { readonly sku?: string; readonly event?: RecordedEvent }) => void;
}

/**
 * Lets reservations go when their time is up, and makes the orders they held stock for face it.
 * It follows the stock streams and keeps in memory when each open reservation expires (rebuilt
 * from the log at every start). Every `intervalMs` it sends `ExpireReservations` with the
 * clock's `now` to each SKU holding a reservation due by then; the SKU's actor records one
 * `ReservationExpired` per reservation it lets go. For each of those that still backs an
 * order's allocation nobody has started on, the order records the allocation as failed
 * (`RejectAllocation`, kind `failed`), which the routing process answers by routing it again.
 * Command ids derive from the SKU and `now`, and from the reservation, so what was done before
 * a restart is not done twice; at start, the expiries already in the log are followed up again
 * (a duplicate is answered as such).
 */
export class ReservationExpiry {
  readonly #options: ReservationExpiryOptions;
  readonly #stock: OrderStock;
  /** sku → reservationId → when it expires (ms). */
  readonly #due = new Map<string, Map<string, number>>();
  readonly #rounds: ScheduledFollower;

  constructor(options: ReservationExpiryOptions) {
    this.#options = options;
    this.#stock = new OrderStock(options);
    const pending: RecordedEvent[] = [];
    this.#rounds = new ScheduledFollower({
      events: options.events,
      streamPrefixes: ['inventory-'],
      handlers: {
        onEvent: async (event, live) => {
          this.#apply(event);
          if (event.type !== 'ReservationExpired') return;
          if (live) await this.#followUp(event);
          else pending.push(event);
        },
        onCaughtUp: async () => {
          for (const event of pending.splice(0)) await this.#followUp(event);
        },
      },
      intervalMs: options.intervalMs,
      round: () => this.#expireDue(),
    });
  }

  /** Starts following the stock streams and the timer. */
  start(): void {
    this.#rounds.start();
  }

  /** Stops the timer, waits for the round in progress, then stops following. */
  stop(): Promise<void> {
    return this.#rounds.stop();
  }

  /**
   * One round (the timer runs them; a round already running is joined, not doubled): expires
   * the reservations of each SKU holding one due at the clock's `now`. Returns how many SKUs
   * were asked. Nothing happens before the log is caught up.
   */
  expireDue(): Promise<number> {
    return this.#rounds.round();
  }

  async #expireDue(): Promise<number> {
    const now = this.#options.clock();
    const skus = [...this.#due].filter(([, open]) => [...open.values()].some((at) => at <= now.getTime()));
    const cause = { correlationId: `reservation-expiry-${now.toISOString()}` };
    for (const [sku] of skus) {
      if (this.#rounds.stopped) break;
      try {
        const outcome = await this.#options.inventory.execute({
          command: { type: 'ExpireReservations', sku, now: now.toISOString() },
          metadata: {
            commandId: `expire-${sku}-${now.toISOString()}`,
            correlationId: cause.correlationId,
            actor: EXPIRY,
          },
        });
        if (outcome.status === 'rejected') throw new Error(`${outcome.rejection.code}: ${outcome.rejection.message}`);
      } catch (error) {
        this.#options.onError?.(error, { sku });
      }
    }
    return skus.length;
  }

  #apply(event: RecordedEvent): void {
    const data = event.data as Partial<InventoryEventDataMap['StockReserved']>;
    if (data.sku === undefined || data.reservationId === undefined) return;
    if (event.type === 'StockReserved' && data.expiresAt !== undefined) {
      const open = this.#due.get(data.sku) ?? new Map<string, number>();
      open.set(data.reservationId, Date.parse(data.expiresAt));
      this.#due.set(data.sku, open);
    } else if (['ReservationReleased', 'ReservationCommitted', 'ReservationExpired'].includes(event.type)) {
      const open = this.#due.get(data.sku);
      open?.delete(data.reservationId);
      if (open?.size === 0) this.#due.delete(data.sku);
    }
  }

  /** An expired reservation that still backs an untouched allocation fails that allocation. */
  async #followUp(event: RecordedEvent): Promise<void> {
    const { orderId, reservationId, lineId, locationId } = event.data as InventoryEventDataMap['ReservationExpired'];
    try {
      const held = await this.#stock.reservationsOf(orderId);
      if (!held.some((r) => r.reservationId === reservationId)) return; // Not what the order's allocation rests on.
      const { state } = await this.#options.orders.load(orderId);
      const shipment = Object.values(state.context.shipments).find(
        (s) => s.status !== 'cancelled' && s.locationId === locationId && s.lines.some((l) => l.lineId === lineId),
      );
      if (shipment === undefined) return;
      const outcome = await sendAs<OrderCommand>(EXPIRY, this.#options.orders, `expired-${reservationId}`, event, {
        type: 'RejectAllocation',
        orderId,
        shipmentId: shipment.shipmentId,
        locationId,
        kind: 'failed',
        reason: RESERVATION_EXPIRED,
      });
      if (outcome.status === 'rejected') {
        // E.g. picking had started: the goods are in hand, the order keeps its allocation; say so.
        throw new Error(
          `reservation ${reservationId} expired but order ${orderId} kept shipment ${shipment.shipmentId} (${outcome.rejection.code}: ${outcome.rejection.message})`,
        );
      }
    } catch (error) {
      this.#options.onError?.(error, { event });
    }
  }
}
