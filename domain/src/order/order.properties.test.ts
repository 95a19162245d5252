import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRejection } from '../shared/rejection.ts';
import { orderFacts, recordOrderEvent } from '../testing/order-fixtures.ts';
import { commandFor, orderIntent, screeningFor } from '../testing/order-intents.ts';
import { ODD_IDS } from '../testing/order-journey.ts';
import { allowedOrderCommands, candidateEvent } from './order.allowed.ts';
import { openAuthorizations, uncapturedAmount } from './order.checks.ts';
import type { ShipmentStatus } from './order.context.ts';
import { decideOrder } from './order.decide.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft, RecordedOrderEvent } from './order.events.ts';
import { entryOf } from './order.records.ts';
import { ORDER_REJECTION_CODES } from './order.rejections.ts';
import { activeShipments, hasNoDispatchedShipment, isDispatched } from './order.stage.ts';
import {
  type OrderState,
  orderStateAt,
  orderStatus,
  type PersistedOrderState,
  restoreOrderState,
  toPersistedOrderState,
} from './order.state.ts';

const AFTER_DISPATCH_FORBIDDEN_ONCE_CANCELLED = new Set([
  'PickingStarted',
  'ShipmentPacked',
  'ShipmentDispatched',
  'ShipmentInTransit',
  'ShipmentOutForDelivery',
  'ShipmentDelivered',
]);

// The carrier's next report for a shipment out with it; the order must always take it.
const CARRIER_NEXT: Partial<Record<ShipmentStatus, (shipmentId: string) => OrderEventDraft>> = {
  shipped: (shipmentId) => ({ type: 'ShipmentInTransit', data: { shipmentId } }),
  inTransit: (shipmentId) => ({ type: 'ShipmentOutForDelivery', data: { shipmentId } }),
  outForDelivery: (shipmentId) => ({ type: 'ShipmentDelivered', data: { shipmentId } }),
  deliveryFailed: (shipmentId) => ({ type: 'DeliveryReattempted', data: { shipmentId } }),
};

// Refusals that name an id: whether the id must be, or must not be, a key of the record.
const KEYED: Readonly<Record<string, readonly [string, 'shipments' | 'payments' | 'refunds' | 'returns', boolean]>> = {
  'shipment.unknown': ['shipmentId', 'shipments', false],
  'payment.unknown': ['paymentId', 'payments', false],
  'return.unknown': ['returnId', 'returns', false],
  'payment.duplicate': ['paymentId', 'payments', true],
  'payment.duplicate-refund': ['refundId', 'refunds', true],
  'return.duplicate': ['returnId', 'returns', true],
};

const ODD = new Set<unknown>(ODD_IDS);

// The situations the review found bugs in; the generator must reach each of them.
function situations(before: OrderState, event: RecordedOrderEvent, after: OrderState): string[] {
  const found: string[] = [];
  const dispatched = (s: OrderState) => Object.values(s.context.shipments).filter((x) => isDispatched(x.status));
  const data = event.data as unknown as Record<string, unknown>;
  if (['shipmentId', 'paymentId', 'refundId', 'returnId'].some((key) => ODD.has(data[key]))) found.push('odd id');
  if (event.type === 'OrderAllocated') {
    const lineIds = event.data.allocations.flatMap((a) => a.lines.map((l) => l.lineId));
    if (new Set(lineIds).size < lineIds.length) found.push('line split over shipments');
  }
  if (event.type === 'AllocationRejected') found.push('allocation rejected');
  const lagging = activeShipments(after.context).some((s) => !isDispatched(s.status));
  if (dispatched(after).length > 0 && lagging) found.push('partial dispatch');
  if (event.type === 'OrderLinesCancelled' && dispatched(before).length > 0)
    found.push('lines cancelled after dispatch');
  const payment = 'paymentId' in data ? entryOf(before.context.payments, String(data.paymentId)) : undefined;
  if (event.type === 'PaymentCaptured' && payment && event.data.amount.amount < uncapturedAmount(payment)) {
    found.push('partial capture');
  }
  if (event.type === 'PaymentVoided' && payment && payment.captured.amount > 0) found.push('remainder voided');
  return found;
}

interface Run {
  readonly reached: Set<string>;
  readonly events: RecordedOrderEvent[];
  /** Persisted state after each prefix: index n = after n events. */
  readonly states: PersistedOrderState[];
  readonly final: OrderState;
}

