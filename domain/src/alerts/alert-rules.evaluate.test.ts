import { describe, expect, it } from 'vitest';
import {
  evaluateLocationLateRateJump,
  evaluateSkuSalesSurge,
  evaluateSlaBreach,
  type SaleRecord,
} from './alert-rules.evaluate.ts';
import {
  DEFAULT_ALERT_RULE_SET,
  type LocationLateRateJumpRule,
  type SkuSalesSurgeRule,
  type SlaBreachRule,
} from './alert-rules.types.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const now = Date.parse('2026-12-04T12:00:00.000Z');
const ruleOf = <K extends string>(kind: K) => DEFAULT_ALERT_RULE_SET.rules.find((r) => r.kind === kind);
const surge = ruleOf('skuSalesSurge') as SkuSalesSurgeRule;
const sla = ruleOf('slaBreach') as SlaBreachRule;
const late = ruleOf('locationLateRateJump') as LocationLateRateJumpRule;

/** `units` sold `daysAgo` days before now, one sale each. */
const sold = (daysAgo: number, units: number): SaleRecord => ({ at: now - daysAgo * DAY, units });

describe('the SKU sales surge rule (default: 7 days, more than +50%, at least 10 units)', () => {
  it('fires above +50%: 16 units this week against 10 the week before', () => {
    const finding = evaluateSkuSalesSurge(surge, [sold(10, 10), sold(1, 16)], now);
    expect(finding.fires).toBe(true);
    expect(finding.figures).toMatchObject({ recentUnits: 16, previousUnits: 10, changePercent: 60, basis: 'increase' });
  });

  it('does not fire at exactly +50% (more than, not as much as): 15 against 10, and 30 against 20', () => {
    expect(evaluateSkuSalesSurge(surge, [sold(10, 10), sold(1, 15)], now)).toMatchObject({
      fires: false,
      figures: { changePercent: 50 },
    });
    expect(evaluateSkuSalesSurge(surge, [sold(8, 20), sold(0.5, 30)], now).fires).toBe(false);
    expect(evaluateSkuSalesSurge(surge, [sold(8, 20), sold(0.5, 31)], now).fires).toBe(true);
  });

  it('with no sales the week before, fires as new demand only from the minimum units', () => {
    const nine = evaluateSkuSalesSurge(surge, [sold(2, 9)], now);
    expect(nine).toMatchObject({
      fires: false,
      figures: { previousUnits: 0, changePercent: null, basis: 'new-demand' },
    });
    const ten = evaluateSkuSalesSurge(surge, [sold(2, 4), sold(1, 6)], now);
    expect(ten).toMatchObject({ fires: true, figures: { recentUnits: 10, basis: 'new-demand' } });
  });

  it('does not fire below the minimum units however steep the rise', () => {
    expect(evaluateSkuSalesSurge(surge, [sold(9, 1), sold(1, 9)], now).fires).toBe(false);
  });

  it('puts a sale on the window edges where they belong: now − 7 days is the week before, older than 14 days is out', () => {
    const finding = evaluateSkuSalesSurge(surge, [sold(7, 5), sold(14, 100), sold(14.5, 100), sold(0, 20)], now);
    expect(finding.figures).toMatchObject({ recentUnits: 20, previousUnits: 5 });
    expect(finding.fires).toBe(true);
  });
});

describe('the SLA breach rule (default: ship within 48 h, deliver by the promised time)', () => {
  const placedAt = now - 50 * HOUR;

  it('breaches the ship promise when nothing was dispatched 48 h after placement', () => {
    const finding = evaluateSlaBreach(sla, { placedAt, ended: false }, now, 'ship');
    expect(finding).toMatchObject({ fires: true, figures: { promise: 'ship', hoursLate: 2 } });
    expect(evaluateSlaBreach(sla, { placedAt, ended: false }, placedAt + 48 * HOUR, 'ship').fires).toBe(false);
  });

  it('keeps quiet once dispatched, or once the order ended', () => {
    expect(evaluateSlaBreach(sla, { placedAt, dispatchedAt: now - HOUR, ended: false }, now, 'ship').fires).toBe(false);
    expect(evaluateSlaBreach(sla, { placedAt, ended: true }, now, 'ship').fires).toBe(false);
  });

  it('breaches the delivery promise past promisedBy without a delivery; no promise, no breach', () => {
    const promisedBy = now - 1;
    expect(evaluateSlaBreach(sla, { placedAt, promisedBy, ended: false }, now, 'delivery').fires).toBe(true);
    expect(evaluateSlaBreach(sla, { placedAt, promisedBy: now, ended: false }, now, 'delivery').fires).toBe(false);
    expect(
      evaluateSlaBreach(sla, { placedAt, promisedBy, deliveredAt: now, ended: false }, now, 'delivery').fires,
    ).toBe(false);
    expect(evaluateSlaBreach(sla, { placedAt, ended: false }, now, 'delivery')).toMatchObject({
      fires: false,
      figures: { deadline: null },
    });
  });
});

describe('the location late-rate jump rule (default: 7 days against the 28 before, +10 points, 20 deliveries each)', () => {
  const deliveries = (daysAgo: number, count: number, lateCount: number) =>
    Array.from({ length: count }, (_, i) => ({ at: now - daysAgo * DAY - i * 1000, late: i < lateCount }));

  it('fires when the recent late share is more than 10 points above the baseline', () => {
    const finding = evaluateLocationLateRateJump(late, [...deliveries(20, 40, 4), ...deliveries(2, 20, 5)], now);
    expect(finding).toMatchObject({
      fires: true,
      figures: { recentLatePercent: 25, baselineLatePercent: 10, recentDeliveries: 20, baselineDeliveries: 40 },
    });
  });

  it('does not fire at exactly +10 points, nor below the minimum deliveries in either window', () => {
    expect(evaluateLocationLateRateJump(late, [...deliveries(20, 40, 4), ...deliveries(2, 20, 4)], now).fires).toBe(
      false,
    );
    expect(evaluateLocationLateRateJump(late, [...deliveries(20, 40, 4), ...deliveries(2, 19, 19)], now).fires).toBe(
      false,
    );
    expect(evaluateLocationLateRateJump(late, [...deliveries(20, 19, 0), ...deliveries(2, 20, 20)], now).fires).toBe(
      false,
    );
  });
});
