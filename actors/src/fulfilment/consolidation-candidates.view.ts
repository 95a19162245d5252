import {
  consolidationAddressKey,
  type OrderEventDataMap,
  type OrderState,
  type RecordedEvent,
  streamEntityId,
} from '@ordinal/domain';

/** One shipment of an order as the consolidation process sees it. */
export interface CandidateShipment {
  readonly locationId: string;
  /** Allocated and nobody has started picking it. */
  readonly allocated: boolean;
  /** The consolidation it is in now, if any. */
  readonly consolidationId?: string;
}

/** What the process keeps of an order: who, where to, when, and its shipments. */
export interface CandidateOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly addressKey: string;
  readonly placedAt: string;
  readonly held: boolean;
  readonly shipments: ReadonlyMap<string, CandidateShipment>;
  /** How many consolidations the order left (ConsolidationUndone): part of the next one's id. */
  readonly undone: number;
  /** Lines were cancelled since the state was last read: the shipments may have changed. */
  readonly stale: boolean;
}

/** A consolidation as recorded on its members so far. */
export interface ConsolidationRecord {
  readonly data: Omit<OrderEventDataMap['ShipmentConsolidated'], 'shipmentId'>;
  /** Members that recorded it and are in it now. */
  readonly inForce: Set<string>;
  /** Members that recorded its undo, with the undo as recorded. */
  readonly undone: Map<string, OrderEventDataMap['ConsolidationUndone']>;
  /** Members that left it otherwise: dispatched in it, or moved into a consolidation that supersedes it. */
  readonly settled: Set<string>;
  /** Set once a member recorded a consolidation that supersedes this one. */
  supersededBy?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The orders the consolidation process follows, folded from their events: customer, address key,
 * placement time, hold, and each shipment's location, whether it is still untouched, and the
 * consolidation it is in; plus every consolidation not settled yet, as recorded on its members.
 * Orders leave when cancelled or closed, or once none of their shipments is untouched.
 */
export class ConsolidationCandidates {
  readonly #orders = new Map<string, Mutable<CandidateOrder> & { shipments: Map<string, CandidateShipment> }>();
  readonly #byCustomer = new Map<string, Set<string>>();
  readonly #consolidations = new Map<string, ConsolidationRecord>();

  order(orderId: string): CandidateOrder | undefined {
    return this.#orders.get(orderId);
  }

  consolidation(consolidationId: string): ConsolidationRecord | undefined {
    return this.#consolidations.get(consolidationId);
  }

  consolidations(): IterableIterator<[string, ConsolidationRecord]> {
    return this.#consolidations.entries();
  }

  orders(): IterableIterator<CandidateOrder> {
    return this.#orders.values();
  }

  /** The customer's orders the process knows. */
  ordersOf(customerId: string): CandidateOrder[] {
    return [...(this.#byCustomer.get(customerId) ?? [])].flatMap((id) => this.#orders.get(id) ?? []);
  }

  /** The consolidations the order's shipments are in now. */
  consolidationsOf(orderId: string): string[] {
    const order = this.#orders.get(orderId);
    return [...(order?.shipments.values() ?? [])].flatMap((s) => (s.consolidationId ? [s.consolidationId] : []));
  }

  /** Folds one event of an order stream. */
  apply(event: RecordedEvent): void {
    const orderId = streamEntityId(event.streamId);
    if (event.type === 'OrderPlaced') {
      // Imported history left its warehouses long ago: it is never a candidate for a parcel.
      if (event.metadata.import !== undefined) return;
      const data = event.data as OrderEventDataMap['OrderPlaced'];
      const customerId = data.customer.customerId;
      this.#orders.set(orderId, {
        orderId,
        customerId,
        addressKey: consolidationAddressKey(data.shippingAddress),
        placedAt: data.placedAt,
        held: false,
        shipments: new Map(),
        undone: 0,
        stale: false,
      });
      const own = this.#byCustomer.get(customerId) ?? new Set<string>();
      own.add(orderId);
      this.#byCustomer.set(customerId, own);
      return;
    }
    if (event.type === 'ShipmentConsolidated' || event.type === 'ConsolidationUndone') this.#record(orderId, event);
    const order = this.#orders.get(orderId);
    if (order === undefined) return;
    const shipments = order.shipments;
    const set = (shipmentId: string, change: (s: CandidateShipment) => CandidateShipment) => {
      const shipment = shipments.get(shipmentId);
      if (shipment !== undefined) shipments.set(shipmentId, change(shipment));
    };
    switch (event.type) {
      case 'ShippingAddressChanged':
        order.addressKey = consolidationAddressKey((event.data as OrderEventDataMap['ShippingAddressChanged']).address);
        break;
      case 'OrderAllocated':
        // A re-allocation replaces the shipments nobody started on.
        for (const [id, s] of shipments) {
          if (!s.allocated) continue;
          shipments.delete(id);
          if (s.consolidationId !== undefined) this.#leave(s.consolidationId, orderId);
        }
        for (const a of (event.data as OrderEventDataMap['OrderAllocated']).allocations) {
          shipments.set(a.shipmentId, { locationId: a.locationId, allocated: true });
        }
        break;
      case 'AllocationRejected':
        for (const [id, s] of shipments) if (s.allocated) shipments.set(id, { ...s, allocated: false });
        break;
      case 'PickingStarted':
        set((event.data as OrderEventDataMap['PickingStarted']).shipmentId, (s) => ({ ...s, allocated: false }));
        break;
      case 'ShipmentDispatched': {
        // The parcel has left: its consolidation can no longer be undone for this member.
        const { shipmentId } = event.data as OrderEventDataMap['ShipmentDispatched'];
        const left = shipments.get(shipmentId)?.consolidationId;
        set(shipmentId, ({ consolidationId: _, ...s }) => s);
        if (left !== undefined) this.#leave(left, orderId);
        break;
      }
      case 'OrderHeld':
        order.held = true;
        break;
      case 'OrderReleased':
        order.held = false;
        break;
      case 'OrderLinesCancelled':
        order.stale = true;
        break;
      case 'ShipmentConsolidated': {
        const { shipmentId, consolidationId } = event.data as OrderEventDataMap['ShipmentConsolidated'];
        set(shipmentId, (s) => ({ ...s, consolidationId }));
        break;
      }
      case 'ConsolidationUndone': {
        const { shipmentId } = event.data as OrderEventDataMap['ConsolidationUndone'];
        set(shipmentId, ({ consolidationId: _, ...s }) => s);
        order.undone += 1;
        break;
      }
      case 'OrderCancelled':
      case 'OrderRejected':
      case 'OrderClosed':
        this.#forget(orderId);
        return;
    }
    if (![...shipments.values()].some((s) => s.allocated) && this.consolidationsOf(orderId).length === 0) {
      // Nothing of it can be consolidated any more (until it is allocated again): keep only who and where.
      shipments.clear();
    }
  }

