import {
  type ActorRef,
  type ConsolidationMember,
  consolidationAddressKey,
  type EventStore,
  entryOf,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  type RecordedEvent,
  streamEntityId,
} from '@ordinal/domain';
import type { ActorHost } from '../host/actor-host.ts';
import { IDEMPOTENCY_CONFLICT } from '../host/host.errors.ts';
import { chooseUnits, consolidationIds, ROUND_TRIGGERS, type Unit, undoReason } from './consolidation.rounds.ts';
import {
  type CandidateOrder,
  ConsolidationCandidates,
  type ConsolidationRecord,
} from './consolidation-candidates.view.ts';
import { LogFollower } from './log-follower.ts';
import { sendAs } from './order-stock.ts';

const CONSOLIDATOR: ActorRef = { kind: 'system', component: 'order-consolidation' };

/** What the consolidation process works with; the composition root hands in the real host. */
export interface ConsolidationOptions {
  readonly events: Pick<EventStore, 'subscribeAll' | 'headPosition' | 'readAll'>;
  readonly orders: Pick<ActorHost<OrderCommand, OrderEvent, OrderState>, 'execute' | 'load'>;
  readonly clock: () => Date;
  /** Orders placed within this many minutes of each other may share a parcel (0: the process does nothing). */
  readonly windowMinutes: number;
  /** Told of every failure to act on an event; the event is not retried. */
  readonly onError?: (error: unknown, event: RecordedEvent | undefined) => void;
}

type ConsolidationData = ConsolidationRecord['data'];

/**
 * Ships one parcel for a customer's orders to the same address. It follows the order streams and
 * keeps in memory (rebuilt from the log at every start) each order's customer, normalised address
 * key and placement time, and its shipments allocated and not yet picked. When an order's shipment
 * becomes such a candidate (allocated, released from a hold, its consolidation undone, its address
 * changed), it gathers the same customer's candidates at the same location with the same address
 * key and placed within the window of each other, and sends `ConsolidateShipment` to every member;
 * a consolidation in force grows by a new one that supersedes it. When a member is cancelled, held,
 * re-allocated or re-routed, loses the shipment's lines or changes address, `UndoConsolidation`
 * goes to every member; those still candidates may be consolidated again by the next round.
 * Command ids derive from the consolidation id (itself derived from the members) and the order, so
 * nothing is done twice after a restart; at start, a consolidation or an undo that reached only some
 * members is completed with what the others recorded.
 */
export class ConsolidationProcess {
  readonly #options: ConsolidationOptions;
  readonly #view = new ConsolidationCandidates();
  #follower: LogFollower | undefined;

  constructor(options: ConsolidationOptions) {
    this.#options = options;
  }

