import type { Money } from '../shared/money.ts';

/** One placement of an account, as the risk rule sees it. */
export interface RiskPlacement {
  readonly orderId: string;
  /** When the order was placed (ISO 8601, UTC): OrderPlaced's `placedAt`. */
  readonly placedAt: string;
  /** `addressFingerprint` of the shipping address. */
  readonly address: string;
  readonly coupons: readonly string[];
  readonly amount: Money;
}

/** An account's placements within a window ending at `until`, summed up. */
export interface AccountVelocity {
  readonly windowHours: number;
  /** The window is (since, until]: a placement exactly `windowHours` old is outside it. */
  readonly since: string;
  readonly until: string;
  readonly distinctAddresses: number;
  /** The fingerprints counted, in order of first use. */
  readonly addresses: readonly string[];
  readonly orders: number;
  readonly ordersWithCoupons: number;
  /** Distinct coupon codes used in the window, in order of first use. */
  readonly coupons: readonly string[];
  /** Amount placed in the window, in minor units per currency. */
  readonly amount: Readonly<Record<string, number>>;
  /** The orders counted, oldest first. */
  readonly orderIds: readonly string[];
}

const HOUR_MS = 3_600_000;

/**
 * The address as a place, not as typed: country, postal code (upper-case, spaces dropped) and
 * the first line (lower-cased, trimmed, inner spaces collapsed). Name, line 2 and city spelling
 * are left out on purpose: "12 Main St " and "12 main st" for another recipient are the same
 * door, and counting them as two would put honest customers on hold.
 */
export function addressFingerprint(address: {
  readonly country: string;
  readonly postalCode: string;
  readonly line1: string;
}): string {
  const postalCode = address.postalCode.toUpperCase().replace(/\s+/g, '');
  const line1 = address.line1.trim().toLowerCase().replace(/\s+/g, ' ');
  return `${address.country.toUpperCase()}|${postalCode}|${line1}`;
}

/**
 * Folds an account's placements into its velocity at `until` over the last `windowHours`:
 * a placement counts when since < placedAt ≤ until (exactly `windowHours` old is out; later
 * than `until` is not yet). Pure: the instant is given, never read from a clock.
 */
export function accountVelocity(
  placements: readonly RiskPlacement[],
  until: string,
  windowHours: number,
): AccountVelocity {
  const end = Date.parse(until);
  const start = end - windowHours * HOUR_MS;
  const inWindow = placements
    .map((placement) => ({ placement, at: Date.parse(placement.placedAt) }))
    .filter(({ at }) => at > start && at <= end)
    .sort((a, b) => a.at - b.at || a.placement.orderId.localeCompare(b.placement.orderId));
  // Sets keep the lists in order of first use without a scan per placement: a busy account's
  // window can hold thousands of orders.
  const addresses = new Set<string>();
  const coupons = new Set<string>();
  const amount: Record<string, number> = {};
  const orderIds = new Set<string>();
  let ordersWithCoupons = 0;
  for (const { placement } of inWindow) {
    if (orderIds.has(placement.orderId)) continue;
    orderIds.add(placement.orderId);
    addresses.add(placement.address);
    if (placement.coupons.length > 0) ordersWithCoupons += 1;
    for (const code of placement.coupons) coupons.add(code);
    const { currency } = placement.amount;
    amount[currency] = (amount[currency] ?? 0) + placement.amount.amount;
  }
  return {
    windowHours,
    since: new Date(start).toISOString(),
    until: new Date(end).toISOString(),
    distinctAddresses: addresses.size,
    addresses: [...addresses],
    orders: orderIds.size,
    ordersWithCoupons,
    coupons: [...coupons],
    amount,
    orderIds: [...orderIds],
  };
}
