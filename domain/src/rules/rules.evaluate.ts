import {
  type Action,
  type Condition,
  type FactCondition,
  type FactName,
  type FactValue,
  PRIORITIES,
  type PricedLine,
  type Priority,
  type RuleFacts,
  type RuleSetDocument,
} from './rule-set.types.ts';

/** A discount as applied: `amount` is what it took off, in minor units, after its cap. */
export interface AppliedDiscount {
  readonly ruleId: string;
  readonly kind: 'percentage' | 'amount';
  readonly value: number;
  readonly stackingOrder: number;
  readonly cap?: number;
  readonly amount: number;
}

/** A line the price check found outside tolerance, with the catalogue price it was compared with. */
export interface PriceDeviation extends PricedLine {
  readonly listPrice: number;
  readonly deviationPercent: number;
}

/** What the matched rules do to the order, combined. */
export interface RuleEffects {
  /** The first approval asked for, in rule order. */
  readonly approval?: { readonly role: string; readonly reason: string; readonly ruleId: string };
  /** Every hold reason, in rule order (the price check last), as one. */
  readonly hold?: { readonly reason: string; readonly ruleIds: readonly string[] };
  readonly giftLines: readonly {
    readonly sku: string;
    readonly name: string;
    readonly quantity: number;
    readonly ruleId: string;
  }[];
  /** In stacking order; never more than the order total together. */
  readonly discounts: readonly AppliedDiscount[];
  readonly discountTotal: number;
  readonly notices: readonly {
    readonly code: string;
    readonly text: string;
    readonly audience: 'customer' | 'staff';
    readonly ruleId: string;
  }[];
  /** Distinct, in the order first given. */
  readonly tags: readonly string[];
  /** The highest priority any rule set. */
  readonly priority?: Priority;
  /**
   * A hold for consolidation: the longest `days` any matching rule gave, with that rule's reason
   * (the first of equal ones), and every rule that asked for one.
   */
  readonly consolidation?: { readonly days: number; readonly reason?: string; readonly ruleIds: readonly string[] };
  /** The price check's finding when it found lines outside tolerance. */
  readonly priceCheck?: { readonly tolerancePercent: number; readonly lines: readonly PriceDeviation[] };
}

/** One rule that matched, and its actions as written. */
export interface MatchedRule {
  readonly ruleId: string;
  readonly actions: readonly Action[];
}

/**
 * What one rule set decided about an order: which version, the facts it read (exactly those,
 * so re-evaluating them gives the same answer), the rules that matched and their effects.
 */
export interface RulesEvaluation {
  readonly ruleSet: string;
  readonly version: number;
  readonly facts: RuleFacts;
  readonly matched: readonly MatchedRule[];
  readonly effects: RuleEffects;
}

type Facts = RuleFacts;

// Reads facts through one door so the evaluation can record exactly what it looked at.
class FactReader {
  readonly seen: Record<string, unknown> = {};
  constructor(readonly facts: Facts) {}
  read(name: FactName | 'lines.prices' | 'repurchase.hints'): unknown {
    const value = this.facts[name];
    if (value !== undefined) this.seen[name] = value;
    return value;
  }
}

const isList = (value: unknown): value is readonly unknown[] => Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function compare(op: FactCondition['op'], actual: FactValue, expected: unknown): boolean {
  switch (op) {
    case 'eq':
      return actual === expected;
    case 'neq':
      return actual !== expected;
    case 'gt':
      return isNumber(actual) && isNumber(expected) && actual > expected;
    case 'gte':
      return isNumber(actual) && isNumber(expected) && actual >= expected;
    case 'lt':
      return isNumber(actual) && isNumber(expected) && actual < expected;
    case 'lte':
      return isNumber(actual) && isNumber(expected) && actual <= expected;
    case 'in':
      return isList(expected) && expected.includes(actual);
    case 'notIn':
      return isList(expected) && !expected.includes(actual);
    case 'contains':
      return isList(actual) ? actual.includes(expected as string) : false;
    case 'between': {
      if (!isList(expected) || !isNumber(actual)) return false;
      const [low, high] = expected;
      return isNumber(low) && isNumber(high) && actual >= low && actual <= high;
    }
  }
}

function holds(condition: Condition, reader: FactReader): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, reader));
  if ('any' in condition) return condition.any.some((c) => holds(c, reader));
  if ('not' in condition) return !holds(condition.not, reader);
  if (condition.currency !== undefined && reader.read('order.currency') !== condition.currency) return false;
  const actual = reader.read(condition.fact);
  // The estimate's basis is recorded with it, so the hint can be explained and re-checked.
  if (condition.fact === 'repurchase.withinDays') reader.read('repurchase.hints');
  // An absent fact (no region, no tier) matches only negative comparisons.
  if (actual === undefined) return condition.op === 'neq' || condition.op === 'notIn';
  return compare(condition.op, actual as FactValue, condition.value);
}