/** Decides each intent's command against the folded state and records what was accepted. */
function play(intents: readonly Parameters<typeof commandFor>[0][]): Run {
  let state = orderDecider.initialState();
  const events: RecordedOrderEvent[] = [];
  const states = [toPersistedOrderState(state)];
  let cancelled = false;
  const cancelledShipments = new Set<string>();
  let captured = 0;
  let refunded = 0;
  const reached = new Set<string>();
  for (const [step, intent] of intents.entries()) {
    const command = commandFor(intent, state);
    let decision: ReturnType<typeof decideOrder>;
    try {
      decision = decideOrder(command, state, orderFacts(step, screeningFor(intent)));
    } catch (error) {
      throw new Error(`decide threw for ${JSON.stringify(command)}: ${String(error)}`);
    }
    if (isRejection(decision)) {
      expect(Object.keys(ORDER_REJECTION_CODES)).toContain(decision.code);
      expect(decision.details?.state).toEqual(orderStatus(state));
      expect(Array.isArray(decision.details?.allowedCommands)).toBe(true);
      reached.add(decision.code);
      if (decision.code === 'order.not-holdable' && !hasNoDispatchedShipment(state.context)) {
        reached.add('hold refused after a dispatch');
      }
      const keyed = Object.hasOwn(KEYED, decision.code) ? KEYED[decision.code] : undefined;
      if (keyed !== undefined) {
        const [field, record, present] = keyed;
        const id = String((command as unknown as Record<string, unknown>)[field]);
        expect(Object.hasOwn(state.context[record], id), `${decision.code} for ${id}`).toBe(present);
      }
      continue;
    }
    expect(decision.length).toBeGreaterThan(0);
    // What decide accepts, the state's allowed commands list: that list is what clients see.
    expect(allowedOrderCommands(state)).toContain(command.type);
    for (const draft of decision) {
      const event = recordOrderEvent(draft, events.length);
      // Every event decide emits is one the machine takes: decide and machine agree.
      expect(state.can(event)).toBe(true);
      if (cancelled) expect(AFTER_DISPATCH_FORBIDDEN_ONCE_CANCELLED.has(event.type)).toBe(false);
      if (event.type === 'PaymentCaptured') captured += event.data.amount.amount;
      if (event.type === 'RefundIssued') refunded += event.data.amount.amount;
      expect(refunded).toBeLessThanOrEqual(captured);
      const before = state;
      state = orderDecider.evolve(state, event);
      for (const situation of situations(before, event, state)) reached.add(situation);
      events.push(event);
      states.push(toPersistedOrderState(state));
      cancelled ||= orderStatus(state).main === 'cancelled';
      expect(orderStatus(state).main).not.toBe('settling');
    }
    const { context } = state;
    for (const shipment of Object.values(context.shipments)) {
      // A cancelled shipment never moves again; a cancelled order has only cancelled shipments.
      if (cancelledShipments.has(shipment.shipmentId)) expect(shipment.status).toBe('cancelled');
      if (shipment.status === 'cancelled') cancelledShipments.add(shipment.shipmentId);
      if (cancelled) expect(shipment.status).toBe('cancelled');
    }
    expect(context.payment.refunded.amount).toBeLessThanOrEqual(context.payment.captured.amount);
    expect(context.payment.captured.amount).toBeLessThanOrEqual(context.payment.authorized.amount);
    for (const payment of Object.values(context.payments)) expect(uncapturedAmount(payment)).toBeGreaterThanOrEqual(0);
    if (orderStatus(state).main === 'closed') expect(openAuthorizations(context)).toEqual([]);
    // No state the order reaches refuses the carrier's next report of a dispatched shipment.
    for (const shipment of Object.values(context.shipments)) {
      const next = CARRIER_NEXT[shipment.status];
      if (next === undefined) continue;
      const event = candidateEvent(next(shipment.shipmentId), events.at(-1)!.metadata);
      expect(state.can(event), `${shipment.shipmentId} ${shipment.status} in ${orderStatus(state).main}`).toBe(true);
    }
    for (const line of context.lines) {
      expect(line.cancelledQuantity + line.dispatchedQuantity).toBeLessThanOrEqual(line.quantity);
      expect(line.returnedQuantity).toBeLessThanOrEqual(line.deliveredQuantity);
      expect(line.deliveredQuantity).toBeLessThanOrEqual(line.dispatchedQuantity);
    }
  }
  return { reached, events, states, final: state };
}

describe('order decide and fold, random command sequences', () => {
  it('keep their invariants; evolve, spawn, replay and resume all agree', () => {
    let deepest = 0;
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.array(orderIntent, { minLength: 1, maxLength: 30, size: 'max' }), fc.nat(), (intents, cut) => {
        const run = play(intents);
        const { events, states, final } = run;
        deepest = Math.max(deepest, events.length);
        for (const situation of run.reached) reached.add(situation);

        const live = orderDecider.spawn!(orderDecider.initialState());
        for (const event of events) live.send(event);
        // toEqual on plain JSON: ids such as `constructor` are own keys, which toStrictEqual
        // would mistake for class constructors.
        expect(toPersistedOrderState(live.getState())).toEqual(toPersistedOrderState(final));
        live.stop();

        const n = cut % (events.length + 1);
        expect(toPersistedOrderState(orderStateAt(events, n))).toEqual(states[n]);

        const resumed = events.slice(n).reduce(orderDecider.evolve, restoreOrderState(states[n]!));
        expect(toPersistedOrderState(resumed)).toEqual(toPersistedOrderState(final));
      }),
      { numRuns: 1000 },
    );
    // The generator must reach deep states and the situations above, or the properties say little.
    expect(deepest).toBeGreaterThan(12);
    expect(
      [
        'odd id',
        'line split over shipments',
        'partial dispatch',
        'lines cancelled after dispatch',
        'partial capture',
        'remainder voided',
        'allocation rejected',
        'hold refused after a dispatch',
        'order.authorization-open',
      ].filter((situation) => !reached.has(situation)),
    ).toEqual([]);
  });
});
