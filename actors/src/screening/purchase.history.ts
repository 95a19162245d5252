import {
  type EventStore,
  type OrderEventOf,
  REPURCHASE_HISTORY_LIMIT,
  type RecordedEvent,
  streamEntityId,
} from '@ordinal/domain';
import { LogFollower } from '../fulfilment/log-follower.ts';

/** What the purchase history reads: the order streams in the log. */
export interface PurchaseHistoryOptions {
  readonly events: Pick<EventStore, 'readAll' | 'headPosition' | 'subscribeAll'>;
  /** Told of an order event it could not read; it is skipped, nothing stops. */
  readonly onError?: (error: unknown, event: RecordedEvent) => void;
}

/** The purchase times a repurchase estimate reads, per customer and SKU. */
export interface PurchaseTimes {
  /** Resolves once the orders already in the log are counted. */
  start(): Promise<void>;
  /** When the customer placed their orders of the SKU, oldest first, `exceptOrderId` left out. */
  purchasesOf(customerId: string, sku: string, exceptOrderId?: string): readonly string[];
}

/**
 * Per customer and SKU, when the customer placed the orders containing it (their own lines, not
 * gift lines), kept in memory by following the order streams from the start of the log: an
 * OrderPlaced adds a purchase, an OrderCancelled or OrderRejected (an approval refused) takes it
 * away again. Only the latest `REPURCHASE_HISTORY_LIMIT` purchases per SKU are kept, the ones
 * an estimate reads.
 */
export class PurchaseHistory implements PurchaseTimes {
  readonly #options: PurchaseHistoryOptions;
  /** customerId → sku → orderId → placedAt. */
  readonly #purchases = new Map<string, Map<string, Map<string, string>>>();
  /** orderId → customerId, to find what a cancellation takes away. */
  readonly #customers = new Map<string, string>();
  #follower: LogFollower | undefined;

  constructor(options: PurchaseHistoryOptions) {
    this.#options = options;
  }

  start(): Promise<void> {
    this.#follower ??= new LogFollower(this.#options.events, ['order-'], { onEvent: (event) => this.#apply(event) });
    this.#follower.start();
    return this.#follower.caughtUp();
  }

  async stop(): Promise<void> {
    await this.#follower?.stop();
  }

  purchasesOf(customerId: string, sku: string, exceptOrderId?: string): readonly string[] {
    const orders = this.#purchases.get(customerId)?.get(sku);
    if (orders === undefined) return [];
    return [...orders]
      .filter(([orderId]) => orderId !== exceptOrderId)
      .map(([, at]) => at)
      .sort();
  }

  #apply(event: RecordedEvent): void {
    try {
      if (event.type === 'OrderPlaced') this.#placed((event as unknown as OrderEventOf<'OrderPlaced'>).data);
      else if (event.type === 'OrderCancelled' || event.type === 'OrderRejected')
        this.#forget(streamEntityId(event.streamId));
    } catch (error) {
      this.#options.onError?.(error, event);
    }
  }

  #placed(data: OrderEventOf<'OrderPlaced'>['data']): void {
    const customerId = data.customer.customerId;
    const skus = this.#purchases.get(customerId) ?? new Map<string, Map<string, string>>();
    for (const line of data.lines) {
      if (line.gift === true) continue;
      const orders = skus.get(line.sku) ?? new Map<string, string>();
      orders.set(data.orderId, data.placedAt);
      if (orders.size > REPURCHASE_HISTORY_LIMIT) {
        const oldest = [...orders].sort(([, a], [, b]) => a.localeCompare(b))[0];
        if (oldest !== undefined) orders.delete(oldest[0]);
      }
      skus.set(line.sku, orders);
    }
    this.#purchases.set(customerId, skus);
    this.#customers.set(data.orderId, customerId);
  }

  #forget(orderId: string): void {
    const customerId = this.#customers.get(orderId);
    if (customerId === undefined) return;
    this.#customers.delete(orderId);
    for (const orders of this.#purchases.get(customerId)?.values() ?? []) orders.delete(orderId);
  }
}
