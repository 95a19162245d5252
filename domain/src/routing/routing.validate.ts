import { CARRIER_SERVICES } from './routing.policy.ts';

/** One thing wrong with a policy, and where: `carriers.express.zones[2].tiers[0].price`. */
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

/** Every problem of a policy (empty when it is valid); takes `unknown` because policies are edited data. */
export function validateRoutingPolicy(policy: unknown): PolicyProblem[] {
  const p = new Problems();
  if (!isObject(policy)) {
    p.add('', 'must be an object');
    return p.list;
  }
  p.number(policy, 'version', '', 'positive-integer');
  if (typeof policy.name !== 'string' || policy.name.trim() === '') p.add('name', 'must be a non-empty text');
  if (typeof policy.currency !== 'string' || !/^[A-Z]{3}$/.test(policy.currency))
    p.add('currency', 'must be an ISO 4217 code');
  const weights = p.object(policy, 'weights', '');
  if (weights)
    for (const key of ['distance', 'shippingCost', 'deliveryPromise', 'capacity', 'split'])
      p.number(weights, key, 'weights', 'non-negative');
  const scales = p.object(policy, 'scales', '');
  if (scales) for (const key of ['distanceKm', 'shippingCost', 'lateDays']) p.number(scales, key, 'scales', 'positive');
  const carriers = p.object(policy, 'carriers', '');
  if (carriers)
    for (const service of CARRIER_SERVICES) {
      const tariff = p.object(carriers, service, 'carriers');
      if (tariff) checkZones(p, tariff, `carriers.${service}`);
    }
  p.number(policy, 'splitPenalty', '', 'integer');
  p.number(policy, 'maxShipments', '', 'positive-integer');
  if (typeof policy.storePickupAllowed !== 'boolean') p.add('storePickupAllowed', 'must be true or false');
  p.number(policy, 'capacityReserveThreshold', '', 'integer');
  const limits = p.object(policy, 'limits', '');
  if (limits)
    for (const key of ['splitPool', 'splitPoolPerLine', 'keptCandidates', 'keptAlternatives'])
      p.number(limits, key, 'limits', 'positive-integer');
  return p.list;
}
