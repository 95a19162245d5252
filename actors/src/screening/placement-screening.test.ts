import { type OrderScreening, orderDecider } from '@ordinal/domain';
import { placeOrderCommand } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { combineScreenings, type PlacementScreen, placementScreening } from './placement-screening.ts';

const found = (name: string, screening: OrderScreening) => ({ name, screening });
const hold = (reason: string, facts: Record<string, unknown>) => ({ hold: { reason, facts } });
const approval = (role: string) => ({ approval: { role, reason: `${role} review` } });

describe('combineScreenings', () => {
  it('says nothing when no screen found anything', () => {
    expect(combineScreenings([found('rules', {}), found('risk', {})])).toEqual({});
  });

  it('keeps a single hold as it is, and a hold wins over an approval', () => {
    const combined = combineScreenings([
      found('rules', approval('finance')),
      found('risk', hold('velocity', { n: 3 })),
    ]);
    expect(combined).toEqual({ hold: { reason: 'velocity', facts: { n: 3 } } });
  });

  it('keeps every reason and each screen’s facts under its name when several hold', () => {
    const combined = combineScreenings([
      found('rules', hold('price', { line: 1 })),
      found('risk', hold('velocity', { n: 3 })),
    ]);
    expect(combined).toEqual({ hold: { reason: 'price; velocity', facts: { rules: { line: 1 }, risk: { n: 3 } } } });
  });

  it('requests the first approval asked for', () => {
    expect(combineScreenings([found('a', approval('finance')), found('b', approval('ops'))])).toEqual(
      approval('finance'),
    );
  });
});

describe('placementScreening', () => {
  const asked: string[] = [];
  const screens: PlacementScreen[] = [
    {
      name: 'rules',
      screen: (command, now) => {
        asked.push(`rules ${command.orderId} ${now}`);
        return approval('finance');
      },
    },
    { name: 'risk', screen: async () => ({}) },
  ];
  const facts = placementScreening(screens);

  it('screens a PlaceOrder and nothing else', async () => {
    const initial = orderDecider.initialState();
    const now = '2026-12-04T12:00:00.000Z';
    expect(await facts(placeOrderCommand({ orderId: 'o-1' }), initial, now)).toEqual({
      screening: approval('finance'),
    });
    expect(await facts({ type: 'ConfirmOrder', orderId: 'o-1' }, initial, now)).toEqual({});
    expect(asked).toEqual([`rules o-1 ${now}`]);
  });
});
