import { CARRIER_SERVICES } from './routing.policy.ts';

/** One thing wrong with a policy, and where: `tariffs.BR.carriers.express.zones[2].tiers[0].price`. */
export interface PolicyProblem {
  readonly field: string;
  readonly problem: string;
}

type Obj = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

// Collects problems instead of stopping at the first: an operator fixes a policy in one pass.
class Problems {
  readonly list: PolicyProblem[] = [];
  add(field: string, problem: string): void {
    this.list.push({ field, problem });
  }
  number(obj: Obj, key: string, at: string, rule: 'non-negative' | 'positive' | 'integer' | 'positive-integer'): void {
    const value = obj[key];
    const field = at === '' ? key : `${at}.${key}`;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(field, 'must be a finite number');
      return;
    }
    if (rule === 'non-negative' && value < 0) this.add(field, 'must not be negative');
    if (rule === 'positive' && value <= 0) this.add(field, 'must be greater than 0');
    if (rule === 'integer' && (!Number.isSafeInteger(value) || value < 0))
      this.add(field, 'must be a non-negative integer');
    if (rule === 'positive-integer' && (!Number.isSafeInteger(value) || value < 1))
      this.add(field, 'must be an integer of at least 1');
  }
  object(obj: Obj, key: string, at: string): Obj | undefined {
    const value = obj[key];
    if (isObject(value)) return value;
    this.add(at === '' ? key : `${at}.${key}`, 'must be an object');
    return undefined;
  }
}

function checkTiers(p: Problems, tiers: unknown, zoneAt: string): void {
  if (!Array.isArray(tiers) || tiers.length === 0) {
    p.add(`${zoneAt}.tiers`, 'must be a non-empty list');
    return;
  }
  let previousGrams = 0;
  for (const [t, tier] of (tiers as unknown[]).entries()) {
    const tierAt = `${zoneAt}.tiers[${t}]`;
    if (!isObject(tier)) {
      p.add(tierAt, 'must be an object');
      continue;
    }
    p.number(tier, 'upToGrams', tierAt, 'positive-integer');
    p.number(tier, 'price', tierAt, 'integer');
    if (typeof tier.upToGrams === 'number') {
      if (tier.upToGrams <= previousGrams)
        p.add(`${tierAt}.upToGrams`, `must be greater than the previous tier's ${previousGrams}`);
      previousGrams = tier.upToGrams;
    }
  }
}

function checkZones(p: Problems, tariff: Obj, at: string): void {
  const zones = tariff.zones;
  if (!Array.isArray(zones) || zones.length === 0) {
    p.add(`${at}.zones`, 'must be a non-empty list');
    return;
  }
  let previousKm = 0;
  for (const [z, zone] of (zones as unknown[]).entries()) {
    const zoneAt = `${at}.zones[${z}]`;
    if (!isObject(zone)) {
      p.add(zoneAt, 'must be an object');
      continue;
    }
    p.number(zone, 'upToKm', zoneAt, 'positive');
    p.number(zone, 'transitDays', zoneAt, 'integer');
    p.number(zone, 'pricePerExtraKg', zoneAt, 'integer');
    if (typeof zone.upToKm === 'number') {
      if (zone.upToKm <= previousKm)
        p.add(`${zoneAt}.upToKm`, `must be greater than the previous zone's ${previousKm}`);
      previousKm = zone.upToKm;
    }
    checkTiers(p, zone.tiers, zoneAt);
  }
}

const COUNTRY = /^[A-Z]{2}$/;
const CURRENCY = /^[A-Z]{3}$/;

// Fields that moved into each country's tariff when tariffs became per country.
const MOVED: readonly (readonly [string, string])[] = [
  ['currency', 'currency'],
  ['carriers', 'carriers'],
  ['splitPenalty', 'splitPenalty'],
];

function checkTariff(p: Problems, tariff: Obj, at: string, country: string): void {
  if (typeof tariff.currency !== 'string' || !CURRENCY.test(tariff.currency))
    p.add(`${at}.currency`, 'must be an ISO 4217 code');
  if (tariff.from !== undefined) {
    if (!Array.isArray(tariff.from)) p.add(`${at}.from`, 'must be a list of countries');
    else
      for (const [i, origin] of (tariff.from as unknown[]).entries()) {
        if (typeof origin !== 'string' || !COUNTRY.test(origin))
          p.add(`${at}.from[${i}]`, 'must be an ISO 3166-1 alpha-2 code in capitals');
        else if (origin === country)
          p.add(`${at}.from[${i}]`, `must not be ${country}: a tariff always ships within its country`);
      }
  }
  const carriers = p.object(tariff, 'carriers', at);
  if (carriers)
    for (const service of CARRIER_SERVICES) {
      const serviceTariff = p.object(carriers, service, `${at}.carriers`);
      if (serviceTariff) checkZones(p, serviceTariff, `${at}.carriers.${service}`);
    }
  p.number(tariff, 'shippingCostScale', at, 'positive');
  p.number(tariff, 'splitPenalty', at, 'integer');
}

function checkTariffs(p: Problems, policy: Obj): void {
  for (const [legacy, field] of MOVED)
    if (policy[legacy] !== undefined) p.add(legacy, `moved into each country's tariff: tariffs.<country>.${field}`);
  const tariffs = p.object(policy, 'tariffs', '');
  if (tariffs === undefined) return;
  if (Object.keys(tariffs).length === 0) p.add('tariffs', 'must hold the tariff of at least one country');
  for (const country of Object.keys(tariffs)) {
    const at = `tariffs.${country}`;
    if (!COUNTRY.test(country)) {
      p.add(at, 'must be keyed by an ISO 3166-1 alpha-2 code in capitals, e.g. BR');
      continue;
    }
    const tariff = p.object(tariffs, country, 'tariffs');
    if (tariff) checkTariff(p, tariff, at, country);
  }
}

/** Every problem of a policy (empty when it is valid); takes `unknown` because policies are edited data. */
export function validateRoutingPolicy(policy: unknown): PolicyProblem[] {
  const p = new Problems();
  if (!isObject(policy)) {
    p.add('', 'must be an object');
    return p.list;
  }
  p.number(policy, 'version', '', 'positive-integer');
  if (typeof policy.name !== 'string' || policy.name.trim() === '') p.add('name', 'must be a non-empty text');
  const weights = p.object(policy, 'weights', '');
  if (weights)
    for (const key of ['distance', 'shippingCost', 'deliveryPromise', 'capacity', 'split'])
      p.number(weights, key, 'weights', 'non-negative');
  const scales = p.object(policy, 'scales', '');
  if (scales) {
    for (const key of ['distanceKm', 'lateDays']) p.number(scales, key, 'scales', 'positive');
    if (scales.shippingCost !== undefined)
      p.add('scales.shippingCost', "moved into each country's tariff: tariffs.<country>.shippingCostScale");
  }
  checkTariffs(p, policy);
  p.number(policy, 'maxShipments', '', 'positive-integer');
  if (typeof policy.storePickupAllowed !== 'boolean') p.add('storePickupAllowed', 'must be true or false');
  p.number(policy, 'capacityReserveThreshold', '', 'integer');
  const limits = p.object(policy, 'limits', '');
  if (limits)
    for (const key of ['splitPool', 'splitPoolPerLine', 'keptCandidates', 'keptAlternatives'])
      p.number(limits, key, 'limits', 'positive-integer');
  return p.list;
}
