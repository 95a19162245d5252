import type { RoutingCandidate, RoutingInput, RoutingLine } from '../routing/routing.types.ts';

/** Real places, so distances in tests read like distances in Brazil. */
export const PLACES = {
  saoPauloCentre: { lat: -23.5505, lng: -46.6333 },
  paulista: { lat: -23.5614, lng: -46.6559 },
  guarulhos: { lat: -23.4543, lng: -46.5337 },
  rio: { lat: -22.9068, lng: -43.1729 },
  curitiba: { lat: -25.4284, lng: -49.2733 },
  beloHorizonte: { lat: -19.9167, lng: -43.9345 },
  recife: { lat: -8.0476, lng: -34.877 },
} as const;

/** A routing line: one unit of 800 g by default. */
export function routingLine(lineId: string, sku: string, extra: Partial<RoutingLine> = {}): RoutingLine {
  return { lineId, sku, quantity: 1, weightGrams: 800, constraints: [], ...extra };
}

/** A warehouse with standard capabilities and a comfortable capacity, unless told otherwise. */
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
    capabilities: ['fragile', 'express'],
    remainingCapacity: 100,
    stock,
    ...extra,
  };
}

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