function applyDiscounts(found: readonly (Extract<Action, { type: 'discount' }> & { ruleId: string })[], total: number) {
  const ordered = [...found].sort((a, b) => a.stackingOrder - b.stackingOrder);
  const exclusive = ordered.find((d) => d.exclusive === true);
  const applied: AppliedDiscount[] = [];
  let left = Math.max(0, total);
  for (const d of exclusive === undefined ? ordered : [exclusive]) {
    const raw = d.kind === 'percentage' ? Math.floor((left * d.value) / 100) : d.value;
    const amount = Math.min(left, d.cap === undefined ? raw : Math.min(raw, d.cap));
    left -= amount;
    applied.push({
      ruleId: d.ruleId,
      kind: d.kind,
      value: d.value,
      stackingOrder: d.stackingOrder,
      ...(d.cap === undefined ? {} : { cap: d.cap }),
      amount,
    });
  }
  return { discounts: applied, discountTotal: applied.reduce((sum, d) => sum + d.amount, 0) };
}

function priceDeviations(ruleSet: RuleSetDocument, reader: FactReader): PriceDeviation[] {
  if (ruleSet.priceCheck === undefined) return [];
  const lines = reader.read('lines.prices');
  if (!isList(lines)) return [];
  const { tolerancePercent } = ruleSet.priceCheck;
  const outside: PriceDeviation[] = [];
  for (const line of lines as readonly PricedLine[]) {
    if (line.listPrice === undefined) continue;
    const deviation =
      line.listPrice === 0
        ? line.unitPrice === 0
          ? 0
          : 100
        : (Math.abs(line.unitPrice - line.listPrice) * 100) / line.listPrice;
    if (deviation > tolerancePercent) {
      outside.push({ ...line, listPrice: line.listPrice, deviationPercent: Math.round(deviation * 100) / 100 });
    }
  }
  return outside;
}

/**
 * Evaluates a rule set against an order's facts: pure and deterministic (rules in their
 * order, conditions left to right, every number an integer of minor units). A discount reads
 * `order.total`; `lines.prices` is read only when the set has a price check.
 */
export function evaluateRules(ruleSet: RuleSetDocument, version: number, facts: RuleFacts): RulesEvaluation {
  const reader = new FactReader(facts);
  const matched: MatchedRule[] = [];
  for (const rule of ruleSet.rules) if (holds(rule.when, reader)) matched.push({ ruleId: rule.id, actions: rule.then });
  const actions = matched.flatMap((m) => m.actions.map((action) => ({ ...action, ruleId: m.ruleId })));

  const holdReasons: { reason: string; ruleId: string }[] = [];
  let approval: RuleEffects['approval'];
  const giftLines: RuleEffects['giftLines'][number][] = [];
  const discounts: (Extract<Action, { type: 'discount' }> & { ruleId: string })[] = [];
  const notices: RuleEffects['notices'][number][] = [];
  const tags: string[] = [];
  let priority: Priority | undefined;
  let consolidation: RuleEffects['consolidation'];
  for (const action of actions) {
    switch (action.type) {
      case 'requireApproval':
        approval ??= { role: action.role, reason: action.reason, ruleId: action.ruleId };
        break;
      case 'hold':
        holdReasons.push({ reason: action.reason, ruleId: action.ruleId });
        break;
      case 'addGiftLine':
        giftLines.push({ sku: action.sku, name: action.name, quantity: action.quantity, ruleId: action.ruleId });
        break;
      case 'discount':
        discounts.push(action);
        break;
      case 'notice':
        notices.push({ code: action.code, text: action.text, audience: action.audience, ruleId: action.ruleId });
        break;
      case 'tag':
        if (!tags.includes(action.tag)) tags.push(action.tag);
        break;
      case 'setPriority':
        if (priority === undefined || PRIORITIES.indexOf(action.priority) > PRIORITIES.indexOf(priority)) {
          priority = action.priority;
        }
        break;
      case 'holdForConsolidation': {
        const ruleIds = [...(consolidation?.ruleIds ?? []), action.ruleId];
        const kept = consolidation !== undefined && consolidation.days >= action.days ? consolidation : action;
        consolidation = { days: kept.days, ...(kept.reason === undefined ? {} : { reason: kept.reason }), ruleIds };
        break;
      }
    }
  }
  if (consolidation !== undefined) {
    // The hold rests on the hint, whether or not a condition read it.
    reader.read('repurchase.withinDays');
    reader.read('repurchase.hints');
  }
  const total = discounts.length === 0 ? 0 : reader.read('order.total');
  const applied = applyDiscounts(discounts, isNumber(total) ? total : 0);
  const deviations = priceDeviations(ruleSet, reader);
  if (deviations.length > 0) {
    const skus = deviations.map((d) => d.sku).join(', ');
    holdReasons.push({
      reason: `price check: ${skus} outside ${ruleSet.priceCheck?.tolerancePercent}% of list price`,
      ruleId: 'priceCheck',
    });
  }
  const effects: RuleEffects = {
    ...(approval === undefined ? {} : { approval }),
    ...(holdReasons.length === 0
      ? {}
      : {
          hold: {
            reason: holdReasons.map((h) => h.reason).join('; '),
            ruleIds: holdReasons.map((h) => h.ruleId),
          },
        }),
    giftLines,
    ...applied,
    notices,
    tags,
    ...(priority === undefined ? {} : { priority }),
    ...(consolidation === undefined ? {} : { consolidation }),
    ...(deviations.length === 0 || ruleSet.priceCheck === undefined
      ? {}
      : { priceCheck: { tolerancePercent: ruleSet.priceCheck.tolerancePercent, lines: deviations } }),
  };
  return { ruleSet: ruleSet.name, version, facts: reader.seen as RuleFacts, matched, effects };
}
