import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, compare, MoneyError, money, multiply, subtract, sum, zero } from './money.ts';

const eur = (amount: number) => money(amount, 'EUR');

describe('money', () => {
  it('builds amounts of integer minor units in a currency code', () => {
    expect(money(1999, 'EUR')).toEqual({ amount: 1999, currency: 'EUR' });
    expect(zero('JPY')).toEqual({ amount: 0, currency: 'JPY' });
    expect(() => money(19.99, 'EUR')).toThrow(MoneyError);
    expect(() => money(Number.MAX_SAFE_INTEGER + 1, 'EUR')).toThrow(MoneyError);
    expect(() => money(1, 'eur')).toThrow(MoneyError);
  });

  it('adds, subtracts, multiplies and compares within one currency', () => {
    expect(add(eur(150), eur(50))).toEqual(eur(200));
    expect(subtract(eur(50), eur(150))).toEqual(eur(-100));
    expect(multiply(eur(1500), 3)).toEqual(eur(4500));
    expect(compare(eur(1), eur(2))).toBeLessThan(0);
    expect(compare(eur(2), eur(2))).toBe(0);
    expect(sum([eur(1), eur(2), eur(3)], 'EUR')).toEqual(eur(6));
    expect(sum([], 'USD')).toEqual(zero('USD'));
  });

  it('refuses to mix currencies, fractional factors and overflow', () => {
    const usd = money(1, 'USD');
    expect(() => add(eur(1), usd)).toThrow(MoneyError);
    expect(() => subtract(eur(1), usd)).toThrow(MoneyError);
    expect(() => compare(eur(1), usd)).toThrow(MoneyError);
    expect(() => sum([eur(1), usd], 'EUR')).toThrow(MoneyError);
    expect(() => multiply(eur(1), 0.5)).toThrow(MoneyError);
    expect(() => multiply(eur(2 ** 30), 2 ** 30)).toThrow(MoneyError);
  });

  it('adding then subtracting gives the amount back', () => {
    const amount = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        expect(subtract(add(eur(a), eur(b)), eur(b))).toEqual(eur(a));
        expect(Math.sign(compare(eur(a), eur(b)))).toBe(Math.sign(a - b));
      }),
    );
  });
});
