import type { AccountVelocity } from './account-velocity.ts';

/** The default risk rule's version; recorded in every hold it takes, bumped when its logic changes. */
export const RISK_RULE_VERSION = 1;

/** What the default risk rule holds on; set in configuration (ORDINAL_RISK_*). */
export interface RiskThresholds {
  /** Distinct delivery addresses within the window, the order being placed included, that hold. */
  readonly minDistinctAddresses: number;
  readonly windowHours: number;
  /** Hold only when every order in the window used a coupon. */
  readonly allWithCoupons: boolean;
}

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = {
  minDistinctAddresses: 3,
  windowHours: 24,
  allWithCoupons: true,
};

/** The rule's answer; `facts` are what it looked at, for the hold event. */
export interface RiskVerdict {
  readonly hold: boolean;
  readonly reason: string;
  readonly facts: AccountVelocity;
}

/**
 * The default risk rule: an account that ships to `minDistinctAddresses` or more distinct
 * addresses within the window, every order with a coupon (when `allWithCoupons`), is held.
 * `facts` must include the order being placed.
 */
export function evaluateRiskRule(facts: AccountVelocity, thresholds: RiskThresholds): RiskVerdict {
  const { distinctAddresses, orders, ordersWithCoupons, windowHours } = facts;
  const spread = `${distinctAddresses} delivery address${distinctAddresses === 1 ? '' : 'es'} within ${windowHours} h`;
  if (distinctAddresses < thresholds.minDistinctAddresses) {
    return { hold: false, reason: `risk: ${spread}, below ${thresholds.minDistinctAddresses}`, facts };
  }
  if (!thresholds.allWithCoupons) return { hold: true, reason: `risk: ${spread}`, facts };
  if (ordersWithCoupons < orders) {
    return {
      hold: false,
      reason: `risk: ${spread}, but ${orders - ordersWithCoupons} of ${orders} orders without a coupon`,
      facts,
    };
  }
  return { hold: true, reason: `risk: ${spread}, every one of ${orders} orders with a coupon`, facts };
}