  /** Follows the order streams from the start; acts once caught up. */
  start(): Promise<void> {
    let resolve: () => void = () => {};
    const caughtUp = new Promise<void>((done) => {
      resolve = done;
    });
    this.#follower = new LogFollower(this.#options.events, ['order-'], {
      onEvent: async (event, live) => {
        const orderId = streamEntityId(event.streamId);
        const before = this.#view.order(orderId);
        const inForce = this.#view.consolidationsOf(orderId);
        const snapshot = before === undefined ? undefined : { ...before };
        this.#view.apply(event);
        if (live) await this.#act(event, orderId, snapshot, inForce);
      },
      onCaughtUp: async () => {
        await this.#resume();
        resolve();
      },
    });
    this.#follower.start();
    return caughtUp;
  }

  async stop(): Promise<void> {
    await this.#follower?.stop();
  }

  async #act(event: RecordedEvent, orderId: string, before: CandidateOrder | undefined, inForce: string[]) {
    try {
      if (this.#options.windowMinutes <= 0) return;
      if (event.type === 'OrderLinesCancelled') {
        // Which shipments lost their lines is the actor's to say: read it.
        this.#view.sync(orderId, (await this.#options.orders.load(orderId)).state);
        const still = new Set(this.#view.consolidationsOf(orderId));
        for (const id of inForce.filter((x) => !still.has(x))) {
          await this.#undo(id, `member ${orderId}'s lines in the parcel were cancelled`, orderId, event);
        }
      } else {
        const reason = undoReason(event, before, orderId);
        if (reason !== undefined) for (const id of inForce) await this.#undo(id, reason, orderId, event);
      }
      if (ROUND_TRIGGERS.has(event.type)) await this.#roundsFor(orderId, event);
    } catch (error) {
      this.#options.onError?.(error, event);
    }
  }

  /** After the catch-up: finish what reached only some members, then a round for every candidate. */
  async #resume(): Promise<void> {
    if (this.#options.windowMinutes <= 0) return;
    for (const order of [...this.#view.orders()].filter((o) => o.stale)) {
      this.#view.sync(order.orderId, (await this.#options.orders.load(order.orderId)).state);
    }
    for (const [consolidationId, record] of [...this.#view.consolidations()]) {
      try {
        const [undone] = record.undone.values();
        if (undone !== undefined) {
          await this.#undo(consolidationId, undone.reason, undone.causedBy?.orderId, undefined, undone.causedBy);
        } else if (record.supersededBy === undefined) {
          const missing = record.data.members.filter(
            (m) => !record.inForce.has(m.orderId) && !record.settled.has(m.orderId),
          );
          if (missing.length === 0) continue;
          this.#view.expect(record.data);
          await this.#consolidate(record.data, undefined, missing);
        }
      } catch (error) {
        this.#options.onError?.(error, undefined);
      }
    }
    const candidates = [...this.#view.orders()].sort((a, b) => a.placedAt.localeCompare(b.placedAt));
    for (const order of candidates) {
      try {
        await this.#roundsFor(order.orderId, undefined);
      } catch (error) {
        this.#options.onError?.(error, undefined);
      }
    }
  }

  async #roundsFor(orderId: string, cause: RecordedEvent | undefined): Promise<void> {
    const order = this.#view.order(orderId);
    if (order === undefined || order.held) return;
    for (const [shipmentId, shipment] of order.shipments) {
      if (shipment.allocated) await this.#round(order, shipmentId, shipment.locationId, cause);
    }
  }

  /**
   * One round for a candidate shipment: its unit first, then the other units of the same customer,
   * address key and location nearest in placement time, each taken when all its members are within
   * the window of all taken so far. Two or more orders that are not already one consolidation are
   * consolidated (superseding those of theirs in force).
   */
  async #round(order: CandidateOrder, shipmentId: string, locationId: string, cause: RecordedEvent | undefined) {
    const units = this.#units(order, locationId);
    const own = units.find((u) => u.members.some((m) => m.orderId === order.orderId && m.shipmentId === shipmentId));
    if (own === undefined) return;
    const taken = chooseUnits(own, units, order.placedAt, this.#options.windowMinutes);
    if (taken.length < 2) return;
    const members = taken
      .flatMap((u) => u.members)
      .sort((a, b) => a.placedAt.localeCompare(b.placedAt) || a.orderId.localeCompare(b.orderId));
    if (!(await this.#stillCandidates(order, members, taken))) return;
    const ids = consolidationIds(members, (orderId) => this.#view.order(orderId)?.undone ?? 0);
    const supersedes = taken.flatMap((u) => (u.consolidationId ? [u.consolidationId] : [])).sort();
    const data: ConsolidationData = {
      ...ids,
      locationId,
      members,
      basis: {
        customerId: order.customerId,
        addressKey: order.addressKey,
        windowMinutes: this.#options.windowMinutes,
        decidedAt: this.#options.clock().toISOString(),
      },
      ...(supersedes.length > 0 ? { supersedes } : {}),
    };
    this.#view.expect(data);
    await this.#consolidate(data, cause, members);
  }

  /** The customer's candidates at the location with the order's address key, as units. */
  #units(order: CandidateOrder, locationId: string): Unit[] {
    const free: Unit[] = [];
    const grouped = new Map<string, ConsolidationMember[]>();
    for (const other of this.#view.ordersOf(order.customerId)) {
      if (other.held || other.addressKey !== order.addressKey) continue;
      for (const [shipmentId, s] of other.shipments) {
        if (!s.allocated || s.locationId !== locationId) continue;
        const member = { orderId: other.orderId, shipmentId, placedAt: other.placedAt };
        if (s.consolidationId === undefined) free.push({ members: [member] });
        else grouped.set(s.consolidationId, [...(grouped.get(s.consolidationId) ?? []), member]);
      }
    }
    // A consolidation joins a round whole or not at all: every member must still be a candidate here.
    const whole = [...grouped].flatMap(([consolidationId, members]) => {
      const recorded = this.#view.consolidation(consolidationId)?.data.members.length;
      return recorded === members.length ? [{ consolidationId, members }] : [];
    });
    return [...free, ...whole];
  }

  /** Reads each member from its actor: a change not yet seen here stops the round (its event will come). */
  async #stillCandidates(
    basis: CandidateOrder,
    members: readonly ConsolidationMember[],
    taken: readonly Unit[],
  ): Promise<boolean> {
    const expected = new Map(taken.flatMap((u) => u.members.map((m) => [m.orderId, u.consolidationId])));
    for (const member of members) {
      const { state } = await this.#options.orders.load(member.orderId);
      const { context } = state;
      const shipment = entryOf(context.shipments, member.shipmentId);
      const fits =
        state.matches({ main: 'allocated' }) &&
        context.customer?.customerId === basis.customerId &&
        context.shippingAddress !== null &&
        consolidationAddressKey(context.shippingAddress) === basis.addressKey &&
        shipment?.status === 'allocated' &&
        shipment.consolidation?.consolidationId === expected.get(member.orderId);
      if (!fits) {
        this.#view.sync(member.orderId, state);
        return false;
      }
    }
    return true;
  }

  /** Sends the consolidation to `to`; if a member refuses, the members that took it undo it. */
  async #consolidate(data: ConsolidationData, cause: RecordedEvent | undefined, to: readonly ConsolidationMember[]) {
    for (const member of to) {
      const command: OrderCommand = {
        type: 'ConsolidateShipment',
        orderId: member.orderId,
        shipmentId: member.shipmentId,
        ...data,
      };
      const outcome = await this.#send(`consolidate-${data.consolidationId}-${member.orderId}`, cause, command);
      // Another API process decided the same consolidation first (its clock read another instant): it stands.
      if (outcome.status === 'rejected' && outcome.rejection.code === IDEMPOTENCY_CONFLICT) continue;
      if (outcome.status === 'rejected') {
        this.#view.sync(member.orderId, (await this.#options.orders.load(member.orderId)).state);
        const why = `member ${member.orderId} could not join (${outcome.rejection.code})`;
        await this.#undo(data.consolidationId, why, member.orderId, cause);
        return;
      }
    }
  }

  /** Sends the undo to every member of the consolidation; one no longer in it is left alone. */
  async #undo(
    consolidationId: string,
    reason: string,
    byOrder: string | undefined,
    cause: RecordedEvent | undefined,
    causedBy = byOrder !== undefined && cause !== undefined ? { orderId: byOrder, event: cause.type } : undefined,
  ): Promise<void> {
    const record = this.#view.consolidation(consolidationId);
    if (record === undefined) return;
    for (const member of record.data.members) {
      const command: OrderCommand = {
        type: 'UndoConsolidation',
        orderId: member.orderId,
        consolidationId,
        reason,
        ...(causedBy === undefined ? {} : { causedBy }),
      };
      const outcome = await this.#send(`undo-${consolidationId}-${member.orderId}`, cause, command);
      // Not in it any more, or undone already for another reason (the id is per consolidation and order).
      const settled = ['order.not-consolidated', IDEMPOTENCY_CONFLICT];
      if (outcome.status === 'rejected' && !settled.includes(outcome.rejection.code)) {
        this.#options.onError?.(
          new Error(`order ${member.orderId} kept consolidation ${consolidationId}: ${outcome.rejection.message}`),
          cause,
        );
      }
    }
  }

  #send(commandId: string, cause: RecordedEvent | undefined, command: OrderCommand) {
    if (cause !== undefined) return sendAs<OrderCommand>(CONSOLIDATOR, this.#options.orders, commandId, cause, command);
    return this.#options.orders.execute({
      command,
      metadata: { commandId, correlationId: commandId, actor: CONSOLIDATOR },
    });
  }
}
