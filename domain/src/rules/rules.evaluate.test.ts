import { describe, expect, it } from 'vitest';
import type { Action, Rule, RuleSetDocument } from './rule-set.types.ts';
import { evaluateRules } from './rules.evaluate.ts';
import { localTime } from './rules.facts.ts';

const always = { fact: 'lines.count', op: 'gte', value: 0 } as const;
const set = (rules: Rule[], priceCheck?: { tolerancePercent: number }): RuleSetDocument => ({
  name: 'test',
  description: '',
  rules,
  ...(priceCheck === undefined ? {} : { priceCheck }),
});
const rule = (id: string, then: Action[], when: Rule['when'] = always): Rule => ({ id, name: id, when, then });
const discount = (kind: 'percentage' | 'amount', value: number, stackingOrder: number, extra = {}): Action => ({
  type: 'discount',
  kind,
  value,
  stackingOrder,
  ...extra,
});

describe('evaluateRules', () => {
  it('applies discounts in stacking order, each on what is left, with caps', () => {
    const rules = [rule('a', [discount('amount', 1_000, 2)]), rule('p', [discount('percentage', 10, 1, { cap: 500 })])];
    const { effects } = evaluateRules(set(rules), 1, { 'order.total': 10_000, 'lines.count': 1 });
    // 10% of 10,000 is 1,000, capped at 500; then 1,000 off the 9,500 left.
    expect(effects.discounts.map((d) => [d.ruleId, d.amount])).toEqual([
      ['p', 500],
      ['a', 1_000],
    ]);
    expect(effects.discountTotal).toBe(1_500);
  });

  it('never discounts below zero, and an exclusive discount applies alone', () => {
    const big = evaluateRules(set([rule('a', [discount('amount', 9_000, 1), discount('amount', 9_000, 2)])]), 1, {
      'order.total': 10_000,
      'lines.count': 1,
    });
    expect(big.effects.discounts.map((d) => d.amount)).toEqual([9_000, 1_000]);
    const exclusive = evaluateRules(
      set([rule('a', [discount('percentage', 50, 2, { exclusive: true }), discount('amount', 100, 1)])]),
      1,
      { 'order.total': 10_000, 'lines.count': 1 },
    );
    expect(exclusive.effects.discounts.map((d) => d.amount)).toEqual([5_000]);
  });

  it('combines all, any and not, and records exactly the facts read', () => {
    const when = {
      all: [
        { fact: 'order.channel', op: 'in', value: ['tmall', 'douyin'] },
        { not: { fact: 'coupons.used', op: 'eq', value: true } },
        {
          any: [
            { fact: 'lines.tags', op: 'contains', value: 'fragile' },
            { fact: 'local.hour', op: 'between', value: [22, 23] },
          ],
        },
      ],
    } as const;
    const evaluation = evaluateRules(
      set([
        rule(
          'r',
          [
            { type: 'tag', tag: 'care' },
            { type: 'setPriority', priority: 'high' },
          ],
          when,
        ),
      ]),
      3,
      {
        'order.channel': 'tmall',
        'coupons.used': false,
        'lines.tags': ['fragile'],
        'local.hour': 9,
        'customer.tier': 'vip',
      },
    );
    expect(evaluation.matched.map((m) => m.ruleId)).toEqual(['r']);
    expect(evaluation.facts).toEqual({ 'order.channel': 'tmall', 'coupons.used': false, 'lines.tags': ['fragile'] });
    expect(evaluation.effects).toMatchObject({ tags: ['care'], priority: 'high' });
    expect(evaluation.version).toBe(3);
  });

  it('matches an order.total condition with a currency only for orders in that currency', () => {
    const rules = [
      rule('brl', [{ type: 'hold', reason: 'big BRL' }], {
        fact: 'order.total',
        op: 'gt',
        value: 100,
        currency: 'BRL',
      }),
    ];
    expect(evaluateRules(set(rules), 1, { 'order.total': 500, 'order.currency': 'BRL' }).effects.hold?.reason).toBe(
      'big BRL',
    );
    expect(evaluateRules(set(rules), 1, { 'order.total': 500, 'order.currency': 'EUR' }).effects.hold).toBeUndefined();
  });

  it('holds lines priced outside the price check tolerance, with the list price seen', () => {
    const facts = {
      'lines.prices': [
        { lineId: '1', sku: 'A', unitPrice: 900, listPrice: 1_000 },
        { lineId: '2', sku: 'B', unitPrice: 1_200, listPrice: 1_000 },
        { lineId: '3', sku: 'C', unitPrice: 5 },
      ],
    };
    const { effects } = evaluateRules(set([], { tolerancePercent: 10 }), 1, facts);
    expect(effects.priceCheck?.lines).toEqual([
      { lineId: '2', sku: 'B', unitPrice: 1_200, listPrice: 1_000, deviationPercent: 20 },
    ]);
    expect(effects.hold).toEqual({ reason: 'price check: B outside 10% of list price', ruleIds: ['priceCheck'] });
  });

  it('reads the local hour and weekday in the business time zone', () => {
    expect(localTime('2026-12-04T02:30:00.000Z', 'America/Sao_Paulo')).toEqual({ hour: 23, weekday: 'thu' });
    expect(localTime('2026-12-04T02:30:00.000Z', 'Asia/Shanghai')).toEqual({ hour: 10, weekday: 'fri' });
  });
});
