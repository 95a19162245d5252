import { describe, expect, it } from 'vitest';
import { riskFactsInWords } from './risk.facts.ts';

describe('a risk hold’s facts in words', () => {
  it('names the addresses, orders, coupons, amount, window, orders counted and the rule', () => {
    const lines = riskFactsInWords({
      riskRuleVersion: 1,
      thresholds: { minDistinctAddresses: 3, windowHours: 24, allWithCoupons: true },
      window: { since: '2026-03-01T09:00:00.000Z', until: '2026-03-02T09:00:00.000Z', hours: 24 },
      facts: {
        distinctAddresses: 3,
        addresses: ['a', 'b', 'c'],
        orders: 3,
        ordersWithCoupons: 2,
        coupons: ['WELCOME10', 'SPRING'],
        amount: { EUR: 12_345 },
      },
      orders: ['o-1', 'o-2', 'o-3'],
    });
    expect(lines[0]).toBe('3 delivery addresses within 24 h');
    expect(lines[1]).toBe('3 orders, 2 with coupons (WELCOME10, SPRING)');
    expect(lines[2]).toMatch(/^worth .*123\.45/);
    expect(lines[3]).toMatch(/^window /);
    expect(lines.slice(4)).toEqual([
      'orders counted: o-1, o-2, o-3',
      'rule v1: 3 addresses or more in 24 h, every order with a coupon',
    ]);
  });

  it('leaves out what the facts do not say, and counts one address as one', () => {
    expect(riskFactsInWords({ facts: { distinctAddresses: 1, orders: 1 } })).toEqual([
      '1 delivery address',
      '1 order, 0 with coupons',
    ]);
  });
});
