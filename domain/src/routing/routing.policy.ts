/** The carrier services a shipment can go by. */
export type CarrierService = 'standard' | 'express' | 'store-pickup';

/** Every carrier service, in the order a tie between services is settled. */
export const CARRIER_SERVICES: readonly CarrierService[] = ['store-pickup', 'standard', 'express'];

/** A price for shipments up to a weight, in minor units of its tariff's currency. */
export interface WeightTier {
  readonly upToGrams: number;
  readonly price: number;
}

/** A distance band of a service: how long it takes and what it costs by weight. */
export interface TariffZone {
  /** The band covers distances up to this many km (from the previous zone's limit). */
  readonly upToKm: number;
  readonly transitDays: number;
  /** Ascending by `upToGrams`. */
  readonly tiers: readonly WeightTier[];
  /** Added per started kilogram above the heaviest tier, in minor units. */
  readonly pricePerExtraKg: number;
}

/** The tariff of one service: zones ascending by distance; beyond the last, the service does not go. */
export interface ServiceTariff {
  readonly zones: readonly TariffZone[];
}

/** How much each factor counts in a score; non-negative, 0 switches a factor off. */
export interface RoutingWeights {
  readonly distance: number;
  readonly shippingCost: number;
  readonly deliveryPromise: number;
  readonly capacity: number;
  readonly split: number;
}

/**
 * What one unit of each normalised factor means. Fixed here rather than taken from the candidate
 * set, so a candidate's score never moves because another candidate appeared or went away. The
 * scale of shipping cost is money, so it is in each tariff (`CountryTariff.shippingCostScale`).
 */
export interface RoutingScales {
  /** Distance that counts 1.0. */
  readonly distanceKm: number;
  /** Days late that count 1.0. */
  readonly lateDays: number;
}

/**
 * How shipments to one destination country are priced, in that country's currency. A tariff
 * ships from locations in its own country; `from` names the other countries it also ships from
 * (a cross-border tariff). A location in a country the tariff does not name cannot ship there.
 */
export interface CountryTariff {
  /** ISO 4217; every price, the split penalty and the cost scale are minor units of it. */
  readonly currency: string;
  /** ISO 3166-1 alpha-2 countries other than the destination that this tariff ships from. */
  readonly from?: readonly string[];
  readonly carriers: Readonly<Record<CarrierService, ServiceTariff>>;
  /** Shipping cost that counts 1.0 in a score; the split penalty is normalised by it too. */
  readonly shippingCostScale: number;
  /** Per shipment beyond the first (packing, handling, a second parcel to receive). */
  readonly splitPenalty: number;
}

/** Bounds that keep routing fast and its decision a sensible size with many candidates. */
export interface RoutingLimits {
  /** Best-scoring candidates the split search combines. */
  readonly splitPool: number;
  /** Best candidates per line added to that pool, so every line has servers in it. */
  readonly splitPoolPerLine: number;
  /** Candidates assessed in full in the decision when there are more than this many. */
  readonly keptCandidates: number;
  /** Alternative plans listed in the decision. */
  readonly keptAlternatives: number;
}

/** A routing policy: data operators edit, versioned, validated by `validateRoutingPolicy`. */
export interface RoutingPolicy {
  readonly version: number;
  readonly name: string;
  readonly weights: RoutingWeights;
  readonly scales: RoutingScales;
  /** By destination country (ISO 3166-1 alpha-2); a country without one is not shipped to. */
  readonly tariffs: Readonly<Record<string, CountryTariff>>;
  readonly maxShipments: number;
  readonly storePickupAllowed: boolean;
  /** Below this many shipments left today a location's capacity factor rises from 0 towards 1. */
  readonly capacityReserveThreshold: number;
  readonly limits: RoutingLimits;
}

const tiers = (up1kg: number, up5kg: number, up10kg: number, up30kg: number): WeightTier[] => [
  { upToGrams: 1_000, price: up1kg },
  { upToGrams: 5_000, price: up5kg },
  { upToGrams: 10_000, price: up10kg },
  { upToGrams: 30_000, price: up30kg },
];

// First kilogram plus each started kilogram after it, the way Chinese express carriers quote.
const perKg = (first: number, next: number): WeightTier[] =>
  tiers(first, first + 4 * next, first + 9 * next, first + 29 * next);

const PICKUP: ServiceTariff = {
  zones: [{ upToKm: 30, transitDays: 0, tiers: [{ upToGrams: 30_000, price: 0 }], pricePerExtraKg: 0 }],
};

/**
 * Brazil in BRL (centavos). Standard is priced like a national parcel service (PAC-like: R$ 12.90
 * for 1 kg locally up to R$ 169.90 for 30 kg across the country, 1 to 10 days); express like its
 * premium service (SEDEX-like: about 1.8× the price, 1 to 4 days); store pickup is free within 30 km.
 */
