import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRejection } from '../shared/rejection.ts';
import { orderFacts, recordOrderEvent } from '../testing/order-fixtures.ts';
import { commandFor, orderIntent, screeningFor } from '../testing/order-intents.ts';
import { decideOrder } from './order.decide.ts';
import { orderDecider } from './order.decider.ts';
import type { RecordedOrderEvent } from './order.events.ts';
import { ORDER_REJECTION_CODES } from './order.rejections.ts';
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

interface Run {
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
      expect(decision.details?.state).toEqual(state.value);
      expect(Array.isArray(decision.details?.allowedCommands)).toBe(true);
      continue;
    }
    expect(decision.length).toBeGreaterThan(0);
    for (const draft of decision) {
      const event = recordOrderEvent(draft, events.length);
      // Every event decide emits is one the machine takes: decide and machine agree.
      expect(state.can(event)).toBe(true);
      expect(event.revision).toBe(events.length + 1);
      if (cancelled) expect(AFTER_DISPATCH_FORBIDDEN_ONCE_CANCELLED.has(event.type)).toBe(false);
      if (event.type === 'PaymentCaptured') captured += event.data.amount.amount;
      if (event.type === 'RefundIssued') refunded += event.data.amount.amount;
      expect(refunded).toBeLessThanOrEqual(captured);
      state = orderDecider.evolve(state, event);
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
    for (const line of context.lines) {
      expect(line.cancelledQuantity + line.dispatchedQuantity).toBeLessThanOrEqual(line.quantity);
      expect(line.returnedQuantity).toBeLessThanOrEqual(line.deliveredQuantity);
      expect(line.deliveredQuantity).toBeLessThanOrEqual(line.dispatchedQuantity);
    }
  }
  return { events, states, final: state };
}

describe('order decide and fold, random command sequences', () => {
  it('keep their invariants; evolve, spawn, replay and resume all agree', () => {
    let deepest = 0;
    fc.assert(
      fc.property(fc.array(orderIntent, { minLength: 1, maxLength: 30, size: 'max' }), fc.nat(), (intents, cut) => {
        const { events, states, final } = play(intents);
        deepest = Math.max(deepest, events.length);

        const live = orderDecider.spawn!(orderDecider.initialState());
        for (const event of events) live.send(event);
        expect(toPersistedOrderState(live.getState())).toStrictEqual(toPersistedOrderState(final));
        live.stop();

        const n = cut % (events.length + 1);
        expect(toPersistedOrderState(orderStateAt(events, n))).toStrictEqual(states[n]);

        const resumed = events.slice(n).reduce(orderDecider.evolve, restoreOrderState(states[n]!));
        expect(toPersistedOrderState(resumed)).toStrictEqual(toPersistedOrderState(final));
      }),
      { numRuns: 1000 },
    );
    // The generator must reach deep states, or the properties above say little.
    expect(deepest).toBeGreaterThan(12);
  });
});
