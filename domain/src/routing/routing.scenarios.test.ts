import { describe, expect, it } from 'vitest';
import {
  routingCandidate as at,
  PLACES,
  routingInput,
  routingLine,
  SHANGHAI_DESTINATION,
} from '../testing/routing-fixtures.ts';
import type { RoutedDecision, RoutingDecision, UnroutableDecision } from './routing.decision.ts';
import { route } from './routing.engine.ts';
import { type CountryTariff, DEFAULT_ROUTING_POLICY as policy, type RoutingPolicy } from './routing.policy.ts';

function routed(decision: RoutingDecision): RoutedDecision {
  if (decision.outcome !== 'routed') throw new Error(`expected a plan, got ${decision.explanation.join(' ')}`);
  return decision;
}

/** The default policy with one country's tariff changed. */
const withTariff = (country: string, change: Partial<CountryTariff>, version = 2): RoutingPolicy => ({
  ...policy,
  version,
  tariffs: { ...policy.tariffs, [country]: { ...policy.tariffs[country]!, ...change } },
});

const plan = (d: RoutedDecision) => d.plan.map((s) => [s.locationId, s.service, s.lines.map((l) => l.lineId)]);

describe('routing scenarios', () => {
  it('skips the nearest location when it has no stock of the SKU', () => {
    const store = at('st-sp-04', PLACES.paulista, 'SP', { 'BOOK-1': 0 }, { kind: 'store' });
    const input = routingInput(
      [routingLine('l1', 'BOOK-1')],
      [store, at('wh-sp-01', PLACES.guarulhos, 'SP', { 'BOOK-1': 5 })],
    );
    const d = routed(route(input, policy));
    expect(plan(d)).toEqual([['wh-sp-01', 'standard', ['l1']]]);
    expect(d.explanation[0]).toMatch(
      /^Chose wh-sp-01 \(SP\): 1\d km, R\$ 12\.90 standard, arrives in 1 day \(2026-12-05\)\.$/,
    );
    expect(d.explanation).toContain('The nearest, st-sp-04 (2.6 km), had no stock of SKU BOOK-1.');
  });

  it('passes over the cheapest location when it has no capacity left today', () => {
    const input = routingInput(
      [routingLine('l1', 'MUG-1')],
      [
        at('st-sp-04', PLACES.paulista, 'SP', {}, { kind: 'store' }),
        at('wh-sp-01', PLACES.guarulhos, 'SP', { 'MUG-1': 9 }, { remainingCapacity: 0 }),
        at('wh-rj-01', PLACES.rio, 'RJ', { 'MUG-1': 9 }),
        at('wh-pe-01', PLACES.recife, 'PE', { 'MUG-1': 9 }),
      ],
    );
    const d = routed(route(input, policy));
    expect(plan(d)).toEqual([['wh-rj-01', 'standard', ['l1']]]);
    expect(d.plan[0]?.shippingCost).toEqual({ amount: 2_290, currency: 'BRL' });
    expect(d.explanation).toContain('The nearest, st-sp-04 (2.6 km), had no stock of SKU MUG-1.');
    expect(d.explanation).toContain('The cheapest, wh-sp-01 (R$ 12.90), had no capacity left today.');
    expect(d.candidates.find((c) => c.locationId === 'wh-sp-01')?.status).toBe('no-capacity');
  });

  it('keeps a fragile line away from a warehouse that cannot handle fragile goods', () => {
    const input = routingInput(
      [routingLine('l1', 'GLASS-1', { constraints: ['fragile'] })],
      [
        at('wh-sp-01', PLACES.guarulhos, 'SP', { 'GLASS-1': 9 }, { capabilities: ['express'] }),
        at('wh-rj-01', PLACES.rio, 'RJ', { 'GLASS-1': 9 }),
      ],
    );
    const d = routed(route(input, policy));
    expect(plan(d)).toEqual([['wh-rj-01', 'standard', ['l1']]]);
    expect(d.explanation).toContain('The nearest, wh-sp-01 (15 km), cannot handle fragile (line l1, SKU GLASS-1).');
    const sp = d.candidates.find((c) => c.locationId === 'wh-sp-01');
    expect(sp?.status).toBe('no-servable-line');
    expect(sp?.refusedLines).toEqual([{ lineId: 'l1', reason: 'missing-capability', missing: ['fragile'] }]);
  });

  const splitInput = routingInput(
    [routingLine('l1', 'A'), routingLine('l2', 'B')],
    [
      at('wh-sp-01', PLACES.guarulhos, 'SP', { A: 3 }),
      at('wh-pr-01', PLACES.curitiba, 'PR', { B: 3 }),
      at('wh-pe-01', PLACES.recife, 'PE', { A: 3, B: 3 }),
    ],
  );

  it('splits between two near locations when that is cheaper than one far one', () => {
    const d = routed(route(splitInput, policy));
    expect(plan(d)).toEqual([
      ['wh-pr-01', 'standard', ['l2']],
      ['wh-sp-01', 'standard', ['l1']],
    ]);
    expect(d.totals).toMatchObject({ shipments: 2, shippingCost: { amount: 1_290 + 2_290, currency: 'BRL' } });
    expect(d.explanation[0]).toBe('Split into 2 shipments.');
    expect(d.explanation.join(' ')).toMatch(
      /The split costs \d\.\d{4} including the split penalty of R\$ 15\.00 per extra shipment, less than the best single location, wh-pe-01, at \d\.\d{4} \(2,1\d\d km, R\$ 47\.90 standard, arrives in 7 days/,
    );
  });

  it('ships from one far location when the split penalty is high', () => {
    const d = routed(route(splitInput, withTariff('BR', { splitPenalty: 10_000 })));
    expect(plan(d)).toEqual([['wh-pe-01', 'standard', ['l1', 'l2']]]);
    expect(d.policyVersion).toBe(2);
    expect(d.explanation.join(' ')).toMatch(
      /One shipment costs \d\.\d{4}; the best split, wh-pr-01 \+ wh-sp-01, would cost \d\.\d{4} with the split penalty of R\$ 100\.00 per extra shipment\./,
    );
  });

  it('ships express when standard would miss the promised date', () => {
    const input = routingInput(
      [routingLine('l1', 'TOY-1')],
      [
        at('wh-mg-01', PLACES.beloHorizonte, 'MG', { 'TOY-1': 2 }),
        at('wh-pr-01', PLACES.curitiba, 'PR', { 'TOY-1': 2 }, { capabilities: [] }),
      ],
      { promisedBy: '2026-12-06T18:00:00.000Z' },
    );
    const d = routed(route(input, policy));
    expect(plan(d)).toEqual([['wh-mg-01', 'express', ['l1']]]);
    expect(d.plan[0]).toMatchObject({ transitDays: 2, daysLate: 0, promisedDate: '2026-12-06T12:00:00.000Z' });
    expect(d.explanation).toContain('Express from wh-mg-01: standard would arrive after the promised 2026-12-06.');
    expect(d.explanation.join(' ')).toMatch(
      /The nearest and cheapest, wh-pr-01 \(3\d\d km, R\$ 22\.90\), scored \d\.\d{4} against \d\.\d{4}: R\$ 22\.90 standard, 3\d\d km, 2 day\(s\) after the promised date\./,
    );
    expect(d.totals.promiseMissed).toBe(false);
  });

  it('offers store pickup at a store in the customer region', () => {
    const store = at(
      'st-sp-04',
      PLACES.paulista,
      'SP',
      { 'SHOE-1': 1 },
      { kind: 'store', capabilities: ['store-pickup'] },
    );
    const input = routingInput(
      [routingLine('l1', 'SHOE-1')],
      [store, at('wh-sp-01', PLACES.guarulhos, 'SP', { 'SHOE-1': 9 })],
    );
    const d = routed(route(input, policy));
    expect(plan(d)).toEqual([['st-sp-04', 'store-pickup', ['l1']]]);
    expect(d.totals.shippingCost).toEqual({ amount: 0, currency: 'BRL' });
    expect(d.explanation[0]).toBe('Chose st-sp-04 (SP): 2.6 km, R$ 0.00 store-pickup, ready today (2026-12-04).');
    expect(d.explanation).toContain("Store pickup at st-sp-04: the store is in SP, the customer's region.");
    const offPolicy = routed(route(input, { ...policy, storePickupAllowed: false }));
    expect(plan(offPolicy)).toEqual([['st-sp-04', 'standard', ['l1']]]);
  });

  it('re-routes past a location that rejected the allocation', () => {
    const lines = [routingLine('l1', 'LAMP-1')];
    const candidates = [
      at('wh-sp-01', PLACES.guarulhos, 'SP', { 'LAMP-1': 4 }),
      at('wh-rj-01', PLACES.rio, 'RJ', { 'LAMP-1': 4 }),
    ];
    expect(plan(routed(route(routingInput(lines, candidates), policy)))).toEqual([['wh-sp-01', 'standard', ['l1']]]);
    const excludedLocations = [{ locationId: 'wh-sp-01', reason: 'rejected the allocation: bin empty at pick' }];
    const d = routed(route(routingInput(lines, candidates, { excludedLocations }), policy));
    expect(plan(d)).toEqual([['wh-rj-01', 'standard', ['l1']]]);
    expect(d.explanation).toContain(
      'The nearest and cheapest, wh-sp-01 (15 km, R$ 12.90), was excluded: rejected the allocation: bin empty at pick.',
    );
  });

  it('answers unroutable with a reason per line when nothing can serve a line', () => {
    const input = routingInput(
      [routingLine('l1', 'TV-1', { quantity: 5 }), routingLine('l2', 'ICE-1', { constraints: ['cold-chain'] })],
      [
        at('wh-sp-01', PLACES.guarulhos, 'SP', { 'TV-1': 2, 'ICE-1': 9 }),
        at('wh-rj-01', PLACES.rio, 'RJ', { 'TV-1': 3 }),
      ],
    );
    const d = route(input, policy) as UnroutableDecision;
    expect(d.outcome).toBe('unroutable');
    expect(d.code).toBe('routing.unroutable');
    expect(d.lines).toEqual([
      { lineId: 'l1', sku: 'TV-1', reason: 'no location has 5 of SKU TV-1; the most is 3 at wh-rj-01' },
      { lineId: 'l2', sku: 'ICE-1', reason: 'no location can handle cold-chain' },
    ]);
    expect(d.explanation).toEqual([
      'Line l1 (SKU TV-1) cannot be routed: no location has 5 of SKU TV-1; the most is 3 at wh-rj-01.',
      'Line l2 (SKU ICE-1) cannot be routed: no location can handle cold-chain.',
    ]);
  });

  it('breaks a tie by location id, whatever the order of the candidates', () => {
    const twins = [at('wh-b', PLACES.rio, 'RJ', { X: 1 }), at('wh-a', PLACES.rio, 'RJ', { X: 1 })];
    const input = routingInput([routingLine('l1', 'X')], twins);
    const d = routed(route(input, policy));
    const reversed = routed(route({ ...input, candidates: [...twins].reverse() }, policy));
    expect(plan(d)).toEqual([['wh-a', 'standard', ['l1']]]);
    expect(plan(reversed)).toEqual(plan(d));
    expect(d.explanation.at(-1)).toBe(
      `wh-a and wh-b scored the same (${d.cost.toFixed(4)}); wh-a comes first by location id.`,
    );
  });
});

describe('routing scenarios across countries', () => {
  const inChina = (locationId: string, coordinates: { lat: number; lng: number }, region: string, stock = {}) =>
    at(locationId, coordinates, region, stock, { country: 'CN' });

  it('routes a CN order with the CNY tariff, and leaves a Brazilian warehouse out of it', () => {
    const input = routingInput(
      [routingLine('l1', 'TEA-1')],
      [
        inChina('wh-sh-01', PLACES.pudong, 'CN-31'),
        inChina('wh-hz-01', PLACES.hangzhou, 'CN-33', { 'TEA-1': 4 }),
        inChina('wh-bj-01', PLACES.beijing, 'CN-11', { 'TEA-1': 4 }),
        at('wh-sp-01', PLACES.guarulhos, 'SP', { 'TEA-1': 9 }),
      ],
      { destination: SHANGHAI_DESTINATION },
    );
    const d = routed(route(input, policy));
    expect(plan(d)).toEqual([['wh-hz-01', 'standard', ['l1']]]);
    // 165 km is the 300 km zone of the economy service: ¥10 for the first kilogram.
    expect(d.totals.shippingCost).toEqual({ amount: 1_000, currency: 'CNY' });
    expect(d.explanation[0]).toBe('Chose wh-hz-01 (CN-33): 165 km, ¥ 10.00 standard, arrives in 2 days (2026-12-06).');
    expect(d.explanation).toContain('The nearest, wh-sh-01 (6.8 km), had no stock of SKU TEA-1.');
    expect(d.candidates.find((c) => c.locationId === 'wh-sp-01')).toMatchObject({
      status: 'no-tariff',
      reason: 'no tariff from BR to CN',
    });
    const beijing = d.candidates.find((c) => c.locationId === 'wh-bj-01')?.shipment;
    expect(beijing?.shippingCost).toEqual({ amount: 1_500, currency: 'CNY' });
    expect(d.candidateSummary.byStatus['no-tariff']).toBe(1);
  });

  it('says how the destination was located', () => {
    const lines = [routingLine('l1', 'TEA-1')];
    const candidates = [inChina('wh-hz-01', PLACES.hangzhou, 'CN-33', { 'TEA-1': 4 })];
    const from = (source: 'address' | 'postal-table' | 'region-centroid') =>
      routed(
        route(routingInput(lines, candidates, { destination: { ...SHANGHAI_DESTINATION, source } }), policy),
      ).explanation.at(-1);
    expect(from('address')).toBe('Distances are measured from the coordinates that came with the address.');
    expect(from('postal-table')).toBe('Distances are measured from the centre of postal code 200001.');
    expect(from('region-centroid')).toBe(
      'Distances are measured from the middle of the locations in CN-31: the address itself could not be located.',
    );
  });

  it('splits a CN order when two near warehouses beat one far one, with the penalty in yuan', () => {
    const input = routingInput(
      [routingLine('l1', 'A'), routingLine('l2', 'B')],
      [
        inChina('wh-sz-01', PLACES.suzhou, 'CN-32', { A: 3 }),
        inChina('wh-sh-01', PLACES.pudong, 'CN-31', { B: 3 }),
        inChina('wh-cd-01', PLACES.chengdu, 'CN-51', { A: 3, B: 3 }),
      ],
      { destination: SHANGHAI_DESTINATION },
    );
    const d = routed(route(input, policy));
    expect(plan(d)).toEqual([
      ['wh-sh-01', 'standard', ['l2']],
      ['wh-sz-01', 'standard', ['l1']],
    ]);
    expect(d.totals.shippingCost).toEqual({ amount: 800 + 1_000, currency: 'CNY' });
    expect(d.explanation.join(' ')).toMatch(
      /including the split penalty of ¥ 10\.00 per extra shipment, less than the best single location, wh-cd-01, at \d\.\d{4} \(1,661 km, ¥ 39\.00 standard, arrives in 4 days/,
    );
  });

  it('does not ship across the border when no tariff crosses it', () => {
    const lines = [routingLine('l1', 'MATE-1')];
    const buenosAires = at('wh-ba-01', PLACES.buenosAires, 'AR-C', { 'MATE-1': 5 }, { country: 'AR' });
    const d = route(routingInput(lines, [buenosAires]), policy) as UnroutableDecision;
    expect(d.outcome).toBe('unroutable');
    expect(d.candidates[0]).toMatchObject({ status: 'no-tariff', reason: 'no tariff from AR to BR' });
    expect(d.lines).toEqual([
      {
        lineId: 'l1',
        sku: 'MATE-1',
        reason: 'only ineligible locations could ship it: wh-ba-01 (no-tariff: no tariff from AR to BR)',
      },
    ]);
    // A Brazilian warehouse farther away still ships; the nearer Argentine one is named and why not.
    const recife = at('wh-pe-01', PLACES.recife, 'PE', { 'MATE-1': 5 });
    const across = routed(route(routingInput(lines, [buenosAires, recife]), policy));
    expect(plan(across)).toEqual([['wh-pe-01', 'standard', ['l1']]]);
    expect(across.explanation).toContain(
      'The nearest, wh-ba-01 (1,675 km), cannot ship there: no tariff from AR to BR.',
    );
  });

  it('ships across the border under a tariff that names the origin country, priced in its currency', () => {
    const lines = [routingLine('l1', 'MATE-1')];
    const buenosAires = at('wh-ba-01', PLACES.buenosAires, 'AR-C', { 'MATE-1': 5 }, { country: 'AR' });
    const d = routed(route(routingInput(lines, [buenosAires]), withTariff('BR', { from: ['AR'] })));
    expect(plan(d)).toEqual([['wh-ba-01', 'standard', ['l1']]]);
    expect(d.plan[0]).toMatchObject({ shippingCost: { amount: 2_990, currency: 'BRL' }, transitDays: 7 });
    // The tariff is the destination's: it does not let Brazil ship to Argentina.
    const toArgentina = routingInput(lines, [at('wh-sp-01', PLACES.guarulhos, 'SP', { 'MATE-1': 5 })], {
      destination: { ...PLACES.buenosAires, region: 'AR-C', country: 'AR', postalCode: 'C1002' },
    });
    const refused = route(toArgentina, withTariff('BR', { from: ['AR'] })) as UnroutableDecision;
    expect(refused.outcome).toBe('unroutable');
    expect(refused.candidates[0]).toMatchObject({ status: 'no-tariff', reason: 'no tariff from BR to AR' });
  });

  it('answers unroutable, naming the tariffs it has, for a country the policy does not ship to', () => {
    const input = routingInput([routingLine('l1', 'X')], [at('wh-sp-01', PLACES.guarulhos, 'SP', { X: 1 })], {
      destination: { lat: 40.7128, lng: -74.006, region: 'NY', country: 'US', postalCode: '10007' },
    });
    const d = route(input, policy) as UnroutableDecision;
    expect(d.outcome).toBe('unroutable');
    expect(d.explanation).toEqual([
      'Line l1 (SKU X) cannot be routed: the policy has no tariff to US (it has BR, CN).',
    ]);
  });

  it('prices a location recorded without a country as in the destination country, as before tariffs per country', () => {
    const { country: _, ...legacy } = at('wh-sp-01', PLACES.guarulhos, 'SP', { X: 1 });
    const d = routed(route(routingInput([routingLine('l1', 'X')], [legacy]), policy));
    expect(d.plan[0]?.shippingCost).toEqual({ amount: 1_290, currency: 'BRL' });
  });
});
