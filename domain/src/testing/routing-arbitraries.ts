import fc from 'fast-check';
import {
  LINE_CONSTRAINTS,
  type RoutingCandidate,
  type RoutingInput,
  type RoutingLine,
} from '../routing/routing.types.ts';

const SKUS = ['A', 'B', 'C'] as const;
const REGIONS = ['SP', 'RJ', 'MG', 'PR'] as const;
const CAPABILITIES = ['fragile', 'cold-chain', 'oversized', 'store-pickup', 'express'] as const;
const NOW_MS = Date.parse('2026-12-04T12:00:00.000Z');

// Brazil's rough bounding box, so distances fall in every tariff zone.
const lat = fc.double({ min: -30, max: -3, noNaN: true });
const lng = fc.double({ min: -60, max: -35, noNaN: true });

const line = (lineId: string): fc.Arbitrary<RoutingLine> =>
  fc.record({
    lineId: fc.constant(lineId),
    sku: fc.constantFrom(...SKUS),
    quantity: fc.integer({ min: 1, max: 3 }),
    weightGrams: fc.integer({ min: 100, max: 12_000 }),
    constraints: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.subarray([...LINE_CONSTRAINTS], { minLength: 1 }) },
    ),
  });

const candidate = (locationId: string): fc.Arbitrary<RoutingCandidate> =>
  fc.record({
    locationId: fc.constant(locationId),
    kind: fc.constantFrom('warehouse' as const, 'store' as const),
    coordinates: fc.record({ lat, lng }),
    region: fc.constantFrom(...REGIONS),
    // Mostly Brazilian; now and then across the border, where the default policy has no tariff.
    country: fc.constantFrom('BR', 'BR', 'BR', 'BR', 'AR'),
    capabilities: fc.subarray([...CAPABILITIES]),
    remainingCapacity: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
    stock: fc.record({ A: fc.nat(6), B: fc.nat(6), C: fc.nat(6) }),
  });

/** Random orders with up to `maxCandidates` locations, exclusions and promises, for property tests. */
export function routingInputs(maxCandidates = 8, orderId = fc.constant('order-1')): fc.Arbitrary<RoutingInput> {
  return fc
    .record({
      orderId,
      lineCount: fc.integer({ min: 1, max: 4 }),
      candidateCount: fc.integer({ min: 0, max: maxCandidates }),
      destination: fc.record({ lat, lng, region: fc.constantFrom(...REGIONS) }),
      promiseDays: fc.option(fc.integer({ min: 0, max: 10 })),
    })
    .chain(({ orderId: id, lineCount, candidateCount, destination, promiseDays }) =>
      fc
        .record({
          lines: fc.tuple(...Array.from({ length: lineCount }, (_, i) => line(`l${i + 1}`))),
          candidates:
            candidateCount === 0
              ? fc.constant([])
              : fc.tuple(...Array.from({ length: candidateCount }, (_, i) => candidate(`loc-${i}`))),
          excluded: fc.subarray(
            Array.from({ length: candidateCount }, (_, i) => `loc-${i}`),
            { maxLength: Math.min(2, candidateCount) },
          ),
        })
        .map(
          ({ lines, candidates, excluded }): RoutingInput => ({
            orderId: id,
            now: new Date(NOW_MS).toISOString(),
            destination: { ...destination, country: 'BR', postalCode: '01001' },
            ...(promiseDays === null ? {} : { promisedBy: new Date(NOW_MS + promiseDays * 86_400_000).toISOString() }),
            lines,
            candidates,
            excludedLocations: excluded.map((locationId) => ({ locationId, reason: 'rejected the allocation' })),
          }),
        ),
    );
}
