import type { RulesEvaluation } from '../rules/rules.evaluate.ts';
import type { RepurchaseHint } from './repurchase.estimate.ts';

const DAY_MS = 86_400_000;

/** The marker a hold for consolidation carries in its facts; the release process lifts only these. */
export const CONSOLIDATION_HOLD_SOURCE = 'consolidation';

/**
 * The facts of a hold a `holdForConsolidation` rule took: until when, why (the hint and its
 * basis as the rule read them) and which rule sets and rules asked for it. A type, not an
 * interface, so it is a hold's facts record as it stands.
 */
export type ConsolidationHoldFacts = {
  readonly source: typeof CONSOLIDATION_HOLD_SOURCE;
  readonly days: number;
  /** placedAt + days: the hold is released then at the latest. */
  readonly until: string;
  readonly placedAt: string;
  /** `repurchase.withinDays` at placement; absent when the customer had no estimate. */
  readonly withinDays?: number;
  readonly hints: readonly RepurchaseHint[];
  readonly ruleSets: readonly {
    readonly ruleSet: string;
    readonly version: number;
    readonly ruleIds: readonly string[];
  }[];
};

/**
 * The hold for consolidation the rule sets' evaluations ask for at `placedAt`, if any: the longest
 * `days` of them (the first set's of equal ones, with its rule's reason), until placedAt + days.
 */
export function consolidationHold(
  evaluations: readonly RulesEvaluation[],
  placedAt: string,
): { readonly reason: string; readonly facts: ConsolidationHoldFacts } | undefined {
  const asking = evaluations.filter((e) => e.effects.consolidation !== undefined);
  let longest: RulesEvaluation | undefined;
  for (const e of asking) {
    if ((e.effects.consolidation?.days ?? 0) > (longest?.effects.consolidation?.days ?? 0)) longest = e;
  }
  const chosen = longest?.effects.consolidation;
  if (longest === undefined || chosen === undefined) return undefined;
  const withinDays = asking.map((e) => e.facts['repurchase.withinDays']).find((d) => typeof d === 'number');
  const hints = asking.map((e) => e.facts['repurchase.hints']).find((h) => h !== undefined) ?? [];
  const until = new Date(Date.parse(placedAt) + chosen.days * DAY_MS).toISOString();
  const why =
    chosen.reason ??
    (withinDays === undefined
      ? `waiting up to ${chosen.days} days for the customer's next order`
      : withinDays === 0
        ? 'due to reorder now'
        : `likely to reorder within ${withinDays} day${withinDays === 1 ? '' : 's'}`);
  return {
    reason: `consolidation: ${why}, held until ${until}`,
    facts: {
      source: CONSOLIDATION_HOLD_SOURCE,
      days: chosen.days,
      until,
      placedAt,
      ...(withinDays === undefined ? {} : { withinDays }),
      hints,
      ruleSets: asking.map((e) => ({
        ruleSet: e.ruleSet,
        version: e.version,
        ruleIds: e.effects.consolidation?.ruleIds ?? [],
      })),
    },
  };
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A hold's facts if the hold is for consolidation alone (marked `source: 'consolidation'` at the
 * top). A hold that also has another reason (a rule's plain hold, risk) keeps the consolidation
 * under `consolidation` and is not this: people release it.
 */
export function consolidationHoldFacts(facts: unknown): ConsolidationHoldFacts | undefined {
  if (!isRecord(facts) || facts.source !== CONSOLIDATION_HOLD_SOURCE || typeof facts.until !== 'string') {
    return undefined;
  }
  return facts as unknown as ConsolidationHoldFacts;
}
