import { type EventStore, orderStreamId } from '@ordinal/domain';
import type { Caller } from './auth.identity.ts';

/** Orders whose customer is remembered at most (least recently asked for go first). */
export const DEFAULT_OWNER_CACHE = 10_000;

function customerOfPlaced(data: unknown): string | undefined {
  const customer = (data as { customer?: { customerId?: unknown } } | undefined)?.customer;
  return typeof customer?.customerId === 'string' ? customer.customerId : undefined;
}

/**
 * Whose order is it? Read from the order's first event (`OrderPlaced`) in the event store, never
 * from a read model that may trail it, and remembered: an order's customer never changes.
 */
export class OrderOwners {
  readonly #events: Pick<EventStore, 'readStream'>;
  readonly #capacity: number;
  readonly #owners = new Map<string, string>();

  constructor(events: Pick<EventStore, 'readStream'>, capacity = DEFAULT_OWNER_CACHE) {
    this.#events = events;
    this.#capacity = capacity;
  }

  /** The customer who placed the order; undefined when it was never placed. */
  async customerOf(orderId: string): Promise<string | undefined> {
    const known = this.#owners.get(orderId);
    if (known !== undefined) {
      // Asked again: the most recent entry now, so it is the last to go.
      this.#owners.delete(orderId);
      this.#owners.set(orderId, known);
      return known;
    }
    const [first] = await this.#events.readStream(orderStreamId(orderId), { maxCount: 1 });
    const customerId = first?.type === 'OrderPlaced' ? customerOfPlaced(first.data) : undefined;
    // A miss is not remembered: the order may be placed a moment later.
    if (customerId === undefined) return undefined;
    this.#owners.set(orderId, customerId);
    if (this.#owners.size > this.#capacity) {
      const oldest = this.#owners.keys().next().value;
      if (oldest !== undefined) this.#owners.delete(oldest);
    }
    return customerId;
  }

  /** Orders remembered now. */
  get size(): number {
    return this.#owners.size;
  }

  /**
   * May the caller reach this order? Anyone but a customer may (their role was checked); a
   * customer only an order they placed, and with a one-order token only that order.
   */
  async reaches(caller: Caller, orderId: string): Promise<boolean> {
    if (caller.role !== 'customer') return true;
    if (caller.id === undefined || (caller.orderId !== undefined && caller.orderId !== orderId)) return false;
    return (await this.customerOf(orderId)) === caller.id;
  }
}