const BRAZIL: CountryTariff = {
  currency: 'BRL',
  carriers: {
    standard: {
      zones: [
        { upToKm: 50, transitDays: 1, tiers: tiers(1_290, 1_790, 2_490, 4_490), pricePerExtraKg: 200 },
        { upToKm: 300, transitDays: 2, tiers: tiers(1_690, 2_390, 3_290, 5_990), pricePerExtraKg: 250 },
        { upToKm: 1_000, transitDays: 4, tiers: tiers(2_290, 3_490, 4_990, 8_990), pricePerExtraKg: 350 },
        { upToKm: 2_500, transitDays: 7, tiers: tiers(2_990, 4_790, 6_990, 12_990), pricePerExtraKg: 500 },
        { upToKm: 5_000, transitDays: 10, tiers: tiers(3_990, 6_290, 9_490, 16_990), pricePerExtraKg: 700 },
      ],
    },
    express: {
      zones: [
        { upToKm: 50, transitDays: 1, tiers: tiers(2_290, 3_190, 4_490, 7_990), pricePerExtraKg: 350 },
        { upToKm: 300, transitDays: 1, tiers: tiers(2_990, 4_290, 5_890, 10_790), pricePerExtraKg: 450 },
        { upToKm: 1_000, transitDays: 2, tiers: tiers(4_090, 6_290, 8_990, 16_190), pricePerExtraKg: 650 },
        { upToKm: 2_500, transitDays: 3, tiers: tiers(5_390, 8_590, 12_590, 23_390), pricePerExtraKg: 900 },
        { upToKm: 5_000, transitDays: 4, tiers: tiers(7_190, 11_290, 17_090, 30_590), pricePerExtraKg: 1_250 },
      ],
    },
    'store-pickup': PICKUP,
  },
  shippingCostScale: 2_000,
  splitPenalty: 1_500,
};

/**
 * China in CNY (fen), priced like public counter rates of first kilogram plus each further one.
 * Standard like an economy express network (ZTO/YTO-like: ¥8 + ¥1 in the same city up to ¥20 +
 * ¥12 to the far west, 1 to 6 days); express like a time-definite carrier (SF-like: ¥12 + ¥2 in
 * the same city up to ¥26 + ¥15, 1 to 3 days); store pickup free within 30 km.
 */
const CHINA: CountryTariff = {
  currency: 'CNY',
  carriers: {
    standard: {
      zones: [
        { upToKm: 50, transitDays: 1, tiers: perKg(800, 100), pricePerExtraKg: 100 },
        { upToKm: 300, transitDays: 2, tiers: perKg(1_000, 200), pricePerExtraKg: 200 },
        { upToKm: 1_000, transitDays: 3, tiers: perKg(1_200, 400), pricePerExtraKg: 400 },
        { upToKm: 2_500, transitDays: 4, tiers: perKg(1_500, 600), pricePerExtraKg: 600 },
        { upToKm: 5_000, transitDays: 6, tiers: perKg(2_000, 1_200), pricePerExtraKg: 1_200 },
      ],
    },
    express: {
      zones: [
        { upToKm: 50, transitDays: 1, tiers: perKg(1_200, 200), pricePerExtraKg: 200 },
        { upToKm: 300, transitDays: 1, tiers: perKg(1_300, 200), pricePerExtraKg: 200 },
        { upToKm: 1_000, transitDays: 2, tiers: perKg(1_800, 500), pricePerExtraKg: 500 },
        { upToKm: 2_500, transitDays: 2, tiers: perKg(2_200, 800), pricePerExtraKg: 800 },
        { upToKm: 5_000, transitDays: 3, tiers: perKg(2_600, 1_500), pricePerExtraKg: 1_500 },
      ],
    },
    'store-pickup': PICKUP,
  },
  shippingCostScale: 1_500,
  splitPenalty: 1_000,
};

/**
 * Version 1: Brazil in BRL and China in CNY, each shipping only within its own country.
 * docs/routing.md explains each number.
 */
export const DEFAULT_ROUTING_POLICY: RoutingPolicy = {
  version: 1,
  name: 'default',
  weights: { distance: 0.2, shippingCost: 1, deliveryPromise: 2, capacity: 0.3, split: 1 },
  scales: { distanceKm: 500, lateDays: 1 },
  tariffs: { BR: BRAZIL, CN: CHINA },
  maxShipments: 3,
  storePickupAllowed: true,
  capacityReserveThreshold: 20,
  limits: { splitPool: 10, splitPoolPerLine: 3, keptCandidates: 25, keptAlternatives: 10 },
};
