import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING_POLICY } from './routing.policy.ts';
import { formatMoney, quote, tariffFor } from './routing.tariff.ts';

describe('formatMoney', () => {
  it('prints the symbol of the common currencies and the code of any other', () => {
    expect(formatMoney({ amount: 1_850, currency: 'BRL' })).toBe('R$ 18.50');
    expect(formatMoney({ amount: 1_000, currency: 'CNY' })).toBe('¥ 10.00');
    expect(formatMoney({ amount: 305, currency: 'USD' })).toBe('$ 3.05');
    expect(formatMoney({ amount: 7, currency: 'EUR' })).toBe('€ 0.07');
    expect(formatMoney({ amount: 720, currency: 'GBP' })).toBe('GBP 7.20');
    expect(formatMoney({ amount: -1_500, currency: 'BRL' })).toBe('-R$ 15.00');
  });

  it('keeps ¥ for the yuan and prints the decimals each currency has', () => {
    expect(formatMoney({ amount: 1_500, currency: 'JPY' })).toBe('JPY 1500');
    expect(formatMoney({ amount: 1_500, currency: 'KWD' })).toBe('KWD 1.500');
  });
});

describe('tariffFor', () => {
  it('finds the destination country tariff for a location in that country only', () => {
    expect(tariffFor(DEFAULT_ROUTING_POLICY, 'CN', 'CN')).toEqual({ tariff: DEFAULT_ROUTING_POLICY.tariffs.CN });
    expect(tariffFor(DEFAULT_ROUTING_POLICY, 'br', 'BR')).toEqual({ tariff: DEFAULT_ROUTING_POLICY.tariffs.BR });
    expect(tariffFor(DEFAULT_ROUTING_POLICY, 'BR', 'CN')).toEqual({ reason: 'no tariff from BR to CN' });
    expect(tariffFor(DEFAULT_ROUTING_POLICY, 'US', 'US')).toEqual({ reason: 'no tariff from US to US' });
  });

  it('lets a tariff ship from the countries its `from` names', () => {
    const policy = {
      ...DEFAULT_ROUTING_POLICY,
      tariffs: { ...DEFAULT_ROUTING_POLICY.tariffs, BR: { ...DEFAULT_ROUTING_POLICY.tariffs.BR!, from: ['AR', 'UY'] } },
    };
    expect(tariffFor(policy, 'UY', 'BR')).toEqual({ tariff: policy.tariffs.BR });
    expect(tariffFor(policy, 'PY', 'BR')).toEqual({ reason: 'no tariff from PY to BR' });
  });
});

describe('the default CN tariff', () => {
  const cn = DEFAULT_ROUTING_POLICY.tariffs.CN!;

  it('charges the first kilogram and each started one after it', () => {
    expect(quote(cn, 'standard', 40, 1_000)).toEqual({ service: 'standard', price: 800, transitDays: 1 });
    expect(quote(cn, 'standard', 40, 4_200)).toEqual({ service: 'standard', price: 1_200, transitDays: 1 });
    expect(quote(cn, 'express', 1_800, 2_000)).toEqual({ service: 'express', price: 2_200 + 4 * 800, transitDays: 2 });
    expect(quote(cn, 'express', 4_000, 31_500)).toEqual({
      service: 'express',
      price: 2_600 + 29 * 1_500 + 2 * 1_500,
      transitDays: 3,
    });
    expect(quote(cn, 'standard', 5_200, 1_000)).toBeUndefined();
  });
});
