import type {
  ActorRef,
  CommandMetadata,
  CommandOutcome,
  EventStore,
  InventoryCommand,
  InventoryEvent,
  InventoryState,
  OrderCommand,
  OrderEvent,
  OrderRouting,
  OrderState,
  RecordedEvent,
  StockReservationRef,
} from '@ordinal/domain';
import type { ActorHost } from '../host/actor-host.ts';

const ROUTER: ActorRef = { kind: 'system', component: 'order-router' };

/** Sends a command as `actor`, caused by `cause`, under an id that makes a retry a duplicate. */
export function sendAs<C extends { readonly type: string }>(
  actor: ActorRef,
  host: { execute(envelope: { command: C; metadata: CommandMetadata }): Promise<CommandOutcome> },
  commandId: string,
  cause: RecordedEvent,
  command: C,
): Promise<CommandOutcome> {
  return host.execute({
    command,
    metadata: { commandId, correlationId: cause.metadata.correlationId, causationId: cause.eventId, actor },
  });
}

/** Sends a command as the order router, caused by `cause`, under an id that makes a retry a duplicate. */
export function sendAsRouter<C extends { readonly type: string }>(
  host: { execute(envelope: { command: C; metadata: CommandMetadata }): Promise<CommandOutcome> },
  commandId: string,
  cause: RecordedEvent,
  command: C,
): Promise<CommandOutcome> {
  return sendAs(ROUTER, host, commandId, cause, command);
}

/**
 * The stock an order holds through its routing: reserving a plan line by line, giving it back,
 * and committing a shipment's share when it leaves. Which reservations an order holds is read
 * from its latest routed allocation, so nothing here is kept in memory.
 */
export class OrderStock {
  readonly #events: Pick<EventStore, 'readStream'>;
  readonly #orders: Pick<ActorHost<OrderCommand, OrderEvent, OrderState>, 'load'>;
  readonly #inventory: Pick<ActorHost<InventoryCommand, InventoryEvent, InventoryState>, 'execute'>;

  constructor(options: {
    readonly events: Pick<EventStore, 'readStream'>;
    readonly orders: Pick<ActorHost<OrderCommand, OrderEvent, OrderState>, 'load'>;
    readonly inventory: Pick<ActorHost<InventoryCommand, InventoryEvent, InventoryState>, 'execute'>;
  }) {
    this.#events = options.events;
    this.#orders = options.orders;
    this.#inventory = options.inventory;
  }

  /** Reserves in order and stops at the first refusal; returns what was taken. */
  async reserve(
    orderId: string,
    reservations: readonly StockReservationRef[],
    expiresAt: string,
    cause: RecordedEvent,
  ): Promise<StockReservationRef[]> {
    const taken: StockReservationRef[] = [];
    for (const r of reservations) {
      const outcome = await sendAsRouter<InventoryCommand>(this.#inventory, `reserve-${r.reservationId}`, cause, {
        type: 'ReserveStock',
        sku: r.sku,
        reservationId: r.reservationId,
        orderId,
        lineId: r.lineId,
        locationId: r.locationId,
        quantity: r.quantity,
        expiresAt,
      });
      if (outcome.status !== 'accepted') return taken;
      taken.push(r);
    }
    return taken;
  }

  async release(reservations: readonly StockReservationRef[], reason: string, cause: RecordedEvent): Promise<void> {
    for (const r of reservations) {
      await sendAsRouter<InventoryCommand>(this.#inventory, `release-${r.reservationId}`, cause, {
        type: 'ReleaseReservation',
        sku: r.sku,
        reservationId: r.reservationId,
        reason,
      });
    }
  }

  /** Gives back everything the order's latest routed allocation holds. */
  async releaseAll(orderId: string, cause: RecordedEvent): Promise<void> {
    await this.release(await this.reservationsOf(orderId), 'order cancelled', cause);
  }

  /** Commits the reservations of the lines a dispatched shipment carries from its location. */
  async commit(orderId: string, shipmentId: string, cause: RecordedEvent): Promise<void> {
    const { state } = await this.#orders.load(orderId);
    const shipment = state.context.shipments[shipmentId];
    if (shipment === undefined) return;
    const reservations = (await this.reservationsOf(orderId)).filter(
      (r) => r.locationId === shipment.locationId && shipment.lines.some((line) => line.lineId === r.lineId),
    );
    for (const r of reservations) {
      await sendAsRouter<InventoryCommand>(this.#inventory, `commit-${r.reservationId}`, cause, {
        type: 'CommitReservation',
        sku: r.sku,
        reservationId: r.reservationId,
        shipmentId,
      });
    }
  }

  /**
   * The reservations the order holds: those of its latest routed allocation, unless a location
   * has rejected it since (earlier attempts and withdrawn allocations were given back).
   */
  async reservationsOf(orderId: string): Promise<readonly StockReservationRef[]> {
    return this.#latest(orderId, Number.POSITIVE_INFINITY, true);
  }

  /** The reservations of the allocation that the rejection at `revision` of the order's stream withdrew. */
  async reservationsWithdrawnBy(orderId: string, revision: number): Promise<readonly StockReservationRef[]> {
    return this.#latest(orderId, revision, false);
  }

  async #latest(orderId: string, beforeRevision: number, dropWithdrawn: boolean) {
    const events = await this.#events.readStream(`order-${orderId}`);
    let latest: readonly StockReservationRef[] = [];
    for (const event of events) {
      if (event.revision >= beforeRevision) break;
      if (event.type === 'OrderAllocated')
        latest = (event.data as { routing?: OrderRouting }).routing?.reservations ?? [];
      else if (event.type === 'AllocationRejected' && dropWithdrawn) latest = [];
    }
    return latest;
  }
}