  /** Replaces what is known of the order's shipments and hold with its state as the actor has it. */
  sync(orderId: string, state: OrderState): void {
    const order = this.#orders.get(orderId);
    if (order === undefined) return;
    if (state.matches({ main: 'cancelled' }) || state.matches({ main: 'closed' })) {
      this.#forget(orderId);
      return;
    }
    const { context } = state;
    order.shipments = new Map(
      Object.values(context.shipments)
        .filter((s) => s.status !== 'cancelled')
        .map((s) => [
          s.shipmentId,
          {
            locationId: s.locationId,
            allocated: s.status === 'allocated',
            ...(s.consolidation ? { consolidationId: s.consolidation.consolidationId } : {}),
          },
        ]),
    );
    order.held = state.matches({ main: 'onHold' });
    if (context.shippingAddress !== null) order.addressKey = consolidationAddressKey(context.shippingAddress);
    order.stale = false;
  }

  /** Takes a consolidation about to be sent as recorded, so the next round does not decide it again. */
  expect(data: ConsolidationRecord['data']): void {
    if (!this.#consolidations.has(data.consolidationId)) this.#consolidations.set(data.consolidationId, fresh(data));
    for (const member of data.members) {
      const shipments = this.#orders.get(member.orderId)?.shipments;
      const shipment = shipments?.get(member.shipmentId);
      if (shipment !== undefined)
        shipments?.set(member.shipmentId, { ...shipment, consolidationId: data.consolidationId });
    }
  }

  #record(orderId: string, event: RecordedEvent): void {
    if (event.type === 'ShipmentConsolidated') {
      const { shipmentId: _, ...data } = event.data as OrderEventDataMap['ShipmentConsolidated'];
      const record = this.#consolidations.get(data.consolidationId) ?? fresh(data);
      this.#consolidations.set(data.consolidationId, record);
      record.inForce.add(orderId);
      for (const old of data.supersedes ?? []) {
        const superseded = this.#consolidations.get(old);
        if (superseded !== undefined) superseded.supersededBy = data.consolidationId;
        this.#leave(old, orderId);
      }
      return;
    }
    const data = event.data as OrderEventDataMap['ConsolidationUndone'];
    const record = this.#consolidations.get(data.consolidationId);
    if (record === undefined) return;
    record.undone.set(orderId, data);
    this.#leave(data.consolidationId, orderId);
  }

  // A member is no longer in it; once none is, the consolidation is settled and forgotten.
  #leave(consolidationId: string, orderId: string): void {
    const record = this.#consolidations.get(consolidationId);
    if (record === undefined) return;
    if (record.inForce.delete(orderId)) record.settled.add(orderId);
    if (record.inForce.size === 0) this.#consolidations.delete(consolidationId);
  }

  #forget(orderId: string): void {
    const order = this.#orders.get(orderId);
    if (order === undefined) return;
    this.#orders.delete(orderId);
    this.#byCustomer.get(order.customerId)?.delete(orderId);
  }
}

function fresh(data: ConsolidationRecord['data']): ConsolidationRecord {
  return { data, inForce: new Set(), undone: new Map(), settled: new Set() };
}
