const DAY_MS = 86_400_000;

/**
 * Fewer intervals than this (three purchases) give no estimate: one interval says when the
 * customer bought twice, not how often they buy.
 */
export const MIN_REPURCHASE_INTERVALS = 2;

/** Only the latest purchases count (25: 24 intervals): an old rhythm gives way to the current one. */
export const REPURCHASE_HISTORY_LIMIT = 25;

/** A customer's estimate for one SKU, from the placement times of their orders containing it. */
export interface RepurchaseEstimate {
  readonly sku: string;
  /** Purchases counted (orders placed, cancelled ones left out). */
  readonly purchases: number;
  /** The median of the intervals between consecutive purchases, in days (3 decimals). */
  readonly medianDays: number;
  readonly lastPurchase: string;
  /** lastPurchase + the median interval. */
  readonly expectedNext: string;
}

/** The basis of one `repurchase.withinDays` hint, as RulesApplied records it. */
export interface RepurchaseHint extends RepurchaseEstimate {
  /** Whole days from the order's placement to `expectedNext`, rounded up; 0 when due or overdue. */
  readonly withinDays: number;
}

/** The median of numbers (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The repurchase estimate of one SKU from the instants (ISO 8601) a customer placed orders
 * containing it, in any order (the latest `REPURCHASE_HISTORY_LIMIT` of them): the median interval between consecutive purchases, and the next
 * purchase expected one median after the last. Undefined below `MIN_REPURCHASE_INTERVALS`
 * intervals, or for a median of zero (every purchase at one instant says nothing of a rhythm).
 */
export function estimateRepurchase(sku: string, purchases: readonly string[]): RepurchaseEstimate | undefined {
  const times = purchases
    .map((at) => Date.parse(at))
    .filter(Number.isFinite)
    .sort((a, b) => a - b)
    .slice(-REPURCHASE_HISTORY_LIMIT);
  if (times.length < MIN_REPURCHASE_INTERVALS + 1) return undefined;
  const intervals = times.slice(1).map((at, i) => at - (times[i] as number));
  const medianMs = median(intervals);
  if (!(medianMs > 0)) return undefined;
  const last = times.at(-1) as number;
  return {
    sku,
    purchases: times.length,
    medianDays: Math.round((medianMs / DAY_MS) * 1000) / 1000,
    lastPurchase: new Date(last).toISOString(),
    expectedNext: new Date(last + medianMs).toISOString(),
  };
}

/**
 * The hint an estimate gives at `now`: whole days until the expected next purchase (rounded up),
 * 0 when it is due or overdue by at most one median interval. Overdue by more than that, the
 * customer has broken their rhythm and there is no hint.
 */
export function repurchaseHint(estimate: RepurchaseEstimate, now: string): RepurchaseHint | undefined {
  const untilMs = Date.parse(estimate.expectedNext) - Date.parse(now);
  if (!Number.isFinite(untilMs) || untilMs < -estimate.medianDays * DAY_MS) return undefined;
  return { ...estimate, withinDays: Math.max(0, Math.ceil(untilMs / DAY_MS)) };
}

/** Whether the customer is likely to buy the SKU again within `days` of `now`. */
export function isLikelyToReorderWithin(estimate: RepurchaseEstimate, now: string, days: number): boolean {
  const hint = repurchaseHint(estimate, now);
  return hint !== undefined && hint.withinDays <= days;
}

/** The repurchase facts a rule may read: `repurchase.withinDays` and its basis `repurchase.hints`. */
export interface RepurchaseFacts {
  readonly 'repurchase.withinDays'?: number;
  readonly 'repurchase.hints'?: readonly RepurchaseHint[];
}

/**
 * The repurchase facts of an order at `now`: per SKU ordered (in the order given) the hint of its
 * estimate from the customer's earlier purchases, and the smallest `withinDays` among them; none
 * when no SKU has a hint.
 */
export function repurchaseFacts(
  skus: readonly string[],
  purchasesOf: (sku: string) => readonly string[],
  now: string,
): RepurchaseFacts {
  const hints: RepurchaseHint[] = [];
  for (const sku of new Set(skus)) {
    const estimate = estimateRepurchase(sku, purchasesOf(sku));
    const hint = estimate === undefined ? undefined : repurchaseHint(estimate, now);
    if (hint !== undefined) hints.push(hint);
  }
  if (hints.length === 0) return {};
  return {
    'repurchase.withinDays': Math.min(...hints.map((h) => h.withinDays)),
    'repurchase.hints': hints,
  };
}
