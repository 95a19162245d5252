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
    const brazil = DEFAULT_ROUTING_POLICY.tariffs.BR!;
    const standard = brazil.carriers.standard;
    const broken = {
      ...DEFAULT_ROUTING_POLICY,
      version: 0,
      weights: { ...DEFAULT_ROUTING_POLICY.weights, distance: -1 },
      maxShipments: 1.5,
      tariffs: {
        BR: {
          ...brazil,
          currency: 'reais',
          carriers: {
            ...brazil.carriers,
            standard: {
              zones: [standard.zones[1]!, { ...standard.zones[0]!, tiers: [{ upToGrams: 500, price: 12.5 }] }],
            },
            express: undefined,
          },
          shippingCostScale: 0,
        },
        CN: { ...DEFAULT_ROUTING_POLICY.tariffs.CN!, from: ['BR', 'China', 'CN'], splitPenalty: -1 },
        cn: DEFAULT_ROUTING_POLICY.tariffs.CN,
      },
    };
    expect(validateRoutingPolicy(broken)).toEqual([
      { field: 'version', problem: 'must be an integer of at least 1' },
      { field: 'weights.distance', problem: 'must not be negative' },
      { field: 'tariffs.BR.currency', problem: 'must be an ISO 4217 code' },
      {
        field: 'tariffs.BR.carriers.standard.zones[1].upToKm',
        problem: "must be greater than the previous zone's 300",
      },
      { field: 'tariffs.BR.carriers.standard.zones[1].tiers[0].price', problem: 'must be a non-negative integer' },
      { field: 'tariffs.BR.carriers.express', problem: 'must be an object' },
      { field: 'tariffs.BR.shippingCostScale', problem: 'must be greater than 0' },
      { field: 'tariffs.CN.from[1]', problem: 'must be an ISO 3166-1 alpha-2 code in capitals' },
      { field: 'tariffs.CN.from[2]', problem: 'must not be CN: a tariff always ships within its country' },
      { field: 'tariffs.CN.splitPenalty', problem: 'must be a non-negative integer' },
      { field: 'tariffs.cn', problem: 'must be keyed by an ISO 3166-1 alpha-2 code in capitals, e.g. BR' },
      { field: 'maxShipments', problem: 'must be an integer of at least 1' },
    ]);
  });

  it('says where the fields of a policy from before tariffs per country went', () => {
    const { tariffs: _, ...rest } = DEFAULT_ROUTING_POLICY;
    const old = {
      ...rest,
      currency: 'BRL',
      scales: { ...rest.scales, shippingCost: 2_000 },
      carriers: DEFAULT_ROUTING_POLICY.tariffs.BR!.carriers,
      splitPenalty: 1_500,
    };
    expect(validateRoutingPolicy(old)).toEqual([
      {
        field: 'scales.shippingCost',
        problem: "moved into each country's tariff: tariffs.<country>.shippingCostScale",
      },
      { field: 'currency', problem: "moved into each country's tariff: tariffs.<country>.currency" },
      { field: 'carriers', problem: "moved into each country's tariff: tariffs.<country>.carriers" },
      { field: 'splitPenalty', problem: "moved into each country's tariff: tariffs.<country>.splitPenalty" },
      { field: 'tariffs', problem: 'must be an object' },
    ]);
    expect(validateRoutingPolicy({ ...DEFAULT_ROUTING_POLICY, tariffs: {} })).toEqual([
      { field: 'tariffs', problem: 'must hold the tariff of at least one country' },
    ]);
  });

  it('refuses to route under an invalid policy, with the code and the problems', () => {
    const input = routingInput([routingLine('l1', 'X')], [routingCandidate('wh-a', PLACES.rio, 'RJ', { X: 1 })]);
    const policy = { ...DEFAULT_ROUTING_POLICY, maxShipments: 0 };
    expect(() => route(input, policy)).toThrowError(RoutingPolicyError);
    try {
      route(input, policy);
    } catch (error) {
      expect((error as RoutingPolicyError).code).toBe('routing.invalid-policy');
      expect((error as RoutingPolicyError).problems).toEqual([
        { field: 'maxShipments', problem: 'must be an integer of at least 1' },
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
