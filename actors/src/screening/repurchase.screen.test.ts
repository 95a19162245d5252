import {
  evaluateRules,
  foldOrder,
  type OrderEventDataMap,
  orderStatus,
  type RecordedOrderEvent,
  rulesScreening,
} from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { hostTestBed } from '../host/temp-store.fixture.ts';
import { CONSOLIDATE, day, repurchaseSystem } from './repurchase.fixture.ts';

const bed = hostTestBed();

describe('the repurchase hint at placement, on a real event store', () => {
  it('holds the fourth order of a SKU bought every 10 days, placed on day 29, with the hint and its basis', async () => {
    const s = await repurchaseSystem(bed);
    for (const [orderId, days] of [
      ['o-1', 0],
      ['o-2', 10],
      ['o-3', 20],
    ] as const) {
      s.at(days);
      const events = await s.place(orderId, 'SKU-X');
      // Fewer than three earlier purchases: no estimate, nothing held.
      expect(events.map((e) => e.type)).not.toContain('OrderHeld');
    }
    s.at(29);
    const events = await s.place('o-4', 'SKU-X');
    expect(orderStatus(foldOrder(events as RecordedOrderEvent[])).main).toBe('onHold');
    const applied = events.find((e) => e.type === 'RulesApplied')?.data as OrderEventDataMap['RulesApplied'];
    const hint = {
      sku: 'SKU-X',
      purchases: 3,
      medianDays: 10,
      lastPurchase: day(20),
      expectedNext: day(30),
      withinDays: 1,
    };
    expect(applied).toMatchObject({
      ruleSet: 'consolidate',
      version: 1,
      matched: ['reorder-soon'],
      facts: { 'repurchase.withinDays': 1, 'repurchase.hints': [hint] },
    });
    const held = await s.held('o-4');
    expect(held?.reason).toBe(`consolidation: likely to reorder within 1 day, held until ${day(34)}`);
    expect(held?.facts).toEqual({
      source: 'consolidation',
      days: 5,
      until: day(34),
      placedAt: day(29),
      withinDays: 1,
      hints: [hint],
      ruleSets: [{ ruleSet: 'consolidate', version: 1, ruleIds: ['reorder-soon'] }],
    });

    // Replay: the recorded facts alone give the same decision, with no screen and no history.
    const again = rulesScreening([evaluateRules(CONSOLIDATE, applied.version, applied.facts)], day(29));
    expect(again.hold).toEqual(held);
  });

  it('does not count a cancelled order, nor orders of another SKU', async () => {
    const s = await repurchaseSystem(bed);
    s.at(0);
    await s.place('o-1', 'SKU-X');
    s.at(10);
    await s.place('o-2', 'SKU-X');
    await s.cancel('o-2', 'SKU-X', day(10));
    s.at(20);
    await s.place('o-3', 'SKU-X');
    await s.place('o-3y', 'SKU-Y');
    s.at(29);
    // Two purchases of SKU-X count (o-2 was cancelled): no estimate.
    const events = await s.place('o-4', 'SKU-X');
    expect(events.map((e) => e.type)).not.toContain('OrderHeld');
  });
});
