import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Action,
  type Condition,
  type FactCondition,
  PRIORITIES,
  type Rule,
  type RuleFacts,
  type RuleSetDocument,
} from './rule-set.types.ts';
import { validateRuleSet } from './rule-set.validate.ts';
import { evaluateRules } from './rules.evaluate.ts';
import { rulesScreening } from './rules.screening.ts';

const TIERS = ['vip', 'gold', 'basic'] as const;
const CHANNELS = ['tmall', 'webshop', 'pos'] as const;
const TAGS = ['fragile', 'cold', 'big'] as const;
const REGIONS = ['AM', 'SP', 'XZ'] as const;

const comparison: fc.Arbitrary<FactCondition> = fc.oneof(
  fc.record({
    fact: fc.constantFrom('order.total' as const, 'lines.count' as const, 'local.hour' as const),
    op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const, 'eq' as const),
    value: fc.integer({ min: 0, max: 20_000 }),
  }),
  fc.record({
    fact: fc.constant('order.total' as const),
    op: fc.constant('between' as const),
    value: fc.tuple(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 5_000, max: 20_000 })),
  }),
  fc.record({
    fact: fc.constant('customer.tier' as const),
    op: fc.constantFrom('eq' as const, 'neq' as const),
    value: fc.constantFrom(...TIERS),
  }),
  fc.record({
    fact: fc.constant('destination.region' as const),
    op: fc.constantFrom('in' as const, 'notIn' as const),
    value: fc.subarray([...REGIONS]),
  }),
  fc.record({
    fact: fc.constant('order.channel' as const),
    op: fc.constant('eq' as const),
    value: fc.constantFrom(...CHANNELS),
  }),
  fc.record({
    fact: fc.constant('lines.tags' as const),
    op: fc.constant('contains' as const),
    value: fc.constantFrom(...TAGS),
  }),
  fc.record({ fact: fc.constant('coupons.used' as const), op: fc.constant('eq' as const), value: fc.boolean() }),
  fc.record({
    fact: fc.constant('repurchase.withinDays' as const),
    op: fc.constantFrom('lte' as const, 'lt' as const, 'gt' as const),
    value: fc.integer({ min: 0, max: 10 }),
  }),
);

const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.record({ all: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('c') }),
  ),
})).c;

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    type: fc.constant('requireApproval' as const),
    role: fc.constantFrom('finance', 'risk'),
    reason: fc.constant('check'),
  }),
  fc.record({ type: fc.constant('hold' as const), reason: fc.constantFrom('look', 'wait') }),
  fc.record({
    type: fc.constant('addGiftLine' as const),
    sku: fc.constantFrom('G1', 'G2'),
    name: fc.constant('Gift'),
    quantity: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record(
    {
      type: fc.constant('discount' as const),
      kind: fc.constant('percentage' as const),
      value: fc.integer({ min: 1, max: 100 }),
      cap: fc.integer({ min: 0, max: 5_000 }),
      stackingOrder: fc.integer({ min: 0, max: 5 }),
      exclusive: fc.boolean(),
    },
    { requiredKeys: ['type', 'kind', 'value', 'stackingOrder'] },
  ),
  fc.record({
    type: fc.constant('discount' as const),
    kind: fc.constant('amount' as const),
    value: fc.integer({ min: 1, max: 30_000 }),
    stackingOrder: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({
    type: fc.constant('notice' as const),
    code: fc.constantFrom('n1', 'n2'),
    text: fc.constant('note'),
    audience: fc.constantFrom('customer' as const, 'staff' as const),
  }),
  fc.record({ type: fc.constant('tag' as const), tag: fc.constantFrom(...TAGS) }),
  fc.record({ type: fc.constant('setPriority' as const), priority: fc.constantFrom(...PRIORITIES) }),
  fc.record(
    {
      type: fc.constant('holdForConsolidation' as const),
      days: fc.integer({ min: 1, max: 14 }),
      reason: fc.constantFrom('one parcel', 'wait'),
    },
    { requiredKeys: ['type', 'days'] },
  ),
);

const hint = fc.record({
  sku: fc.constantFrom('X', 'Y'),
  purchases: fc.integer({ min: 3, max: 9 }),
  medianDays: fc.integer({ min: 1, max: 60 }),
  lastPurchase: fc.constant('2026-03-01T09:00:00.000Z'),
  expectedNext: fc.constant('2026-03-05T09:00:00.000Z'),
  withinDays: fc.integer({ min: 0, max: 10 }),
});

const ruleSet: fc.Arbitrary<RuleSetDocument> = fc
  .array(fc.record({ when: condition, then: fc.array(action, { minLength: 1, maxLength: 3 }) }), { maxLength: 5 })
  .map((rules) => ({
    name: 'random',
    description: '',
    rules: rules.map((r, i): Rule => ({ id: `r${i}`, name: `rule ${i}`, ...r })),
  }));

const facts: fc.Arbitrary<RuleFacts> = fc.record(
  {
    'order.total': fc.integer({ min: 0, max: 20_000 }),
    'order.currency': fc.constantFrom('BRL', 'CNY'),
    'order.channel': fc.constantFrom(...CHANNELS),
    'customer.tier': fc.constantFrom(...TIERS),
    'destination.region': fc.constantFrom(...REGIONS),
    'lines.count': fc.integer({ min: 1, max: 5 }),
    'lines.tags': fc.subarray([...TAGS]),
    'coupons.used': fc.boolean(),
    'local.hour': fc.integer({ min: 0, max: 23 }),
    'repurchase.withinDays': fc.integer({ min: 0, max: 10 }),
    'repurchase.hints': fc.array(hint, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['order.total', 'lines.count'] },
);

describe('rule evaluation (properties)', () => {
  it('is deterministic, and the recorded facts alone give the recorded decision', () => {
    fc.assert(
      fc.property(ruleSet, facts, (document, orderFacts) => {
        expect(validateRuleSet(document)).toEqual([]);
        const first = evaluateRules(document, 7, orderFacts);
        expect(evaluateRules(document, 7, structuredClone(orderFacts))).toEqual(first);
        // A replay or an audit has only what was recorded: it must reach the same decision.
        const recorded = JSON.parse(JSON.stringify(first)) as typeof first;
        expect(evaluateRules(document, 7, recorded.facts)).toEqual(recorded);
        // So does what the order records from it: the hold, for consolidation or not, and its until.
        const placedAt = '2026-03-02T09:00:00.000Z';
        expect(rulesScreening([evaluateRules(document, 7, recorded.facts)], placedAt)).toEqual(
          JSON.parse(JSON.stringify(rulesScreening([first], placedAt))),
        );
        // A hold for consolidation records the hint it rests on.
        if (first.effects.consolidation !== undefined)
          expect(first.facts['repurchase.hints']).toEqual(orderFacts['repurchase.hints']);
        for (const [name, value] of Object.entries(first.facts))
          expect(orderFacts[name as keyof RuleFacts]).toEqual(value);
        expect(first.effects.discountTotal).toBeLessThanOrEqual(Math.max(0, orderFacts['order.total'] as number));
        expect(first.effects.discounts.every((d) => d.amount >= 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
