import {
  type Address,
  allocationsFor,
  type CatalogueItem,
  type EventStore,
  type ExcludedLocation,
  excludedLocations,
  type InventoryCommand,
  type InventoryEvent,
  type InventoryState,
  type OrderCommand,
  type OrderEvent,
  type OrderEventDataMap,
  type OrderRouting,
  type OrderState,
  openLines,
  type RecordedEvent,
  ROUTING_POLICY_STREAM,
  type RoutingDestination,
  type RoutingPolicy,
  regionCentroid,
  reservationsFor,
  route,
  routingInputFor,
  streamEntityId,
} from '@ordinal/domain';
import type { ActorHost } from '../host/actor-host.ts';
import { LogFollower } from './log-follower.ts';
import { OrderStock, sendAsRouter } from './order-stock.ts';
import { RoutingFactsView } from './routing-facts.view.ts';

/**
 * Where a delivery address is on the map, or undefined when it cannot be told (the process then
 * falls back to the middle of the registered locations of the address's region).
 */
export type Geocoder = (address: Address) => RoutingDestination | undefined;

/** What the routing process works with; the composition root hands in the real hosts. */
export interface OrderRoutingOptions {
  readonly events: Pick<EventStore, 'subscribeAll' | 'headPosition' | 'readStream' | 'readAll'>;
  readonly orders: Pick<ActorHost<OrderCommand, OrderEvent, OrderState>, 'execute' | 'load'>;
  readonly inventory: Pick<ActorHost<InventoryCommand, InventoryEvent, InventoryState>, 'execute' | 'load'>;
  readonly geocode: Geocoder;
  readonly clock: () => Date;
  /** Overrides the policy; by default the one active in the log (`routing-policies`) at the event handled. */
  readonly policy?: () => RoutingPolicy;
  readonly catalogue?: (sku: string) => CatalogueItem | undefined;
  /** How long a reservation holds stock before it may expire (default 7 days). */
  readonly reservationTtlMs?: number;
  /** Routing attempts per trigger when stock moves under it (default 3). */
  readonly maxAttempts?: number;
  /** Told of every failure to act on an event; the event is not retried. */
  readonly onError?: (error: unknown, event: RecordedEvent) => void;
}

const TRIGGERS = new Set(['OrderConfirmed', 'OrderApproved', 'OrderReleased']);

/**
 * The order ↔ inventory process: when an order becomes confirmed it gathers the facts (stock
 * per location, capacity left today, the destination), asks the routing engine, reserves the
 * plan's stock and allocates the order with the whole decision recorded; if stock moved under
 * it, it releases what it reserved and tries again on fresh facts; if no plan exists it puts the
 * order on hold with the decision as the hold's facts. When a location rejects (or fails) its
 * shipment, the withdrawn allocation's stock is released and the order routed again without
 * every location that rejected it so far. Cancelled orders give their reservations back;
 * dispatched shipments commit theirs. Every command it sends has an id derived from the
 * order and the attempt, so handling an event twice (after a restart) changes nothing.
 */
export class OrderRoutingProcess {
  readonly #options: OrderRoutingOptions;
  readonly #facts = new RoutingFactsView();
  readonly #stock: OrderStock;
  #follower: LogFollower | undefined;

  constructor(options: OrderRoutingOptions) {
    this.#options = options;
    this.#stock = new OrderStock(options);
  }

