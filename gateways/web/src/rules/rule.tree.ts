import type { ConditionDraft, GroupDraft } from './rule.conditions.ts';

/** Where a condition is in the builder's tree: the child index at each group from the root. */
export type TreePath = readonly number[];

/** The condition at a path, undefined when the path leads nowhere. */
export function conditionAt(root: ConditionDraft, path: TreePath): ConditionDraft | undefined {
  let node: ConditionDraft | undefined = root;
  for (const index of path) node = node?.kind === 'group' ? node.children[index] : undefined;
  return node;
}

/** The tree with the condition at `path` replaced by what `change` makes of it. */
export function updateAt(
  root: ConditionDraft,
  path: TreePath,
  change: (node: ConditionDraft) => ConditionDraft,
): ConditionDraft {
  const [index, ...rest] = path;
  if (index === undefined) return change(root);
  if (root.kind !== 'group') return root;
  const children = root.children.map((child, i) => (i === index ? updateAt(child, rest, change) : child));
  return { ...root, children };
}

/** The tree without the condition at `path` (the root itself is never removed). */
export function removeAt(root: ConditionDraft, path: TreePath): ConditionDraft {
  const parent = path.slice(0, -1);
  const index = path[path.length - 1];
  if (index === undefined) return root;
  return updateAt(root, parent, (node) =>
    node.kind === 'group' ? { ...node, children: node.children.filter((_, i) => i !== index) } : node,
  );
}

/** The root as the builder shows it: always a group, so conditions can be added beside the first. */
export function asRootGroup(root: ConditionDraft): GroupDraft {
  return root.kind === 'group' ? root : { kind: 'group', join: 'all', negated: false, children: [root] };
}

/** The root as the document keeps it: a group of one plain condition is that condition. */
export function fromRootGroup(root: GroupDraft): ConditionDraft {
  const [only] = root.children;
  return !root.negated && root.join === 'all' && root.children.length === 1 && only !== undefined ? only : root;
}
