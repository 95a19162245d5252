import type { LineConstraint } from '@ordinal/domain';

/** Categories (English names) whose goods break: glass, screens, appliances, perfume bottles, art. */
export const FRAGILE_CATEGORIES: ReadonlySet<string> = new Set([
  'housewares',
  'la_cuisine',
  'kitchen_dining_laundry_garden_furniture',
  'home_appliances',
  'home_appliances_2',
  'small_appliances',
  'small_appliances_home_oven_and_coffee',
  'computers',
  'electronics',
  'tablets_printing_image',
  'telephony',
  'fixed_telephony',
  'consoles_games',
  'audio',
  'cine_photo',
  'watches_gifts',
  'perfumery',
  'art',
  'arts_and_craftmanship',
  'christmas_supplies',
  'construction_tools_lights',
]);

/** Categories that must stay cool or fresh on the way. */
export const COLD_CHAIN_CATEGORIES: ReadonlySet<string> = new Set(['food', 'food_drink', 'drinks', 'flowers']);

/**
 * Correios' parcel limits (30 kg, 100 cm on the longest side, 200 cm for the three sides
 * together): a product beyond any of them needs a location that ships oversized goods.
 */
export const PARCEL_LIMITS = { weightGrams: 30_000, sideCm: 100, sumOfSidesCm: 200 } as const;

/** What a product needs from the location that ships it, from its category and its size. */
export function productConstraints(
  category: string,
  weightGrams: number,
  dimensions: { length: number; width: number; height: number } | undefined,
): LineConstraint[] {
  const out: LineConstraint[] = [];
  if (FRAGILE_CATEGORIES.has(category)) out.push('fragile');
  if (COLD_CHAIN_CATEGORIES.has(category)) out.push('cold-chain');
  const sides = dimensions === undefined ? [] : [dimensions.length, dimensions.width, dimensions.height];
  if (
    weightGrams > PARCEL_LIMITS.weightGrams ||
    sides.some((s) => s > PARCEL_LIMITS.sideCm) ||
    sides.reduce((a, b) => a + b, 0) > PARCEL_LIMITS.sumOfSidesCm
  )
    out.push('oversized');
  return out;
}

/** What a seller sold and how fast it handed orders to the carrier, gathered from the order files. */
export interface SellerRecord {
  items: number;
  constraints: Set<LineConstraint>;
  handoverDays: number[];
}

/**
 * A seller's daily capacity: the subset keeps about 5% of delivered orders, so each item it sold
 * here stands for about twenty; 10 shipments a day at least, 200 at most.
 */
export function dailyCapacity(record: SellerRecord | undefined): number {
  return Math.min(200, 10 + 5 * (record?.items ?? 0));
}

/** The median of a list of numbers (undefined when empty). */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A seller's capabilities: a constraint it shipped (it sold fragile, cold-chain or oversized
 * goods) is one it can handle; `express` when its median handover to the carrier, from payment
 * approval, took at most two days.
 */
export function sellerCapabilities(record: SellerRecord | undefined): string[] {
  const out: string[] = [...(record?.constraints ?? [])].sort();
  const handover = median(record?.handoverDays ?? []);
  if (handover !== undefined && handover <= 2) out.push('express');
  return out;
}
