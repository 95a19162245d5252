import { DEFAULT_ROUTING_POLICY } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { changesBetween, draftOf, fieldOf, NUMBER_CONTROLS, WEIGHT_CONTROLS, withField } from './routing.form.ts';

describe('the routing policy form', () => {
  it('has a control for every weight and every number of the policy, each reading a field the default has', () => {
    expect(WEIGHT_CONTROLS.map((c) => c.field.split('.')[1]).sort()).toEqual(
      Object.keys(DEFAULT_ROUTING_POLICY.weights).sort(),
    );
    for (const control of [...WEIGHT_CONTROLS, ...NUMBER_CONTROLS]) {
      const value = fieldOf(DEFAULT_ROUTING_POLICY, control.field);
      expect(typeof value, control.field).toBe('number');
      expect(value as number, control.field).toBeGreaterThanOrEqual(control.min);
      expect(value as number, control.field).toBeLessThanOrEqual(control.max);
    }
  });

  it('changes one field and keeps the rest, and sends the draft without its version', () => {
    const moved = withField(DEFAULT_ROUTING_POLICY, 'weights.distance', 1.5);
    expect(moved.weights).toEqual({ ...DEFAULT_ROUTING_POLICY.weights, distance: 1.5 });
    expect(moved.tariffs).toBe(DEFAULT_ROUTING_POLICY.tariffs);
    expect(DEFAULT_ROUTING_POLICY.weights.distance).toBe(0.2);
    const { document, problems } = draftOf(moved);
    expect(problems).toEqual([]);
    expect('version' in document).toBe(false);
    expect(changesBetween(DEFAULT_ROUTING_POLICY, moved)).toEqual(['weights.distance: 0.2 → 1.5']);
  });

  it('finds what the server would refuse, at the field it names', () => {
    const bad = withField(withField(DEFAULT_ROUTING_POLICY, 'weights.split', -1), 'maxShipments', 0);
    expect(draftOf(bad).problems).toEqual([
      { field: 'weights.split', problem: 'must not be negative' },
      { field: 'maxShipments', problem: 'must be an integer of at least 1' },
    ]);
  });
});
