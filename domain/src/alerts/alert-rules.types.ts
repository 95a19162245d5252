/** Who an alert is for and how it reaches them. */
export interface AlertNotify {
  /** Who should act, in words for people and payloads: `purchasing`, `operations`. */
  readonly audience: string;
  /** E-mail addresses the alert is sent to (none: no e-mail). */
  readonly email: readonly string[];
  /** Whether the configured webhooks receive it. */
  readonly webhooks: boolean;
}

interface AlertRuleBase {
  /** Stable within a set; part of every alert id the rule raises. */
  readonly id: string;
  readonly description: string;
  readonly notify: AlertNotify;
}

/**
 * A SKU's units sold over the last `windowDays` more than `thresholdPercent` above the
 * `windowDays` before. Fires only from `minimumUnits` units in the recent window; with no
 * sales in the window before, that minimum alone decides (recorded as new demand).
 */
export interface SkuSalesSurgeRule extends AlertRuleBase {
  readonly kind: 'skuSalesSurge';
  readonly windowDays: number;
  readonly thresholdPercent: number;
  readonly minimumUnits: number;
}

/**
 * An order not dispatched `shipWithinHours` after it was placed (its promised ship time), or not
 * delivered by its `promisedBy` (plus `deliveryGraceHours`).
 */
export interface SlaBreachRule extends AlertRuleBase {
  readonly kind: 'slaBreach';
  readonly shipWithinHours: number;
  readonly deliveryGraceHours: number;
}

/**
 * A location's late-delivery share (delivered after the order's `promisedBy`) over the last
 * `recentDays` more than `jumpPoints` percentage points above its share over the `baselineDays`
 * before, each window with at least `minimumDeliveries` deliveries.
 */
export interface LocationLateRateJumpRule extends AlertRuleBase {
  readonly kind: 'locationLateRateJump';
  readonly recentDays: number;
  readonly baselineDays: number;
  readonly jumpPoints: number;
  readonly minimumDeliveries: number;
}

/** One alert rule; its `kind` says what it watches. */
export type AlertRule = SkuSalesSurgeRule | SlaBreachRule | LocationLateRateJumpRule;

/** Every kind of alert rule. */
export const ALERT_RULE_KINDS = ['skuSalesSurge', 'slaBreach', 'locationLateRateJump'] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

/** A versioned alert rule set document (docs/alerts.md). */
export interface AlertRuleSetDocument {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly AlertRule[];
}

/** The name of the alert rule set that exists before anything is recorded. */
export const DEFAULT_ALERT_RULE_SET_NAME = 'default';

/** The built-in version 1 of the `default` alert rule set, active until another version is. */
export const DEFAULT_ALERT_RULE_SET: AlertRuleSetDocument = {
  name: DEFAULT_ALERT_RULE_SET_NAME,
  description: 'Sales surges for purchasing, SLA breaches and late-delivery jumps for operations',
  rules: [
    {
      id: 'sku-sales-surge',
      kind: 'skuSalesSurge',
      description: "A SKU's sales over the last 7 days are more than 50% above the 7 days before",
      windowDays: 7,
      thresholdPercent: 50,
      minimumUnits: 10,
      notify: { audience: 'purchasing', email: [], webhooks: true },
    },
    {
      id: 'sla-breach',
      kind: 'slaBreach',
      description: 'An order is past its promised ship time (48 h after placement) or promised delivery time',
      shipWithinHours: 48,
      deliveryGraceHours: 0,
      notify: { audience: 'operations', email: [], webhooks: true },
    },
    {
      id: 'location-late-rate-jump',
      kind: 'locationLateRateJump',
      description: "A location's late-delivery share over 7 days is more than 10 points above the 28 days before",
      recentDays: 7,
      baselineDays: 28,
      jumpPoints: 10,
      minimumDeliveries: 20,
      notify: { audience: 'operations', email: [], webhooks: true },
    },
  ],
};
