import {
  DEFAULT_ROUTING_POLICY,
  type OrderEvent,
  type RecordedEvent,
  type RoutingFacts,
  route,
  routingInputFor,
} from '@ordinal/domain';
import { draft, fx, orderStream } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { orderDecisions } from './order-decisions.ts';

const SAO_PAULO = { lat: -23.55, lng: -46.63, region: 'SP', country: 'BR', postalCode: '01001' } as const;

/**
 * The hold an unroutable attempt leaves (no location anywhere), with the routing input and decision
 * as the router records them; `extra` adds to the routing context (destination, exclusions).
 */
function unroutableHold(attempt: number, quantity: number, extra: Partial<RoutingFacts> = {}) {
  const input = routingInputFor('o-1', [{ lineId: '1', sku: 'SKU-A', quantity }], {
    now: '2026-12-04T12:00:00.000Z',
    destination: SAO_PAULO,
    locations: [],
    available: {},
    shipmentsToday: {},
    item: () => undefined,
    ...extra,
  });
  const decision = route(input, DEFAULT_ROUTING_POLICY);
  const held = draft('OrderHeld', { reason: 'routing: no plan', facts: { routing: { attempt, input, decision } } });
  return { decision, held };
}

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
    const { decision, held } = unroutableHold(1, 2);
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
    const { held } = unroutableHold(2, 2, {
      excluded: [{ locationId: 'wh-lyon', reason: 'shipment s1 failed there (reservation expired)' }],
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
    const { held } = unroutableHold(1, 1, {
      destination: { lat: 31.23, lng: 121.47, region: 'CN-31', country: 'CN', postalCode: '200001', source: 'address' },
    });
    const [only] = orderDecisions(orderStream([fx.placed, fx.confirmed, held]) as RecordedEvent<OrderEvent>[]);
    expect(only?.routing?.destination).toEqual({ country: 'CN', region: 'CN-31', locatedBy: 'address' });
  });

  it("explains a consolidation with this order's part and the member count only, and its undo with the reason", () => {
    const stream = orderStream([
      fx.placed,
      fx.confirmed,
      fx.allocated,
      fx.consolidated(),
      fx.consolidationUndone(),
    ]) as RecordedEvent<OrderEvent>[];
    const [, consolidation, undone] = orderDecisions(stream);
    expect(consolidation).toMatchObject({
      revision: 4,
      kind: 'consolidation',
      summary:
        'Shipment s1 goes out from wh-lyon in one parcel (parcel-k1) with 1 other order(s) of the same customer to the same address.',
      consolidation: {
        consolidationId: 'k1',
        consolidatedShipmentId: 'parcel-k1',
        shipmentId: 's1',
        locationId: 'wh-lyon',
        memberCount: 2,
        windowMinutes: 120,
        supersedes: [],
      },
    });
    expect(consolidation?.explanation).toContain(
      'They were placed within 30 minute(s) of each other; the window is 120 minute(s).',
    );
    expect(JSON.stringify(consolidation)).not.toContain('o-2');
    expect(undone).toMatchObject({
      revision: 5,
      kind: 'consolidation-undone',
      summary:
        'Consolidation k1 was undone: member o-2 cancelled (customer asked). Shipment s1 is its own parcel again.',
    });
  });
});
