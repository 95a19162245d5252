import { DEFAULT_RULE_SET, type RuleSetDocument } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { newAction } from './rule.actions.ts';
import { type ComparisonDraft, newComparison, opsForFact, valueKind, withFact, withOp } from './rule.conditions.ts';
import { buildRuleSet, newRule, problemsOfRefusal, problemsUnder, ruleIdFrom, ruleSetDraft } from './rule.document.ts';
import { formatMajor, parseMajor } from './rule.money.ts';

const finance = (value: string): RuleSetDocument =>
  buildRuleSet({
    name: 'finance',
    description: '',
    rules: [
      {
        ...newRule(),
        name: 'Finance approves orders above 5,000',
        when: { ...newComparison(), values: [value] },
        then: [{ type: 'requireApproval', fields: { role: 'finance', reason: 'order total above 5,000' } }],
      },
    ],
  }).document;

describe('money in the rule builder', () => {
  it('reads major units as typed and writes minor units, and back', () => {
    expect(parseMajor('5,000.00')).toBe(500_000);
    expect(parseMajor('5000')).toBe(500_000);
    expect(parseMajor(' 5000.5 ')).toBe(500_050);
    expect(parseMajor('0.01')).toBe(1);
    expect(parseMajor('5000', 0)).toBe(5_000);
    for (const bad of ['', 'abc', '5.001', '-1', '5,00', '1e5']) expect(parseMajor(bad), bad).toBeUndefined();
    expect(formatMajor(500_000)).toBe('5,000.00');
    expect(formatMajor(500_050, 2, false)).toBe('5000.50');
    expect(formatMajor(1_234_567_8, 0)).toBe('12,345,678');
  });
});

describe('the rule builder’s controls', () => {
  it('offers for each fact only the operators the server accepts for it, with a control of the right kind', () => {
    expect(opsForFact('order.total')).toEqual(['gt', 'gte', 'lt', 'lte', 'eq', 'neq', 'between']);
    expect(opsForFact('lines.tags')).toEqual(['contains']);
    expect(opsForFact('order.channel')).toEqual(['eq', 'neq', 'in', 'notIn']);
    expect(valueKind('order.total', 'gt')).toBe('money');
    expect(valueKind('order.total', 'between')).toBe('moneyRange');
    expect(valueKind('local.hour', 'between')).toBe('hourRange');
    expect(valueKind('order.channel', 'in')).toBe('choices');
    expect(valueKind('local.weekday', 'eq')).toBe('choice');
    expect(valueKind('destination.region', 'notIn')).toBe('texts');
    expect(valueKind('coupons.used', 'eq')).toBe('yesNo');
    expect(valueKind('lines.tags', 'contains')).toBe('texts');
  });

  it('keeps the operator and values while they still fit, and resets them when the fact or operator changes their kind', () => {
    const total: ComparisonDraft = { ...newComparison(), values: ['5000'] };
    expect(withOp(total, 'gte').values).toEqual(['5000']);
    expect(withOp(total, 'between').values).toEqual(['', '']);
    const channel = withFact(total, 'order.channel');
    expect(channel).toMatchObject({ fact: 'order.channel', op: 'eq', values: ['webshop'], currency: '' });
    expect(withFact({ ...total, op: 'lt' }, 'lines.count')).toMatchObject({ op: 'lt', values: [''] });
  });
});

