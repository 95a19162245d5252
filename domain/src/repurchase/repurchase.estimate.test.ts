import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  estimateRepurchase,
  isLikelyToReorderWithin,
  median,
  repurchaseFacts,
  repurchaseHint,
} from './repurchase.estimate.ts';

const T0 = Date.parse('2026-11-01T10:00:00.000Z');
const day = (days: number) => new Date(T0 + days * 86_400_000).toISOString();

describe('the repurchase estimate', () => {
  it('needs three purchases (two intervals): fewer give none', () => {
    expect(estimateRepurchase('X', [])).toBeUndefined();
    expect(estimateRepurchase('X', [day(0), day(10)])).toBeUndefined();
    expect(estimateRepurchase('X', [day(0), day(10), day(20)])).toEqual({
      sku: 'X',
      purchases: 3,
      medianDays: 10,
      lastPurchase: day(20),
      expectedNext: day(30),
    });
  });

  it('takes the median interval, so one long gap does not move it, in whatever order the purchases come', () => {
    const estimate = estimateRepurchase('X', [day(60), day(0), day(7), day(14), day(21)]);
    // Intervals 7, 7, 7, 39: the median is 7.
    expect(estimate).toMatchObject({ purchases: 5, medianDays: 7, expectedNext: day(67) });
    expect(estimateRepurchase('X', [day(0), day(4), day(10), day(20)])).toMatchObject({ medianDays: 6 });
  });

  it('gives none when every purchase was at one instant', () => {
    expect(estimateRepurchase('X', [day(3), day(3), day(3)])).toBeUndefined();
  });

  it('hints whole days until the next purchase, rounded up; due or overdue by up to one interval is 0', () => {
    const estimate = estimateRepurchase('X', [day(0), day(10), day(20)]);
    if (estimate === undefined) throw new Error('no estimate');
    expect(repurchaseHint(estimate, day(29))?.withinDays).toBe(1);
    expect(repurchaseHint(estimate, day(26.5))?.withinDays).toBe(4);
    expect(repurchaseHint(estimate, day(30))?.withinDays).toBe(0);
    expect(repurchaseHint(estimate, day(40))?.withinDays).toBe(0);
    // More than one interval overdue: the rhythm is broken, no hint.
    expect(repurchaseHint(estimate, day(40.01))).toBeUndefined();
    expect(isLikelyToReorderWithin(estimate, day(27), 3)).toBe(true);
    expect(isLikelyToReorderWithin(estimate, day(26), 3)).toBe(false);
  });

  it('gives an order the smallest hint of its SKUs, with every hint as its basis', () => {
    const history: Record<string, string[]> = {
      X: [day(0), day(10), day(20)],
      Y: [day(1), day(15), day(29)],
      Z: [day(5)],
    };
    const facts = repurchaseFacts(['Y', 'X', 'Z', 'X'], (sku) => history[sku] ?? [], day(25));
    expect(facts['repurchase.withinDays']).toBe(5);
    expect(facts['repurchase.hints']?.map((h) => [h.sku, h.withinDays])).toEqual([
      ['Y', 18],
      ['X', 5],
    ]);
    expect(repurchaseFacts(['Z'], (sku) => history[sku] ?? [], day(25))).toEqual({});
  });
});

describe('the median and the estimate (properties)', () => {
  const numbers = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 40 });

  it('lies between the smallest and largest, with as many values at or below it as at or above it', () => {
    fc.assert(
      fc.property(numbers, (values) => {
        const m = median(values);
        expect(m).toBeGreaterThanOrEqual(Math.min(...values));
        expect(m).toBeLessThanOrEqual(Math.max(...values));
        expect(values.filter((v) => v <= m).length * 2).toBeGreaterThanOrEqual(values.length);
        expect(values.filter((v) => v >= m).length * 2).toBeGreaterThanOrEqual(values.length);
      }),
    );
  });

  it('is the same for any order of the values', () => {
    fc.assert(
      fc.property(numbers, fc.infiniteStream(fc.nat()), (values, seeds) => {
        const shuffled = values
          .map((v) => ({ v, k: seeds.next().value }))
          .sort((a, b) => a.k - b.k)
          .map(({ v }) => v);
        expect(median(shuffled)).toBe(median(values));
      }),
    );
  });

  it('estimates the same from the same purchases in any order, and a steady rhythm is its own interval', () => {
    const purchases = fc.uniqueArray(fc.integer({ min: 0, max: 3_650 }), { minLength: 3, maxLength: 20 });
    fc.assert(
      fc.property(purchases, (days) => {
        const times = days.map(day);
        const estimate = estimateRepurchase('X', times);
        expect(estimateRepurchase('X', [...times].reverse())).toEqual(estimate);
        expect(estimate?.purchases).toBe(days.length);
        expect(Date.parse(estimate?.expectedNext ?? '')).toBeGreaterThan(Date.parse(estimate?.lastPurchase ?? ''));
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 3, max: 12 }), (every, count) => {
        const times = Array.from({ length: count }, (_, i) => day(i * every));
        expect(estimateRepurchase('X', times)).toMatchObject({ medianDays: every, expectedNext: day(count * every) });
      }),
    );
  });
});
