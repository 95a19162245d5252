import { describe, expect, it } from 'vitest';
import { chooseUnits, consolidationIds, type Unit } from './consolidation.rounds.ts';

const at = (minutes: number) => new Date(Date.parse('2026-12-04T09:00:00.000Z') + minutes * 60_000).toISOString();
const free = (orderId: string, minutes: number): Unit => ({
  members: [{ orderId, shipmentId: `${orderId}-s1`, placedAt: at(minutes) }],
});

describe('a round', () => {
  it('takes the nearest units while every placement stays within the window of every other', () => {
    const own = free('o-1', 60);
    const units = [own, free('o-2', 0), free('o-3', 100), free('o-4', 181), free('o-5', 120)];
    // o-3 (40 min away) and o-5 (60) fit with o-1; o-2 (60 from o-1, 120 from o-5) does not, nor o-4.
    expect(chooseUnits(own, units, at(60), 60).map((u) => u.members[0]?.orderId)).toEqual(['o-1', 'o-3', 'o-5']);
    // Exactly the window apart is within it.
    expect(chooseUnits(own, units, at(60), 120).map((u) => u.members[0]?.orderId)).toEqual([
      'o-1',
      'o-3',
      'o-2',
      'o-5',
    ]);
  });

  it('takes a consolidation whole or not at all, and one shipment per order', () => {
    const own = free('o-1', 0);
    const consolidation: Unit = {
      consolidationId: 'cons-a',
      members: [free('o-2', 10).members[0]!, free('o-3', 200).members[0]!],
    };
    const second: Unit = { members: [{ orderId: 'o-1', shipmentId: 'o-1-s2', placedAt: at(0) }] };
    expect(chooseUnits(own, [own, consolidation, second], at(0), 120)).toEqual([own]);
    expect(chooseUnits(own, [own, consolidation, second], at(0), 200)).toEqual([own, consolidation]);
  });

  it('gives the same members the same ids, and new ones once an order left a consolidation', () => {
    const members = [free('o-1', 0).members[0]!, free('o-2', 5).members[0]!];
    const none = () => 0;
    expect(consolidationIds(members, none)).toEqual(consolidationIds([...members], none));
    expect(consolidationIds(members, none).consolidationId).toMatch(/^cons-[0-9a-f]{24}$/);
    expect(consolidationIds(members, (id) => (id === 'o-2' ? 1 : 0))).not.toEqual(consolidationIds(members, none));
  });
});
