import { describe, expect, it } from 'vitest';
import { accountVelocity, addressFingerprint, type RiskPlacement } from './account-velocity.ts';
import { riskHold, riskHoldFacts } from './risk.hold.ts';
import { DEFAULT_RISK_THRESHOLDS, evaluateRiskRule, type RiskThresholds } from './risk.rule.ts';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const hoursLater = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();
const ADDRESSES = ['CN|200000|1 bund road', 'CN|200001|2 nanjing road', 'CN|200002|3 huaihai road'];

function placement(n: number, atHours: number, options: { address?: string; coupons?: string[] } = {}): RiskPlacement {
  return {
    orderId: `o-${n}`,
    placedAt: hoursLater(atHours),
    address: options.address ?? ADDRESSES[n % ADDRESSES.length] ?? 'x',
    coupons: options.coupons ?? ['WELCOME10'],
    amount: { amount: 1000, currency: 'CNY' },
  };
}

/** given(earlier placements).when(the order placed).then(verdict): the order itself is counted. */
function given(earlier: RiskPlacement[], thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS) {
  return {
    when(placing: RiskPlacement) {
      const facts = accountVelocity([...earlier, placing], placing.placedAt, thresholds.windowHours);
      return evaluateRiskRule(facts, thresholds);
    },
  };
}

describe('the default risk rule', () => {
  it('holds the third order to a third address within 24 h, every one with a coupon', () => {
    const verdict = given([placement(0, 0), placement(1, 5)]).when(placement(2, 10));
    expect(verdict.hold).toBe(true);
    expect(verdict.reason).toBe('risk: 3 delivery addresses within 24 h, every one of 3 orders with a coupon');
    expect(verdict.facts).toMatchObject({
      distinctAddresses: 3,
      orders: 3,
      ordersWithCoupons: 3,
      coupons: ['WELCOME10'],
      amount: { CNY: 3000 },
      orderIds: ['o-0', 'o-1', 'o-2'],
      since: hoursLater(-14),
      until: hoursLater(10),
    });
  });

  it('does not hold two addresses, however many orders', () => {
    const a = ADDRESSES[0];
    const b = ADDRESSES[1];
    const verdict = given([placement(0, 0, { address: a }), placement(1, 1, { address: b })]).when(
      placement(2, 2, { address: a }),
    );
    expect(verdict.hold).toBe(false);
    expect(verdict.facts).toMatchObject({ distinctAddresses: 2, orders: 3 });
    expect(verdict.reason).toBe('risk: 2 delivery addresses within 24 h, below 3');
  });

  it('does not hold three addresses when one order used no coupon', () => {
    const verdict = given([placement(0, 0), placement(1, 1, { coupons: [] })]).when(placement(2, 2));
    expect(verdict.hold).toBe(false);
    expect(verdict.facts).toMatchObject({ distinctAddresses: 3, orders: 3, ordersWithCoupons: 2 });
    expect(verdict.reason).toContain('1 of 3 orders without a coupon');
  });

  it('holds three addresses without coupons when the coupon condition is off', () => {
    const thresholds = { ...DEFAULT_RISK_THRESHOLDS, allWithCoupons: false };
    const verdict = given([placement(0, 0, { coupons: [] }), placement(1, 1, { coupons: [] })], thresholds).when(
      placement(2, 2, { coupons: [] }),
    );
    expect(verdict.hold).toBe(true);
  });

  it('does not count an order more than 24 h old', () => {
    const verdict = given([placement(0, 0), placement(1, 20)]).when(placement(2, 24.5));
    expect(verdict.hold).toBe(false);
    expect(verdict.facts.orderIds).toEqual(['o-1', 'o-2']);
  });

  it('leaves out an order exactly 24 h old (the window is open at its start) and counts one a millisecond younger', () => {
    const exactly = given([placement(0, 0), placement(1, 20)]).when(placement(2, 24));
    expect(exactly.hold).toBe(false);
    expect(exactly.facts.distinctAddresses).toBe(2);
    const younger = given([placement(0, 0), placement(1, 20)]).when(placement(2, 24 - 1 / 3_600_000));
    expect(younger.hold).toBe(true);
  });

  it('counts an order placed twice (the same id seen again) once, and nothing placed after the instant', () => {
    const verdict = given([placement(0, 0), placement(0, 0), placement(1, 30)]).when(placement(2, 1));
    expect(verdict.facts).toMatchObject({ orders: 2, orderIds: ['o-0', 'o-2'] });
  });

  it('keeps the amount per currency', () => {
    const usd = { ...placement(1, 1), amount: { amount: 250, currency: 'USD' } };
    expect(given([placement(0, 0), usd]).when(placement(2, 2)).facts.amount).toEqual({ CNY: 2000, USD: 250 });
  });
});

describe('addressFingerprint', () => {
  it('is the same for the same door typed differently, and differs for another postal code', () => {
    const typed = addressFingerprint({ country: 'CN', postalCode: '200 000', line1: '  1  Bund Road ' });
    expect(typed).toBe(addressFingerprint({ country: 'cn', postalCode: '200000', line1: '1 bund road' }));
    expect(typed).not.toBe(addressFingerprint({ country: 'CN', postalCode: '200001', line1: '1 bund road' }));
  });
});

describe('riskHold', () => {
  it('records the rule version, thresholds, window, counts and orders, marked as taken by risk', () => {
    const verdict = given([placement(0, 0), placement(1, 5)]).when(placement(2, 10));
    const hold = riskHold(verdict, DEFAULT_RISK_THRESHOLDS, 'c-1');
    expect(hold.facts).toMatchObject({
      source: 'risk',
      riskRuleVersion: 1,
      thresholds: DEFAULT_RISK_THRESHOLDS,
      window: { since: hoursLater(-14), until: hoursLater(10), hours: 24 },
      facts: { distinctAddresses: 3, orders: 3, ordersWithCoupons: 3 },
      orders: ['o-0', 'o-1', 'o-2'],
      customerId: 'c-1',
    });
    expect(riskHoldFacts(hold.facts)).toBe(hold.facts);
    expect(riskHoldFacts({ risk: hold.facts, rules: {} })).toBe(hold.facts);
    expect(riskHoldFacts({ source: 'rules' })).toBeUndefined();
    expect(riskHoldFacts(undefined)).toBeUndefined();
  });
});

describe('accountVelocity', () => {
  it('lists addresses, coupons and orders in order of first use, an order given twice counted once', () => {
    const [a, b] = ADDRESSES;
    const placements = [
      placement(3, 3, { address: a, coupons: ['B', 'A'] }),
      placement(1, 1, { address: b, coupons: ['A'] }),
      placement(2, 2, { address: b, coupons: [] }),
      placement(1, 1, { address: b, coupons: ['A'] }),
    ];
    expect(accountVelocity(placements, hoursLater(3), 24)).toMatchObject({
      addresses: [b, a],
      distinctAddresses: 2,
      coupons: ['A', 'B'],
      ordersWithCoupons: 2,
      orders: 3,
      orderIds: ['o-1', 'o-2', 'o-3'],
      amount: { CNY: 3000 },
    });
  });
});
