import { describe, expect, it } from 'vitest';
import { route } from '../routing/routing.engine.ts';
import { DEFAULT_ROUTING_POLICY } from '../routing/routing.policy.ts';
import { deciderSpec } from '../testing/decider-spec.ts';
import { forOrder, fx, orderFacts, orderStream, recordOrderEvent } from '../testing/order-fixtures.ts';
import { PLACES, routingCandidate, routingInput, routingLine } from '../testing/routing-fixtures.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft } from './order.events.ts';
import { foldOrder } from './order.state.ts';
import type { Allocation, OrderRouting, StockReservationRef } from './order.types.ts';

const spec = deciderSpec(orderDecider, () => orderFacts(), recordOrderEvent);
const given = (drafts: OrderEventDraft[]) => spec.given(orderStream(drafts));

/** The fixture order (line 1: 2 × SKU-A, line 2: 1 × SKU-B) routed to one São Paulo warehouse. */
function routedOrder(): { routing: OrderRouting; allocations: Allocation[] } {
  const input = routingInput(
    [routingLine('1', 'SKU-A', { quantity: 2 }), routingLine('2', 'SKU-B')],
    [
      routingCandidate('wh-sp-01', PLACES.guarulhos, 'SP', { 'SKU-A': 5, 'SKU-B': 5 }),
      routingCandidate('wh-rj-01', PLACES.rio, 'RJ', { 'SKU-A': 5, 'SKU-B': 5 }),
    ],
  );
  const decision = route(input, DEFAULT_ROUTING_POLICY);
  if (decision.outcome !== 'routed') throw new Error(decision.explanation.join(' '));
  const reservations: StockReservationRef[] = decision.plan.flatMap((shipment) =>
    shipment.lines.map((line) => ({
      reservationId: `res-${line.lineId}`,
      sku: line.lineId === '1' ? 'SKU-A' : 'SKU-B',
      lineId: line.lineId,
      locationId: shipment.locationId,
      quantity: line.quantity,
    })),
  );
  const allocations = decision.plan.map((shipment, i) => ({
    shipmentId: `s${i + 1}`,
    locationId: shipment.locationId,
    service: shipment.service,
    lines: shipment.lines.map(({ lineId, quantity }) => ({ lineId, quantity })),
  }));
  return { routing: { attempt: 1, input, decision, reservations }, allocations };
}

describe('AllocateOrder with the routing decision behind it', () => {
  it('records the whole decision with the allocations, and the order is allocated', () => {
    const { routing, allocations } = routedOrder();
    expect(allocations).toEqual([
      { shipmentId: 's1', locationId: 'wh-sp-01', service: 'standard', lines: expect.any(Array) },
    ]);
    const state = given([fx.placed, fx.confirmed])
      .when(forOrder({ type: 'AllocateOrder', allocations, reason: 'routed', routing }))
      .then([{ type: 'OrderAllocated', data: { allocations, reason: 'routed', routing } }]);
    expect(state.value).toMatchObject({ main: 'allocated' });
    expect(state.context.shipments.s1?.locationId).toBe('wh-sp-01');
  });

  it('refuses a routing record that the allocations do not carry out', () => {
    const { routing, allocations } = routedOrder();
    const elsewhere = allocations.map((a) => ({ ...a, locationId: 'wh-rj-01' }));
    const unreserved = { ...routing, reservations: routing.reservations.slice(1) };
    const unroutable = {
      ...routing,
      decision: route({ ...routing.input, candidates: [] }, DEFAULT_ROUTING_POLICY),
    };
    const cases: [Allocation[], OrderRouting][] = [
      [elsewhere, routing],
      [allocations, unreserved],
      [allocations, unroutable],
      [allocations, { ...routing, attempt: 0 }],
      [allocations.map((a) => ({ ...a, service: 'express' })), routing],
    ];
    for (const [allocs, record] of cases) {
      given([fx.placed, fx.confirmed])
        .when(forOrder({ type: 'AllocateOrder', allocations: allocs, routing: record }))
        .thenRejects('order.routing-mismatch', { field: '/routing' });
    }
  });

  it('replays to the same allocation from the recorded event alone', () => {
    const { routing, allocations } = routedOrder();
    const stream = orderStream([
      fx.placed,
      fx.confirmed,
      { type: 'OrderAllocated', data: { allocations, reason: 'routed', routing } },
    ]);
    const once = foldOrder(stream);
    const again = foldOrder(JSON.parse(JSON.stringify(stream)));
    expect(again.context).toEqual(once.context);
  });
});
