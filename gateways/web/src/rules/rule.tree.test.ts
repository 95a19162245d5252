import { describe, expect, it } from 'vitest';
import { newComparison } from './rule.conditions.ts';
import { asRootGroup, conditionAt, fromRootGroup, removeAt, updateAt } from './rule.tree.ts';

const total = newComparison('order.total');
const channel = newComparison('order.channel');
const tier = newComparison('customer.tier');
const tree = asRootGroup({
  kind: 'group',
  join: 'all',
  negated: false,
  children: [total, { kind: 'group', join: 'any', negated: true, children: [channel, tier] }],
});

describe('the builder’s condition tree', () => {
  it('finds, changes and removes a condition by its path, leaving the rest as it was', () => {
    expect(conditionAt(tree, [1, 1])).toBe(tier);
    expect(conditionAt(tree, [0, 3])).toBeUndefined();
    const changed = updateAt(tree, [1, 0], (node) => ({ ...node, negated: true }));
    expect(conditionAt(changed, [1, 0])).toEqual({ ...channel, negated: true });
    expect(conditionAt(changed, [0])).toBe(total);
    expect(conditionAt(removeAt(tree, [1, 0]), [1])).toMatchObject({ children: [tier] });
    expect(removeAt(tree, [])).toBe(tree);
  });

  it('shows a plain condition as a group of one, and keeps it plain in the document', () => {
    const root = asRootGroup(total);
    expect(root).toEqual({ kind: 'group', join: 'all', negated: false, children: [total] });
    expect(fromRootGroup(root)).toBe(total);
    expect(fromRootGroup({ ...root, join: 'any' })).toEqual({ ...root, join: 'any' });
    expect(fromRootGroup(tree)).toBe(tree);
  });
});
