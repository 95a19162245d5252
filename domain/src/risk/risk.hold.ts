import type { AccountVelocity } from './account-velocity.ts';
import { RISK_RULE_VERSION, type RiskThresholds, type RiskVerdict } from './risk.rule.ts';

/** The marker a hold taken by risk carries in its facts; only risk staff (or admin) lift it. */
export const RISK_HOLD_SOURCE = 'risk';

/**
 * The facts of a hold the default risk rule took: what was counted, under which thresholds. A
 * type, not an interface, so it is a hold's facts record as it stands.
 */
export type RiskHoldFacts = {
  readonly source: typeof RISK_HOLD_SOURCE;
  readonly riskRuleVersion: number;
  readonly thresholds: RiskThresholds;
  readonly window: { readonly since: string; readonly until: string; readonly hours: number };
  readonly facts: Omit<AccountVelocity, 'orderIds' | 'windowHours' | 'since' | 'until'>;
  /** The account's orders counted, the one being placed included, oldest first. */
  readonly orders: readonly string[];
  readonly customerId: string;
};

/** The hold PlaceOrder records for a verdict that holds. */
export function riskHold(
  verdict: RiskVerdict,
  thresholds: RiskThresholds,
  customerId: string,
): { readonly reason: string; readonly facts: RiskHoldFacts } {
  const { orderIds, windowHours, since, until, ...counted } = verdict.facts;
  return {
    reason: verdict.reason,
    facts: {
      source: RISK_HOLD_SOURCE,
      riskRuleVersion: RISK_RULE_VERSION,
      thresholds,
      window: { since, until, hours: windowHours },
      facts: counted,
      orders: orderIds,
      customerId,
    },
  };
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The risk part of a hold's facts, if risk took it: marked `source: 'risk'` at the top, or under
 * `risk` when several screens held the order at once (their facts are kept by screen name).
 */
export function riskHoldFacts(facts: unknown): RiskHoldFacts | undefined {
  if (!isRecord(facts)) return undefined;
  if (facts.source === RISK_HOLD_SOURCE) return facts as unknown as RiskHoldFacts;
  const nested = facts.risk;
  return isRecord(nested) && nested.source === RISK_HOLD_SOURCE ? (nested as unknown as RiskHoldFacts) : undefined;
}