  /** Follows the log from the start: facts from every event, actions on the orders still waiting. */
  async start(): Promise<void> {
    // While catching up, only the last event of each order decides whether it still waits.
    const pending = new Map<string, RecordedEvent>();
    this.#follower = new LogFollower(this.#options.events, ['order-', 'location-', ROUTING_POLICY_STREAM], {
      onEvent: async (event, live) => {
        this.#facts.apply(event);
        if (live) await this.#act(event);
        else if (event.streamId.startsWith('order-')) pending.set(event.streamId, event);
      },
      onCaughtUp: async () => {
        for (const last of pending.values()) await this.#act(last);
        pending.clear();
      },
    });
    this.#follower.start();
  }

  async stop(): Promise<void> {
    await this.#follower?.stop();
  }

  async #act(event: RecordedEvent): Promise<void> {
    try {
      // Imported history was routed, reserved and shipped in its own time: never act on it.
      if (!event.streamId.startsWith('order-') || event.metadata.import !== undefined) return;
      const orderId = streamEntityId(event.streamId);
      if (TRIGGERS.has(event.type)) await this.routeOrder(orderId, event);
      else if (event.type === 'AllocationRejected') await this.#reroute(orderId, event);
      else if (event.type === 'OrderCancelled') await this.#stock.releaseAll(orderId, event);
      else if (event.type === 'ShipmentDispatched') {
        await this.#stock.commit(orderId, (event.data as { shipmentId: string }).shipmentId, event);
      }
    } catch (error) {
      this.#options.onError?.(error, event);
    }
  }

  /**
   * A location gave its shipment back: the withdrawn allocation's stock is released, then the
   * order (confirmed again, unless it is held) is routed without every location that rejected
   * or failed it so far.
   */
  async #reroute(orderId: string, rejection: RecordedEvent): Promise<void> {
    const { shipmentId, locationId, kind, reason } = rejection.data as OrderEventDataMap['AllocationRejected'];
    const withdrawn = await this.#stock.reservationsWithdrawnBy(orderId, rejection.revision);
    await this.#stock.release(withdrawn, `allocation ${kind}: ${shipmentId} by ${locationId} (${reason})`, rejection);
    await this.routeOrder(orderId, rejection);
  }

  /** Routes a confirmed order that has no allocation yet; anything else is left alone. */
  async routeOrder(orderId: string, cause: RecordedEvent): Promise<'allocated' | 'held' | 'skipped'> {
    const maxAttempts = this.#options.maxAttempts ?? 3;
    for (let round = 0; round < maxAttempts; round++) {
      const { state } = await this.#options.orders.load(orderId);
      if (!state.matches({ main: 'confirmed' })) return 'skipped';
      const locations = this.#facts.locations();
      if (locations.length === 0) return 'skipped'; // No location registered: routing is not in use.
      const context = state.context;
      const lines = openLines(context.lines);
      const address = context.shippingAddress;
      const destination =
        address === null ? undefined : (this.#options.geocode(address) ?? regionCentroid(locations, address));
      const history = await this.#history(orderId);
      const attempt = history.attempts + 1;
      const now = this.#options.clock().toISOString();
      if (destination === undefined) {
        return this.#hold(orderId, attempt, cause, 'routing: the delivery address could not be located', {
          address: address === null ? null : { city: address.city, region: address.region, country: address.country },
        });
      }
      const available = await this.#available(lines.map((line) => line.sku));
      const input = routingInputFor(orderId, lines, {
        now,
        destination,
        ...(context.promisedBy === undefined ? {} : { promisedBy: context.promisedBy }),
        locations,
        available,
        shipmentsToday: this.#facts.shipmentsOn(now.slice(0, 10)),
        item: (sku) => this.#options.catalogue?.(sku),
        excluded: history.excluded,
      });
      const decision = route(input, this.#options.policy?.() ?? this.#facts.policy());
      if (decision.outcome === 'unroutable') {
        return this.#hold(orderId, attempt, cause, `routing: ${decision.explanation.join(' ')}`, {
          routing: { attempt, input, decision },
        });
      }
      const skuOf = new Map(lines.map((line) => [line.lineId, line.sku]));
      const reservations = reservationsFor(orderId, attempt, decision, (lineId) => skuOf.get(lineId) ?? '');
      const expiresAt = new Date(Date.parse(now) + (this.#options.reservationTtlMs ?? 7 * 86_400_000)).toISOString();
      const taken = await this.#stock.reserve(orderId, reservations, expiresAt, cause);
      if (taken.length < reservations.length) {
        // Stock moved between reading it and reserving it: give back what was taken and look again.
        await this.#stock.release(taken, 'routing attempt abandoned: stock moved', cause);
        continue;
      }
      const routing: OrderRouting = { attempt, input, decision, reservations };
      const outcome = await sendAsRouter(this.#options.orders, `route-${orderId}-${attempt}`, cause, {
        type: 'AllocateOrder',
        orderId,
        allocations: allocationsFor(attempt, decision),
        reason: 'routed',
        routing,
      });
      if (outcome.status === 'accepted') return 'allocated';
      // The order moved on meanwhile (cancelled, held): nothing of this attempt may stay reserved.
      await this.#stock.release(reservations, `allocation refused: ${outcome.rejection.code}`, cause);
      return 'skipped';
    }
    return this.#hold(orderId, maxAttempts + 1, cause, 'routing: stock kept moving while reserving', {});
  }

  /** The routing attempts so far and the locations that rejected or failed the order, from its events. */
  async #history(orderId: string): Promise<{ attempts: number; excluded: readonly ExcludedLocation[] }> {
    const events = await this.#options.events.readStream(`order-${orderId}`);
    let attempts = 0;
    for (const event of events) {
      const routing = (event.data as { routing?: { attempt?: unknown } }).routing;
      if (typeof routing?.attempt === 'number') attempts = Math.max(attempts, routing.attempt);
    }
    return { attempts, excluded: excludedLocations(events as readonly OrderEvent[]) };
  }

  async #available(skus: readonly string[]): Promise<Record<string, Record<string, number>>> {
    const result: Record<string, Record<string, number>> = {};
    for (const sku of new Set(skus)) {
      const { state } = await this.#options.inventory.load(sku);
      result[sku] = Object.fromEntries(
        Object.entries(state.locations).map(([locationId, stock]) => [locationId, stock.onHand - stock.reserved]),
      );
    }
    return result;
  }

  async #hold(
    orderId: string,
    attempt: number,
    cause: RecordedEvent,
    reason: string,
    facts: Readonly<Record<string, unknown>>,
  ): Promise<'held'> {
    await sendAsRouter<OrderCommand>(this.#options.orders, `route-${orderId}-${attempt}-hold`, cause, {
      type: 'HoldOrder',
      orderId,
      reason,
      facts,
    });
    return 'held';
  }
}
