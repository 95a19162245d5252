import type { OrderEventDataMap } from '../order/order.events.ts';
import type { RuleFacts, RuleSetDocument } from './rule-set.types.ts';
import { evaluateRules, type RuleEffects, type RulesEvaluation } from './rules.evaluate.ts';
import { placedOrderFacts } from './rules.facts.ts';

/** An order as its stream recorded it at placement: what a dry-run reads, never live data. */
export interface RecordedPlacement {
  readonly orderId: string;
  readonly placed: OrderEventDataMap['OrderPlaced'];
  readonly applied: readonly OrderEventDataMap['RulesApplied'][];
}

/** One way a version would decide an order differently from what was recorded. */
export interface RuleDifference {
  readonly field:
    | 'matched'
    | 'approval'
    | 'hold'
    | 'consolidation'
    | 'giftLines'
    | 'discountTotal'
    | 'notices'
    | 'tags'
    | 'priority';
  readonly recorded: unknown;
  readonly wouldBe: unknown;
}

/** What a rule set version would do to one recorded order, next to what was recorded then. */
export interface DryRunOrder {
  readonly orderId: string;
  /** The same set's evaluation as recorded at placement; absent when the set was not evaluated then. */
  readonly recorded?: { readonly version: number; readonly matched: readonly string[]; readonly effects: RuleEffects };
  readonly wouldBe: RulesEvaluation;
  readonly differences: readonly RuleDifference[];
}

const NO_EFFECTS: RuleEffects = { giftLines: [], discounts: [], discountTotal: 0, notices: [], tags: [] };

/** The parts of effects that change what happens to an order, comparable with deep equality. */
function outcome(matched: readonly string[], effects: RuleEffects): Record<RuleDifference['field'], unknown> {
  return {
    matched: [...matched],
    approval: effects.approval === undefined ? null : { role: effects.approval.role, reason: effects.approval.reason },
    hold: effects.hold?.reason ?? null,
    consolidation: effects.consolidation?.days ?? null,
    giftLines: effects.giftLines.map(({ sku, quantity }) => ({ sku, quantity })),
    discountTotal: effects.discountTotal,
    notices: effects.notices.map((n) => n.code),
    tags: [...effects.tags],
    priority: effects.priority ?? null,
  };
}

/**
 * The facts an order had at placement: every fact its OrderPlaced gives (the local time of
 * `placedAt` in `timeZone`), overlaid by the facts every rule set recorded then (catalogue tags
 * and prices, the local time, the repurchase hint as read then), so nothing is looked up today:
 * an order no rule read the repurchase hint for has none here.
 */
export function recordedFacts(order: RecordedPlacement, timeZone: string): RuleFacts {
  const base = placedOrderFacts(order.placed, { at: order.placed.placedAt, timeZone });
  return Object.assign({}, base, ...order.applied.map((applied) => applied.facts)) as RuleFacts;
}

/**
 * Evaluates `document` (version `version` of its set) against recorded orders and lists, per
 * order, how it would differ from what the set recorded then. Nothing is recorded.
 */
export function dryRunRuleSet(
  document: RuleSetDocument,
  version: number,
  orders: readonly RecordedPlacement[],
  timeZone: string,
): DryRunOrder[] {
  return orders.map((order) => {
    const wouldBe = evaluateRules(document, version, recordedFacts(order, timeZone));
    const then = order.applied.find((a) => a.ruleSet === document.name);
    const before = outcome(then?.matched ?? [], then?.effects ?? NO_EFFECTS);
    const after = outcome(
      wouldBe.matched.map((m) => m.ruleId),
      wouldBe.effects,
    );
    const differences = (Object.keys(before) as RuleDifference['field'][])
      .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      .map((field) => ({ field, recorded: before[field], wouldBe: after[field] }));
    return {
      orderId: order.orderId,
      ...(then === undefined
        ? {}
        : { recorded: { version: then.version, matched: then.matched, effects: then.effects } }),
      wouldBe,
      differences,
    };
  });
}
