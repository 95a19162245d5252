import { isPresent, readPath } from './channel-mapping.paths.ts';
import { applyTransform, type Step, type TransformContext } from './channel-mapping.transforms.ts';
import type { FieldRule } from './channel-mapping.types.ts';

/** Where a rule reads from, for error messages: `receiver_city`, `a|b`, `a+b`, `(constant)`. */
export function sourceOf(rule: FieldRule, prefix = ''): string {
  const at = (path: string) => (path.startsWith('$.') || prefix === '' ? path : `${prefix}.${path}`);
  if (rule.path !== undefined) return at(rule.path);
  if (rule.firstOf !== undefined) return rule.firstOf.map(at).join('|');
  if (rule.concat !== undefined) return rule.concat.map(at).join('+');
  return '(constant)';
}

function source(rule: FieldRule, root: unknown, scope: unknown): Step {
  const read = (path: string) => readPath(root, scope, path);
  if (rule.path !== undefined) {
    const value = read(rule.path);
    return isPresent(value) ? { value } : { absent: true };
  }
  if (rule.const !== undefined) return { value: rule.const };
  if (rule.firstOf !== undefined) {
    const found = rule.firstOf.map(read).find(isPresent);
    return found === undefined ? { absent: true } : { value: found };
  }
  if (rule.concat !== undefined) {
    const parts = rule.concat.map(read).filter(isPresent);
    if (parts.some((part) => typeof part === 'object')) return { reason: 'only texts and numbers can be joined' };
    return parts.length === 0 ? { absent: true } : { value: parts.map(String).join(rule.separator ?? ' ') };
  }
  return { reason: 'the rule has no source' };
}

/**
 * Runs one rule: its source, then each transform in order, then the default if nothing came
 * of it. The first failing step stops the rule; absent values pass through transforms.
 */
export function evaluateRule(rule: FieldRule, root: unknown, scope: unknown, context: TransformContext): Step {
  let step = source(rule, root, scope);
  for (const transform of rule.transforms ?? []) {
    if (!('value' in step)) break;
    step = applyTransform(transform, step.value, context);
  }
  if ('absent' in step && rule.default !== undefined) return { value: rule.default };
  return step;
}
