import type { RepurchaseHint } from '../repurchase/repurchase.estimate.ts';

/** Every fact a condition may read about a new order (docs/rules.md lists what each means). */
export const FACT_NAMES = [
  'order.total',
  'order.currency',
  'order.channel',
  'customer.tier',
  'destination.country',
  'destination.region',
  'destination.postalCode',
  'lines.count',
  'lines.skus',
  'lines.tags',
  'coupons.used',
  'coupons.codes',
  'local.hour',
  'local.weekday',
  'repurchase.withinDays',
] as const;

/** The name of a fact a condition reads. */
export type FactName = (typeof FACT_NAMES)[number];

/** A fact's value: scalars, or lists of strings (SKUs, tags, coupon codes). */
export type FactValue = string | number | boolean | readonly string[];

/** One line as the price check sees it: what the order asks and what the catalogue lists, minor units. */
export interface PricedLine {
  readonly lineId: string;
  readonly sku: string;
  readonly unitPrice: number;
  /** Absent when the catalogue does not know the SKU (the line is then not checked). */
  readonly listPrice?: number;
}

/**
 * The facts of one order, as a screen gathers them at placement. Optional ones are absent when
 * the order does not say (no region, no tier); `lines.prices` feeds the price check.
 */
export type RuleFacts = Readonly<Partial<Record<FactName, FactValue>>> & {
  readonly 'lines.prices'?: readonly PricedLine[];
  /** The basis of `repurchase.withinDays`: per SKU with an estimate, how it was reached. */
  readonly 'repurchase.hints'?: readonly RepurchaseHint[];
};

/** Comparison operators of a fact condition. */
export const CONDITION_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'contains', 'between'] as const;

/** A comparison operator. */
export type ConditionOp = (typeof CONDITION_OPS)[number];

/**
 * One comparison: `{ fact: 'order.total', op: 'gt', value: 500000 }`. `currency`, on an
 * `order.total` comparison only, makes it match orders in that currency alone.
 */
export interface FactCondition {
  readonly fact: FactName;
  readonly op: ConditionOp;
  readonly value: unknown;
  readonly currency?: string;
}

/** A condition: every one of, any one of, not, or a comparison. */
export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | FactCondition;

/** Priorities an order may be given, lowest first. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** An order's priority. */
export type Priority = (typeof PRIORITIES)[number];

/** What a matching rule does to the order. */
export type Action =
  | { readonly type: 'requireApproval'; readonly role: string; readonly reason: string }
  | { readonly type: 'hold'; readonly reason: string }
  | { readonly type: 'addGiftLine'; readonly sku: string; readonly name: string; readonly quantity: number }
  | {
      readonly type: 'discount';
      readonly kind: 'percentage' | 'amount';
      /** Percent (0–100] or minor units of the order's currency. */
      readonly value: number;
      /** At most this many minor units. */
      readonly cap?: number;
      /** Lower applies first, to what is left after the discounts before it. */
      readonly stackingOrder: number;
      /** Applies alone: the other discounts of the order are dropped. */
      readonly exclusive?: boolean;
    }
  | { readonly type: 'notice'; readonly code: string; readonly text: string; readonly audience: 'customer' | 'staff' }
  | { readonly type: 'tag'; readonly tag: string }
  | { readonly type: 'setPriority'; readonly priority: Priority }
  /** Holds the order up to `days` days from placement, released early by the customer's next order to the same address. */
  | { readonly type: 'holdForConsolidation'; readonly days: number; readonly reason?: string };

/** The longest a `holdForConsolidation` may hold an order, in days. */
export const MAX_CONSOLIDATION_DAYS = 30;

/** The action types. */
export const ACTION_TYPES = [
  'requireApproval',
  'hold',
  'addGiftLine',
  'discount',
  'notice',
  'tag',
  'setPriority',
  'holdForConsolidation',
] as const satisfies readonly Action['type'][];

/** One rule: when the condition holds, the actions apply. */
export interface Rule {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly when: Condition;
  readonly then: readonly Action[];
}

/** A rule set as operators write it: data, validated by `validateRuleSet`. */
export interface RuleSetDocument {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly Rule[];
  /** Holds orders whose line prices differ from the catalogue's list price by more than this. */
  readonly priceCheck?: { readonly tolerancePercent: number };
}

/** The name of the rule set shipped with Ordinal. */
export const DEFAULT_RULE_SET_NAME = 'default';

/** Regions (ISO 3166-2 subdivision codes without the country) that carriers serve as remote. */
export const REMOTE_REGIONS: Readonly<Record<string, readonly string[]>> = {
  BR: ['AC', 'AM', 'AP', 'RO', 'RR'],
  CN: ['XZ', 'XJ', 'QH'],
};

/**
 * Version 1 of the `default` rule set, active while its stream is empty: finance approves
 * orders above 5,000.00 (500000 minor units of the order's own currency), remote regions get a
 * surcharge notice, VIP customers a gift line.
 */
export const DEFAULT_RULE_SET: RuleSetDocument = {
  name: DEFAULT_RULE_SET_NAME,
  description: 'The examples shipped with Ordinal: large orders, remote delivery, VIP gifts.',
  rules: [
    {
      id: 'large-order-approval',
      name: 'Finance approves orders above 5,000',
      description: 'order.total is in minor units of the order currency: 500000 is 5,000.00.',
      when: { fact: 'order.total', op: 'gt', value: 500_000 },
      then: [{ type: 'requireApproval', role: 'finance', reason: 'order total above 5,000' }],
    },
    {
      id: 'remote-area-surcharge',
      name: 'Remote delivery regions carry a surcharge',
      when: {
        any: Object.entries(REMOTE_REGIONS).map(([country, regions]) => ({
          all: [
            { fact: 'destination.country', op: 'eq', value: country },
            { fact: 'destination.region', op: 'in', value: regions },
          ],
        })),
      },
      then: [
        {
          type: 'notice',
          code: 'remote-area-surcharge',
          text: 'Delivery to a remote area: the carrier may charge a surcharge and take longer.',
          audience: 'customer',
        },
      ],
    },
    {
      id: 'vip-gift',
      name: 'VIP customers get a gift',
      when: { fact: 'customer.tier', op: 'eq', value: 'vip' },
      then: [{ type: 'addGiftLine', sku: 'GIFT-VIP', name: 'VIP welcome gift', quantity: 1 }],
    },
  ],
};
