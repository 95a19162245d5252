import type { RoutingCandidate, RoutingInput, RoutingLine } from '../routing/routing.types.ts';

/** Real places, so distances in tests read like distances in Brazil and China. */
export const PLACES = {
  saoPauloCentre: { lat: -23.5505, lng: -46.6333 },
  paulista: { lat: -23.5614, lng: -46.6559 },
  guarulhos: { lat: -23.4543, lng: -46.5337 },
  rio: { lat: -22.9068, lng: -43.1729 },
  curitiba: { lat: -25.4284, lng: -49.2733 },
  beloHorizonte: { lat: -19.9167, lng: -43.9345 },
  recife: { lat: -8.0476, lng: -34.877 },
  buenosAires: { lat: -34.6037, lng: -58.3816 },
  shanghai: { lat: 31.2304, lng: 121.4737 },
  pudong: { lat: 31.2213, lng: 121.5447 },
  hangzhou: { lat: 30.2741, lng: 120.1551 },
  suzhou: { lat: 31.2989, lng: 120.5853 },
  beijing: { lat: 39.9042, lng: 116.4074 },
  chengdu: { lat: 30.5728, lng: 104.0668 },
} as const;

/** A routing line: one unit of 800 g by default. */
export function routingLine(lineId: string, sku: string, extra: Partial<RoutingLine> = {}): RoutingLine {
  return { lineId, sku, quantity: 1, weightGrams: 800, constraints: [], ...extra };
}

/** A warehouse in Brazil with standard capabilities and a comfortable capacity, unless told otherwise. */
export function routingCandidate(
  locationId: string,
  coordinates: { lat: number; lng: number },
  region: string,
  stock: Record<string, number>,
  extra: Partial<RoutingCandidate> = {},
): RoutingCandidate {
  return {
    locationId,
    kind: 'warehouse',
    coordinates,
    region,
    country: 'BR',
    capabilities: ['fragile', 'express'],
    remainingCapacity: 100,
    stock,
    ...extra,
  };
}

/** Where an order to central Shanghai goes: pass as `destination` to `routingInput`. */
export const SHANGHAI_DESTINATION = {
  ...PLACES.shanghai,
  region: 'CN-31',
  country: 'CN',
  postalCode: '200001',
} as const;

/** An order to central São Paulo taken on 4 December 2026 at noon UTC. */
export function routingInput(
  lines: readonly RoutingLine[],
  candidates: readonly RoutingCandidate[],
  extra: Partial<RoutingInput> = {},
): RoutingInput {
  return {
    orderId: 'order-1',
    now: '2026-12-04T12:00:00.000Z',
    destination: { ...PLACES.saoPauloCentre, region: 'SP', country: 'BR', postalCode: '01001' },
    lines,
    candidates,
    ...extra,
  };
}
