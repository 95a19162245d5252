import { describe, expect, it } from 'vitest';
import { erasePersonalData } from '../privacy/personal-data.fields.ts';
import type { RecordedEvent } from '../shared/event.ts';
import { PLACES, routingCandidate, routingInput, routingLine } from '../testing/routing-fixtures.ts';
import { route } from './routing.engine.ts';
import { DEFAULT_ROUTING_POLICY } from './routing.policy.ts';
import { recordedRoutingOf } from './routing.recorded.ts';

const recorded = (type: string, data: unknown): RecordedEvent => ({
  eventId: 'e1',
  type,
  data,
  metadata: {
    schemaVersion: 1,
    occurredAt: '2026-12-04T12:00:00.000Z',
    correlationId: 'c',
    causationId: 'c',
    actor: { kind: 'system', component: 'order-router' },
  },
  streamId: 'order-o-7',
  revision: 3,
  position: 9,
  recordedAt: '2026-12-04T12:00:00.000Z',
});

describe('recordedRoutingOf', () => {
  const lines = [routingLine('1', 'SKU-A')];
  const stocked = routingInput(lines, [routingCandidate('wh-sp', PLACES.guarulhos, 'SP', { 'SKU-A': 3 })]);
  const empty = routingInput(lines, []);

  it('reads the decision an allocation carries and the one a routing hold carries', () => {
    const routed = route(stocked, DEFAULT_ROUTING_POLICY);
    const allocated = recorded('OrderAllocated', {
      allocations: [],
      routing: { attempt: 2, input: stocked, decision: routed, reservations: [] },
    });
    expect(recordedRoutingOf(allocated)).toEqual({ orderId: 'o-7', attempt: 2, input: stocked, decision: routed });

    const unroutable = route(empty, DEFAULT_ROUTING_POLICY);
    const held = recorded('OrderHeld', {
      reason: 'routing: no plan',
      facts: { routing: { attempt: 1, input: empty, decision: unroutable } },
    });
    expect(recordedRoutingOf(held)).toMatchObject({ orderId: 'o-7', attempt: 1, decision: { outcome: 'unroutable' } });
  });

  it('finds nothing to replay once the customer was erased and the destination lost its position', () => {
    const routing = { attempt: 1, input: stocked, decision: route(stocked, DEFAULT_ROUTING_POLICY), reservations: [] };
    const erased = erasePersonalData('OrderAllocated', { allocations: [], routing });
    expect((erased.routing.input.destination as { lat?: number }).lat).toBeUndefined();
    expect(erased.routing.input.destination).toMatchObject({ region: stocked.destination.region });
    expect(recordedRoutingOf(recorded('OrderAllocated', erased))).toBeUndefined();
    const unroutable = { attempt: 1, input: empty, decision: route(empty, DEFAULT_ROUTING_POLICY) };
    const held = erasePersonalData('OrderHeld', { reason: 'routing: no plan', facts: { routing: unroutable } });
    expect(recordedRoutingOf(recorded('OrderHeld', held))).toBeUndefined();
  });

  it('finds nothing in a hand-made allocation, another hold or another event', () => {
    expect(recordedRoutingOf(recorded('OrderAllocated', { allocations: [] }))).toBeUndefined();
    expect(recordedRoutingOf(recorded('OrderHeld', { reason: 'fraud check', facts: { score: 80 } }))).toBeUndefined();
    expect(recordedRoutingOf(recorded('OrderHeld', { reason: 'address', facts: { address: null } }))).toBeUndefined();
    expect(recordedRoutingOf(recorded('OrderConfirmed', {}))).toBeUndefined();
  });
});
