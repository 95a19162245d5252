import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from './rule-set.types.ts';
import { validateRuleSet } from './rule-set.validate.ts';

describe('validateRuleSet', () => {
  it('accepts the default rule set', () => {
    expect(validateRuleSet(DEFAULT_RULE_SET)).toEqual([]);
  });

  it('lists every problem with its JSON pointer', () => {
    const problems = validateRuleSet({
      name: 'Bad Name',
      description: 'x',
      priceCheck: { tolerancePercent: -1 },
      rules: [
        {
          id: 'a',
          name: 'a',
          when: {
            all: [
              { fact: 'customer.tier', op: 'gt', value: 3 },
              { any: [] },
              { not: { fact: 'order.total', op: 'between', value: [5, 1] } },
            ],
          },
          then: [
            { type: 'discount', kind: 'percentage', value: 120, stackingOrder: 1.5 },
            { type: 'notice', code: 'n', text: 't', audience: 'everyone' },
            { type: 'explode' },
          ],
        },
        {
          id: 'a',
          name: 'dup',
          when: { fact: 'order.total', op: 'gt', value: 1, currency: 'eur' },
          then: [{ type: 'setPriority', priority: 'max' }],
        },
      ],
    });
    expect(problems.map((p) => p.field)).toEqual([
      '/name',
      '/priceCheck/tolerancePercent',
      '/rules/0/when/all/0/op',
      '/rules/0/when/all/1/any',
      '/rules/0/when/all/2/not/value',
      '/rules/0/then/0/value',
      '/rules/0/then/0/stackingOrder',
      '/rules/0/then/1/audience',
      '/rules/0/then/2/type',
      '/rules/1/id',
      '/rules/1/when/currency',
      '/rules/1/then/0/priority',
    ]);
    expect(problems.find((p) => p.field === '/rules/1/id')?.problem).toBe('rule id a is used twice');
  });
});
