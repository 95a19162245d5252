import { describe, expect, it } from 'vitest';
import { emptyKpiOrder } from './kpi-order.fold.ts';
import { groupFigures, kpiFigures, localDay, placedAtWindow } from './kpis.figures.ts';
import type { KpiOrderDocument } from './kpis.view.ts';

const HOUR = 3_600_000;
const PLACED = '2026-03-02T22:30:00.000Z';
const after = (hours: number) => new Date(Date.parse(PLACED) + hours * HOUR).toISOString();

function order(id: string, over: Partial<KpiOrderDocument>): KpiOrderDocument {
  return {
    ...emptyKpiOrder(id),
    revision: 1,
    placedAt: PLACED,
    channel: 'web',
    region: 'ARA',
    total: 1000,
    currency: 'EUR',
    ...over,
  };
}

describe('KPI figures', () => {
  it('cycle time mean, median (middle pair when even) and nearest-rank p90, in hours', () => {
    const hours = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110];
    const delivered = hours.map((h, i) => order(`o${i}`, { deliveredAt: after(h) }));
    expect(groupFigures('all', delivered).cycleTimeHours).toEqual({ mean: 60, median: 60, p90: 100 });
    expect(groupFigures('all', delivered.slice(0, 4)).cycleTimeHours).toEqual({ mean: 25, median: 25, p90: 40 });
  });

  it('rates: on time over delivered with a promise, cancelled over orders, returned over delivered', () => {
    const figures = groupFigures('all', [
      order('a', { deliveredAt: after(24), promisedBy: after(48), returned: true }),
      order('b', { deliveredAt: after(72), promisedBy: after(48) }),
      order('c', { deliveredAt: after(30) }),
      order('d', { cancelled: true, total: 3000 }),
    ]);
    expect(figures).toMatchObject({
      orders: 4,
      gmv: 6000,
      averageOrderValue: 1500,
      delivered: 3,
      promised: 2,
      onTimeRate: 0.5,
      cancelled: 1,
      cancellationRate: 0.25,
      returned: 1,
      returnRate: 1 / 3,
    });
    expect(groupFigures('none', [order('x', {})])).toMatchObject({
      cycleTimeHours: null,
      onTimeRate: null,
      returnRate: null,
    });
  });

  it('days are business days: 22:30 UTC is the next day in Tokyo', () => {
    expect(localDay(PLACED, 'UTC')).toBe('2026-03-02');
    expect(localDay(PLACED, 'Asia/Tokyo')).toBe('2026-03-03');
    const window = placedAtWindow('2026-03-03', '2026-03-03');
    expect(window.from <= PLACED && PLACED < window.to).toBe(true);
    const one = [order('a', {})];
    const q = { from: '2026-03-03', to: '2026-03-03', groupBy: 'day' as const };
    expect(kpiFigures(one, () => 'x', { ...q, timeZone: 'UTC' })).toEqual([]);
    expect(kpiFigures(one, () => 'x', { ...q, timeZone: 'Asia/Tokyo' }).map((g) => g.key)).toEqual(['2026-03-03']);
  });

  it('an order counts once in each of its locations and categories; filters keep orders with the value', () => {
    const orders = [
      order('a', { locations: ['l1', 'l2'], skus: ['A', 'B'] }),
      order('b', { locations: [], skus: ['A'], channel: 'pos' }),
    ];
    const categoryOf = (sku: string) => (sku === 'A' ? 'kitchen' : 'garden');
    const q = { from: '2026-03-02', to: '2026-03-02', timeZone: 'UTC' };
    const keyed = (groupBy: 'location' | 'category' | 'channel', filters = {}) =>
      kpiFigures(orders, categoryOf, { ...q, groupBy, ...filters }).map((g) => [g.key, g.orders]);
    expect(keyed('location')).toEqual([
      ['l1', 1],
      ['l2', 1],
      ['unallocated', 1],
    ]);
    expect(keyed('category')).toEqual([
      ['garden', 1],
      ['kitchen', 2],
    ]);
    expect(keyed('channel', { category: 'garden' })).toEqual([['web', 1]]);
    expect(keyed('category', { channel: 'pos', location: 'unallocated' })).toEqual([['kitchen', 1]]);
  });
});
