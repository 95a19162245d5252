import { currencyExponent } from '../channels/channel-mapping.money.ts';
import type { Coordinates } from '../inventory/location.types.ts';
import type { Money } from '../shared/money.ts';
import type { CarrierService, CountryTariff, RoutingPolicy } from './routing.policy.ts';
import type { RoutingCandidate } from './routing.types.ts';

const EARTH_RADIUS_KM = 6_371.0088;
const DAY_MS = 86_400_000;
const rad = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in km (haversine, mean Earth radius). */
export function haversineKm(a: Coordinates, b: Coordinates): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A price and transit time from a tariff. */
export interface Quote {
  readonly service: CarrierService;
  readonly price: number;
  readonly transitDays: number;
}

/** The tariff that prices shipments from a country to the destination's, or why none does. */
export function tariffFor(
  policy: RoutingPolicy,
  originCountry: string,
  destinationCountry: string,
): { readonly tariff: CountryTariff } | { readonly reason: string } {
  const to = destinationCountry.toUpperCase();
  const from = originCountry.toUpperCase();
  const tariff = Object.hasOwn(policy.tariffs, to) ? policy.tariffs[to] : undefined;
  if (tariff === undefined) return { reason: `no tariff from ${from} to ${to}` };
  if (from === to || (tariff.from ?? []).some((country) => country.toUpperCase() === from)) return { tariff };
  return { reason: `no tariff from ${from} to ${to}` };
}

/** The tariff's quote for a weight over a distance, or undefined when the service does not go that far. */
export function quote(
  tariff: CountryTariff,
  service: CarrierService,
  distanceKm: number,
  weightGrams: number,
): Quote | undefined {
  const zone = tariff.carriers[service].zones.find((z) => distanceKm <= z.upToKm);
  if (zone === undefined) return undefined;
  const tier = zone.tiers.find((t) => weightGrams <= t.upToGrams);
  if (tier !== undefined) return { service, price: tier.price, transitDays: zone.transitDays };
  const heaviest = zone.tiers[zone.tiers.length - 1]!;
  const extraKg = Math.ceil((weightGrams - heaviest.upToGrams) / 1_000);
  return { service, price: heaviest.price + extraKg * zone.pricePerExtraKg, transitDays: zone.transitDays };
}

/** Whole days after `promisedBy` a shipment leaving at `now` arrives; 0 when on time or nothing promised. */
export function daysLate(nowMs: number, transitDays: number, promisedByMs: number | undefined): number {
  if (promisedByMs === undefined) return 0;
  const arrival = nowMs + transitDays * DAY_MS;
  return arrival <= promisedByMs ? 0 : Math.ceil((arrival - promisedByMs) / DAY_MS);
}

/** `now` plus whole days, as an ISO instant. */
export function arrivalDate(nowMs: number, transitDays: number): string {
  return new Date(nowMs + transitDays * DAY_MS).toISOString();
}

/** True when a store may hand the order over at its counter: policy allows it, same region, capability. */
export function offersPickup(policy: RoutingPolicy, candidate: RoutingCandidate, destinationRegion: string): boolean {
  return (
    policy.storePickupAllowed &&
    candidate.kind === 'store' &&
    candidate.region === destinationRegion &&
    candidate.capabilities.includes('store-pickup')
  );
}

// A tie between services that all keep (or all miss by as much) the promise goes to the first here.
const PREFERENCE: readonly CarrierService[] = ['store-pickup', 'standard', 'express'];

/**
 * The service for one shipment: the first of pickup, standard, express that keeps the promise
 * (express only when the location offers it), else the one that is least late; undefined when no
 * service reaches the destination.
 */
export function chooseService(
  policy: RoutingPolicy,
  tariff: CountryTariff,
  candidate: RoutingCandidate,
  destinationRegion: string,
  distanceKm: number,
  weightGrams: number,
  nowMs: number,
  promisedByMs: number | undefined,
): Quote | undefined {
  const quotes: Quote[] = [];
  for (const service of PREFERENCE) {
    if (service === 'store-pickup' && !offersPickup(policy, candidate, destinationRegion)) continue;
    if (service === 'express' && !candidate.capabilities.includes('express')) continue;
    const q = quote(tariff, service, distanceKm, weightGrams);
    if (q !== undefined) quotes.push(q);
  }
  let best: Quote | undefined;
  for (const q of quotes) {
    if (
      best === undefined ||
      daysLate(nowMs, q.transitDays, promisedByMs) < daysLate(nowMs, best.transitDays, promisedByMs)
    )
      best = q;
  }
  return best;
}

// Only symbols that name one currency among those printed: JPY, HKD and the rest print their code.
const SYMBOLS: Readonly<Record<string, string>> = { BRL: 'R$', CNY: '¥', USD: '$', EUR: '€' };

/** Money as a person reads it: `R$ 18.50`, `¥ 12.00`, `€ 3.05`, `JPY 1500`, `GBP 7.20`. */
export function formatMoney(m: Money): string {
  const sign = m.amount < 0 ? '-' : '';
  const digits = currencyExponent(m.currency);
  const abs = Math.abs(m.amount);
  const unit = 10 ** digits;
  const whole = Math.floor(abs / unit);
  const units = digits === 0 ? String(whole) : `${whole}.${String(abs % unit).padStart(digits, '0')}`;
  return `${sign}${SYMBOLS[m.currency] ?? m.currency} ${units}`;
}
