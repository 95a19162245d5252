import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routingInputs } from '../testing/routing-arbitraries.ts';
import { route } from './routing.engine.ts';
import { DEFAULT_ROUTING_POLICY, type RoutingPolicy } from './routing.policy.ts';
import type { RoutingInput } from './routing.types.ts';

const policies = fc
  .record({
    maxShipments: fc.integer({ min: 1, max: 3 }),
    splitPenalty: fc.integer({ min: 0, max: 5_000 }),
    storePickupAllowed: fc.boolean(),
  })
  .map(
    ({ splitPenalty, ...p }): RoutingPolicy => ({
      ...DEFAULT_ROUTING_POLICY,
      ...p,
      tariffs: { ...DEFAULT_ROUTING_POLICY.tariffs, BR: { ...DEFAULT_ROUTING_POLICY.tariffs.BR!, splitPenalty } },
    }),
  );

const runs = { numRuns: 300 };

describe('route, for any order and policy', () => {
  it('ships every line exactly once, in full, within the shipment limit', () => {
    fc.assert(
      fc.property(routingInputs(), policies, (input, policy) => {
        const d = route(input, policy);
        if (d.outcome !== 'routed') return;
        const shipped = d.plan.flatMap((s) => s.lines);
        expect(shipped.map((l) => l.lineId).sort()).toEqual(input.lines.map((l) => l.lineId).sort());
        for (const l of shipped) expect(l.quantity).toBe(input.lines.find((x) => x.lineId === l.lineId)?.quantity);
        expect(d.plan.length).toBeLessThanOrEqual(policy.maxShipments);
        expect(new Set(d.plan.map((s) => s.locationId)).size).toBe(d.plan.length);
      }),
      runs,
    );
  });

  it('never takes more stock than a location has, nor uses a location that may not ship', () => {
    fc.assert(
      fc.property(routingInputs(), policies, (input, policy) => {
        const d = route(input, policy);
        if (d.outcome !== 'routed') return;
        const excluded = new Set((input.excludedLocations ?? []).map((e) => e.locationId));
        for (const s of d.plan) {
          const location = input.candidates.find((c) => c.locationId === s.locationId)!;
          expect(excluded.has(s.locationId)).toBe(false);
          // The default policy has no cross-border tariff: a location ships only within its country.
          expect(location.country ?? input.destination.country).toBe(input.destination.country);
          expect(s.shippingCost.currency).toBe('BRL');
          expect(location.remainingCapacity).toBeGreaterThanOrEqual(1);
          const taken = new Map<string, number>();
          for (const planned of s.lines) {
            const line = input.lines.find((l) => l.lineId === planned.lineId)!;
            for (const need of line.constraints) expect(location.capabilities).toContain(need);
            taken.set(line.sku, (taken.get(line.sku) ?? 0) + planned.quantity);
          }
          for (const [sku, quantity] of taken) expect(quantity).toBeLessThanOrEqual(location.stock[sku] ?? 0);
          if (s.service === 'store-pickup') {
            expect(policy.storePickupAllowed && location.kind === 'store').toBe(true);
            expect(location.region).toBe(input.destination.region);
          }
          if (s.service === 'express') expect(location.capabilities).toContain('express');
        }
      }),
      runs,
    );
  });

  it('routes whenever one eligible location could ship the whole order', () => {
    fc.assert(
      fc.property(routingInputs(), policies, (input, policy) => {
        const excluded = new Set((input.excludedLocations ?? []).map((e) => e.locationId));
        const needed = new Map<string, number>();
        for (const l of input.lines) needed.set(l.sku, (needed.get(l.sku) ?? 0) + l.quantity);
        const whole = input.candidates.some(
          (c) =>
            !excluded.has(c.locationId) &&
            c.country === input.destination.country &&
            c.remainingCapacity >= 1 &&
            input.lines.every((l) => l.constraints.every((need) => c.capabilities.includes(need))) &&
            [...needed].every(([sku, q]) => (c.stock[sku] ?? 0) >= q),
        );
        const d = route(input, policy);
        if (whole) expect(d.outcome).toBe('routed');
        if (d.outcome === 'routed') for (const alt of d.alternatives) expect(alt.cost).toBeGreaterThanOrEqual(d.cost);
      }),
      runs,
    );
  });

  it('gives the same decision twice, and the same plan whatever the order of the candidates', () => {
    fc.assert(
      fc.property(routingInputs(), policies, (input, policy) => {
        const d = route(input, policy);
        expect(route(structuredClone(input) as RoutingInput, policy)).toEqual(d);
        expect(JSON.parse(JSON.stringify(d))).toEqual(d);
        const reversed = route({ ...input, candidates: [...input.candidates].reverse() }, policy);
        expect(reversed.outcome).toBe(d.outcome);
        if (d.outcome === 'routed' && reversed.outcome === 'routed') expect(reversed.plan).toEqual(d.plan);
      }),
      runs,
    );
  });
});
