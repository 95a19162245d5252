import { describe, expect, it } from 'vitest';
import { PLACES, routingCandidate, routingInput, routingLine } from '../testing/routing-fixtures.ts';
import { RoutingPolicyError, route } from './routing.engine.ts';
import { DEFAULT_ROUTING_POLICY } from './routing.policy.ts';
import { validateRoutingPolicy } from './routing.validate.ts';

describe('validateRoutingPolicy', () => {
  it('accepts the default policy', () => {
    expect(validateRoutingPolicy(DEFAULT_ROUTING_POLICY)).toEqual([]);
  });

  it('names every problem with its field at once', () => {
    const standard = DEFAULT_ROUTING_POLICY.carriers.standard;
    const broken = {
      ...DEFAULT_ROUTING_POLICY,
      version: 0,
      currency: 'reais',
      weights: { ...DEFAULT_ROUTING_POLICY.weights, distance: -1 },
      maxShipments: 1.5,
      carriers: {
        ...DEFAULT_ROUTING_POLICY.carriers,
        standard: {
          zones: [standard.zones[1]!, { ...standard.zones[0]!, tiers: [{ upToGrams: 500, price: 12.5 }] }],
        },
        express: undefined,
      },
    };
    expect(validateRoutingPolicy(broken)).toEqual([
      { field: 'version', problem: 'must be an integer of at least 1' },
      { field: 'currency', problem: 'must be an ISO 4217 code' },
      { field: 'weights.distance', problem: 'must not be negative' },
      { field: 'carriers.standard.zones[1].upToKm', problem: "must be greater than the previous zone's 300" },
      { field: 'carriers.standard.zones[1].tiers[0].price', problem: 'must be a non-negative integer' },
      { field: 'carriers.express', problem: 'must be an object' },
      { field: 'maxShipments', problem: 'must be an integer of at least 1' },
    ]);
  });

  it('refuses to route under an invalid policy, with the code and the problems', () => {
    const input = routingInput([routingLine('l1', 'X')], [routingCandidate('wh-a', PLACES.rio, 'RJ', { X: 1 })]);
    const policy = { ...DEFAULT_ROUTING_POLICY, splitPenalty: -5 };
    expect(() => route(input, policy)).toThrowError(RoutingPolicyError);
    try {
      route(input, policy);
    } catch (error) {
      expect((error as RoutingPolicyError).code).toBe('routing.invalid-policy');
      expect((error as RoutingPolicyError).problems).toEqual([
        { field: 'splitPenalty', problem: 'must be a non-negative integer' },
      ]);
    }
  });
});

describe('a decision over many candidates', () => {
  it('lists the best eligible ones and those it names, and counts the rest by status', () => {
    const candidates = Array.from({ length: 400 }, (_, i) =>
      routingCandidate(
        `wh-${String(i).padStart(3, '0')}`,
        { lat: -30 + (i % 20) * 1.3, lng: -55 + Math.floor(i / 20) * 1 },
        'XX',
        { X: i % 3 },
        { remainingCapacity: i % 7 === 0 ? 0 : 50 },
      ),
    );
    const d = route(routingInput([routingLine('l1', 'X')], candidates), DEFAULT_ROUTING_POLICY);
    expect(d.outcome).toBe('routed');
    const s = d.candidateSummary;
    expect(s.total).toBe(400);
    expect(Object.values(s.byStatus).reduce((a, b) => a + b, 0)).toBe(400);
    expect(s.listed).toBe(d.candidates.length);
    expect(s.listed).toBeLessThan(60);
    expect(s.omitted).toMatch(/^\d+ of 400 candidates not listed/);
    const eligibleScores = d.candidates.filter((c) => c.status === 'eligible').map((c) => c.shipment!.score);
    if (d.outcome === 'routed') expect(d.cost).toBe(Math.min(...eligibleScores));
  });
});
