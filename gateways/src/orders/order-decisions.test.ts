import { DEFAULT_ROUTING_POLICY, type OrderEvent, type RecordedEvent, route, routingInputFor } from '@ordinal/domain';
import { draft, fx, orderStream } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { orderDecisions } from './order-decisions.ts';

describe('orderDecisions', () => {
  it('tells an allocation made by hand from nothing else, with who made it', () => {
    const stream = orderStream([fx.placed, fx.confirmed, fx.allocated]) as RecordedEvent<OrderEvent>[];
    const decisions = orderDecisions(stream);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ revision: 3, kind: 'allocation' });
    expect(decisions[0]?.summary).toMatch(/^Allocated by .+: s1 from /);
    expect(decisions[0]?.routing).toBeUndefined();
  });

  it('reads an unroutable decision out of the hold it caused, with its reasons', () => {
    const input = routingInputFor('o-1', [{ lineId: '1', sku: 'SKU-A', quantity: 2 }], {
      now: '2026-12-04T12:00:00.000Z',
      destination: { lat: -23.55, lng: -46.63, region: 'SP', country: 'BR', postalCode: '01001' },
      locations: [],
      available: {},
      shipmentsToday: {},
      item: () => undefined,
    });
    const decision = route(input, DEFAULT_ROUTING_POLICY);
    const held = draft('OrderHeld', {
      reason: 'routing: no plan',
      facts: { routing: { attempt: 1, input, decision } },
    });
    const stream = orderStream([fx.placed, fx.confirmed, held]) as RecordedEvent<OrderEvent>[];
    const [only] = orderDecisions(stream);
    expect(only).toMatchObject({
      kind: 'routing',
      summary: 'Routing attempt 1 found no plan; the order was put on hold.',
      routing: {
        attempt: 1,
        outcome: 'unroutable',
        candidates: 0,
        destination: { country: 'BR', region: 'SP', locatedBy: 'unrecorded' },
        plan: [],
      },
    });
    expect(only?.explanation).toEqual(decision.explanation);
    expect(only?.explanation.length).toBeGreaterThan(0);
  });

  it('tells a rejection and the re-route that follows it, with the location it left out', () => {
    const input = routingInputFor('o-1', [{ lineId: '1', sku: 'SKU-A', quantity: 2 }], {
      now: '2026-12-04T12:00:00.000Z',
      destination: { lat: -23.55, lng: -46.63, region: 'SP', country: 'BR', postalCode: '01001' },
      locations: [],
      available: {},
      shipmentsToday: {},
      item: () => undefined,
      excluded: [{ locationId: 'wh-lyon', reason: 'shipment s1 failed there (reservation expired)' }],
    });
    const decision = route(input, DEFAULT_ROUTING_POLICY);
    const held = draft('OrderHeld', {
      reason: 'routing: no plan',
      facts: { routing: { attempt: 2, input, decision } },
    });
    const stream = orderStream([
      fx.placed,
      fx.confirmed,
      fx.allocated,
      fx.allocationRejected('s1', 'wh-lyon', 'failed'),
      held,
    ]) as RecordedEvent<OrderEvent>[];
    const [, rejection, reroute] = orderDecisions(stream);
    expect(rejection).toMatchObject({
      revision: 4,
      kind: 'rejection',
      summary:
        'Shipment s1 failed at wh-lyon (no staff today); the allocation (s1) was withdrawn and the order is to be routed again without wh-lyon.',
    });
    expect(reroute).toMatchObject({
      kind: 'routing',
      summary: 'Routing attempt 2 (without wh-lyon) found no plan; the order was put on hold.',
      routing: {
        excludedLocations: [{ locationId: 'wh-lyon', reason: 'shipment s1 failed there (reservation expired)' }],
      },
    });
  });

  it('says how the destination of a routing was located', () => {
    const input = routingInputFor('o-1', [{ lineId: '1', sku: 'SKU-A', quantity: 1 }], {
      now: '2026-12-04T12:00:00.000Z',
      destination: { lat: 31.23, lng: 121.47, region: 'CN-31', country: 'CN', postalCode: '200001', source: 'address' },
      locations: [],
      available: {},
      shipmentsToday: {},
      item: () => undefined,
    });
    const decision = route(input, DEFAULT_ROUTING_POLICY);
    const held = draft('OrderHeld', {
      reason: 'routing: no plan',
      facts: { routing: { attempt: 1, input, decision } },
    });
    const [only] = orderDecisions(orderStream([fx.placed, fx.confirmed, held]) as RecordedEvent<OrderEvent>[]);
    expect(only?.routing?.destination).toEqual({ country: 'CN', region: 'CN-31', locatedBy: 'address' });
  });
});
