import { DEFAULT_RULE_SET } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { actionWords, conditionWords, differenceWords, ruleWords } from './rule.words.ts';

describe('rules in words', () => {
  it('says the default rules as an operator would', () => {
    expect(DEFAULT_RULE_SET.rules.map(ruleWords)).toEqual([
      'When order total is above 5,000.00 → ask finance to approve: order total above 5,000',
      'When (destination country is BR and destination region is one of AC, AM, AP, RO, RR) or ' +
        '(destination country is CN and destination region is one of XZ, XJ, QH) → tell the customer: Delivery to a ' +
        'remote area: the carrier may charge a surcharge and take longer. (remote-area-surcharge)',
      'When customer tier is vip → add a gift: 1 × VIP welcome gift (GIFT-VIP)',
    ]);
  });

  it('says negation, ranges, currencies, coupons and discounts', () => {
    expect(
      conditionWords({
        all: [
          { not: { fact: 'lines.tags', op: 'contains', value: 'clearance' } },
          { fact: 'order.total', op: 'between', value: [100_000, 200_000], currency: 'CNY' },
          { fact: 'coupons.used', op: 'eq', value: false },
        ],
      }),
    ).toBe(
      'not product tags include clearance and order total in CNY is between 1,000.00 and 2,000.00 and no coupon is used',
    );
    expect(
      conditionWords({
        any: [
          { fact: 'lines.skus', op: 'contains', value: 'SKU-1' },
          { fact: 'lines.skus', op: 'contains', value: 'SKU-2' },
        ],
      }),
    ).toBe('SKUs ordered include any of SKU-1, SKU-2');
    expect(actionWords({ type: 'discount', kind: 'percentage', value: 10, cap: 5_000, stackingOrder: 1 })).toBe(
      'take 10% off, at most 50.00 (stacking 1)',
    );
    expect(actionWords({ type: 'discount', kind: 'amount', value: 1_000, stackingOrder: 2, exclusive: true })).toBe(
      'take 10.00 off (stacking 2, alone)',
    );
    expect(actionWords({ type: 'setPriority', priority: 'urgent' })).toBe('give it urgent priority');
    expect(actionWords({ type: 'holdForConsolidation', days: 5, reason: 'coffee every week' })).toBe(
      'hold up to 5 days to ship with the customer’s next order: coffee every week',
    );
    expect(conditionWords({ fact: 'repurchase.withinDays', op: 'lte', value: 3 })).toBe(
      'days until the customer likely reorders is at most 3',
    );
  });

  it('says what a dry-run would change for an order', () => {
    expect(differenceWords({ field: 'consolidation', recorded: null, wouldBe: 5 })).toBe(
      'held to ship with the next order: none → up to 5 days',
    );
    expect(
      differenceWords({
        field: 'approval',
        recorded: null,
        wouldBe: { role: 'finance', reason: 'order total above 5,000' },
      }),
    ).toBe('approval: none → finance approves (order total above 5,000)');
    expect(differenceWords({ field: 'giftLines', recorded: [], wouldBe: [{ sku: 'G', quantity: 2 }] })).toBe(
      'gifts: none → 2 × G',
    );
    expect(differenceWords({ field: 'discountTotal', recorded: 0, wouldBe: 1_500 })).toBe('discount: none → 15.00');
    expect(differenceWords({ field: 'matched', recorded: ['a'], wouldBe: ['a', 'b'] })).toBe('rules matched: a → a, b');
  });
});
