import type { DeliveryRecord, OrderEventDataMap, OrderSlaFacts, RecordedEvent, SaleRecord } from '@ordinal/domain';

const DAY_MS = 86_400_000;

/** What the evaluator keeps of an order: its SLA facts and where each shipment goes out from. */
export interface TrackedOrder extends OrderSlaFacts {
  readonly shipments: ReadonlyMap<string, string>;
}

/**
 * The windows the alert rules read, kept in memory from the order streams: units placed per SKU
 * and deliveries per location (both dropped once older than `keepDays` before the newest event
 * seen), and the SLA facts of orders not yet ended.
 */
export class AlertWindows {
  readonly #sales = new Map<string, SaleRecord[]>();
  readonly #deliveries = new Map<string, DeliveryRecord[]>();
  readonly #orders = new Map<string, TrackedOrder>();
  #keepMs: number;
  #latest = 0;

  constructor(keepDays: number) {
    this.#keepMs = keepDays * DAY_MS;
  }

  /** Keeps at least this many days of sales and deliveries from now on. */
  keep(days: number): void {
    this.#keepMs = Math.max(this.#keepMs, days * DAY_MS);
  }

  sales(sku: string): readonly SaleRecord[] {
    return this.#sales.get(sku) ?? [];
  }

  deliveries(locationId: string): readonly DeliveryRecord[] {
    return this.#deliveries.get(locationId) ?? [];
  }

  skus(): IterableIterator<string> {
    return this.#sales.keys();
  }

  locations(): IterableIterator<string> {
    return this.#deliveries.keys();
  }

  orders(): IterableIterator<[string, TrackedOrder]> {
    return this.#orders.entries();
  }

  order(orderId: string): TrackedOrder | undefined {
    return this.#orders.get(orderId);
  }

  /**
   * Folds one order event in. Returns what it touched for the rules to look at: the SKUs of a
   * placement, or the location of a delivery.
   */
  apply(event: RecordedEvent): { skus?: readonly string[]; location?: string } {
    const orderId = event.streamId.slice('order-'.length);
    const at = Date.parse(event.metadata.occurredAt);
    if (at > this.#latest) this.#latest = at;
    const order = this.#orders.get(orderId);
    switch (event.type) {
      case 'OrderPlaced': {
        const data = event.data as OrderEventDataMap['OrderPlaced'];
        const placedAt = Date.parse(data.placedAt);
        const promisedBy = data.promisedBy === undefined ? undefined : Date.parse(data.promisedBy);
        this.#orders.set(orderId, {
          placedAt,
          ...(promisedBy === undefined ? {} : { promisedBy }),
          ended: false,
          shipments: new Map(),
        });
        const skus: string[] = [];
        for (const line of data.lines) {
          const list = this.#sales.get(line.sku) ?? [];
          list.push({ at: placedAt, units: line.quantity });
          this.#sales.set(line.sku, prune(list, this.#latest - this.#keepMs));
          skus.push(line.sku);
        }
        return { skus };
      }
      case 'OrderAllocated': {
        if (order === undefined) return {};
        const shipments = new Map(order.shipments);
        for (const a of (event.data as OrderEventDataMap['OrderAllocated']).allocations) {
          shipments.set(a.shipmentId, a.locationId);
        }
        this.#orders.set(orderId, { ...order, shipments });
        return {};
      }
      case 'ShipmentDispatched':
        if (order !== undefined && order.dispatchedAt === undefined) {
          this.#orders.set(orderId, { ...order, dispatchedAt: at });
        }
        return {};
      case 'ShipmentDelivered': {
        if (order === undefined) return {};
        const { shipmentId } = event.data as OrderEventDataMap['ShipmentDelivered'];
        this.#orders.set(orderId, { ...order, deliveredAt: order.deliveredAt ?? at });
        const location = order.shipments.get(shipmentId);
        if (location === undefined || order.promisedBy === undefined) return {};
        const list = this.#deliveries.get(location) ?? [];
        list.push({ at, late: at > order.promisedBy });
        this.#deliveries.set(location, prune(list, this.#latest - this.#keepMs));
        return { location };
      }
      case 'OrderCancelled':
      case 'OrderClosed':
      case 'OrderCompleted':
        // Its SLA facts are done with; a delivery recorded after it is not counted.
        this.#orders.delete(orderId);
        return {};
      default:
        return {};
    }
  }
}

/** Drops what is older than `before`; a list is pruned only when its oldest entry is out (entries may come out of order). */
function prune<T extends { readonly at: number }>(list: T[], before: number): T[] {
  let oldest = Number.POSITIVE_INFINITY;
  for (const record of list) if (record.at < oldest) oldest = record.at;
  return oldest < before ? list.filter((r) => r.at >= before) : list;
}