describe('rule set document ↔ builder', () => {
  it('builds the 5,000 rule from the controls with the amount in minor units', () => {
    expect(finance('5,000.00').rules[0]).toEqual({
      id: 'finance-approves-orders-above-5-000',
      name: 'Finance approves orders above 5,000',
      when: { fact: 'order.total', op: 'gt', value: 500_000 },
      then: [{ type: 'requireApproval', role: 'finance', reason: 'order total above 5,000' }],
    });
  });

  it('gives back the default rule set unchanged after a round trip through the controls', () => {
    const { document, problems } = buildRuleSet(ruleSetDraft(DEFAULT_RULE_SET));
    expect(problems).toEqual([]);
    expect(document).toEqual(DEFAULT_RULE_SET);
  });

  it('round-trips nesting, negation, currencies, ranges and every action type', () => {
    const document: RuleSetDocument = {
      name: 'promo',
      description: 'all of it',
      priceCheck: { tolerancePercent: 10 },
      rules: [
        {
          id: 'r1',
          name: 'Everything',
          when: {
            all: [
              { fact: 'order.total', op: 'between', value: [10_000, 99_950], currency: 'BRL' },
              { not: { fact: 'lines.tags', op: 'contains', value: 'clearance' } },
              {
                any: [
                  { fact: 'lines.skus', op: 'contains', value: 'SKU-1' },
                  { fact: 'lines.skus', op: 'contains', value: 'SKU-2' },
                ],
              },
              { fact: 'destination.region', op: 'notIn', value: ['AC', 'AM'] },
              {
                any: [
                  { fact: 'local.hour', op: 'between', value: [0, 5] },
                  { fact: 'coupons.used', op: 'eq', value: true },
                ],
              },
              { not: { not: { fact: 'order.channel', op: 'in', value: ['webshop', 'tmall'] } } },
              { fact: 'order.total', op: 'gte', value: 5_000, currency: 'JPY' },
              { fact: 'repurchase.withinDays', op: 'lte', value: 3 },
            ],
          },
          then: [
            { type: 'requireApproval', role: 'risk', reason: 'r' },
            { type: 'hold', reason: 'h' },
            { type: 'addGiftLine', sku: 'G', name: 'Gift', quantity: 2 },
            { type: 'discount', kind: 'percentage', value: 12.5, cap: 5_000, stackingOrder: 1, exclusive: true },
            { type: 'discount', kind: 'amount', value: 1_050, stackingOrder: 2 },
            { type: 'notice', code: 'n', text: 'Note', audience: 'staff' },
            { type: 'tag', tag: 'big' },
            { type: 'setPriority', priority: 'urgent' },
            { type: 'holdForConsolidation', days: 5, reason: 'ship with the next order' },
            { type: 'holdForConsolidation', days: 1 },
          ],
        },
      ],
    };
    const draft = ruleSetDraft(document);
    const built = buildRuleSet(draft);
    expect(built.problems).toEqual([]);
    expect(built.document).toEqual(document);
  });

  it('writes several chips of a list fact as any one of them included, and reads that back as chips', () => {
    const draft = { ...newComparison('lines.tags'), values: ['clearance', 'outlet'] };
    const { document } = buildRuleSet({
      name: 'tags',
      description: '',
      rules: [{ ...newRule(), name: 'Tagged', when: draft, then: [{ type: 'tag', fields: { tag: 'sale' } }] }],
    });
    expect(document.rules[0]?.when).toEqual({
      any: [
        { fact: 'lines.tags', op: 'contains', value: 'clearance' },
        { fact: 'lines.tags', op: 'contains', value: 'outlet' },
      ],
    });
    expect(ruleSetDraft(document).rules[0]?.when).toEqual(draft);
    const one = buildRuleSet({
      name: 'tags',
      description: '',
      rules: [{ ...newRule(), name: 'T', when: { ...draft, values: ['outlet'] }, then: [newAction('hold')] }],
    });
    expect(one.document.rules[0]?.when).toEqual({ fact: 'lines.tags', op: 'contains', value: 'outlet' });
    const none = buildRuleSet({
      name: 'tags',
      description: '',
      rules: [{ ...newRule(), name: 'T', when: { ...draft, values: [] }, then: [newAction('hold')] }],
    });
    expect(none.problems).toEqual([{ field: '/rules/0/when/value', problem: 'add at least one value' }]);
  });

  it('says what is wrong at the pointer of the control, before anything is sent', () => {
    const rule = newRule();
    const { problems } = buildRuleSet({
      name: 'Bad Name',
      description: '',
      rules: [
        {
          ...rule,
          name: 'x',
          when: { kind: 'group', join: 'any', negated: true, children: [{ ...newComparison(), values: ['lots'] }] },
          then: [newAction('addGiftLine')],
        },
      ],
    });
    expect(problems).toEqual([{ field: '/rules/0/when/not/any/0/value', problem: expect.stringContaining('5000') }]);
    // Once every control reads, the server's own validation speaks, at the same pointers.
    const readable = buildRuleSet({
      name: 'Bad Name',
      description: '',
      rules: [{ ...rule, name: 'x', when: { ...newComparison(), values: ['10'] }, then: [newAction('addGiftLine')] }],
    });
    expect(readable.problems.map((p) => p.field)).toEqual(['/name', '/rules/0/then/0/sku', '/rules/0/then/0/name']);
    expect(problemsUnder(readable.problems, '/rules/0/then/0').length).toBe(2);
  });

  it('makes unique rule ids from names, and reads the problems of an API refusal', () => {
    expect(ruleIdFrom('Ask finance!', new Set(['ask-finance']))).toBe('ask-finance-2');
    expect(ruleIdFrom('***')).toBe('rule');
    expect(problemsOfRefusal({ problems: [{ field: '/rules/0/id', problem: 'used twice' }] }, 'm')).toEqual([
      { field: '/rules/0/id', problem: 'used twice' },
    ]);
    expect(problemsOfRefusal({ field: '/name' }, 'named x')).toEqual([{ field: '/name', problem: 'named x' }]);
  });
});
