import { type Rule, type RuleSetDocument, type RuleSetProblem, validateRuleSet } from '@ordinal/domain';
import { type ActionDraft, actionDraft, actionOf, newAction } from './rule.actions.ts';
import { type ConditionDraft, conditionDraft, conditionOf, newComparison } from './rule.conditions.ts';

/** A rule as the builder edits it. */
export interface RuleDraft {
  /** Blank: made from the name when the document is built. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly when: ConditionDraft;
  readonly then: readonly ActionDraft[];
}

/** A rule set as the page edits it; what the builder does not edit (the price check) is kept as it was. */
export interface RuleSetDraft {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly RuleDraft[];
  readonly priceCheck?: RuleSetDocument['priceCheck'];
}

/** A new rule: order total above an amount still to type, asking finance to approve. */
export function newRule(): RuleDraft {
  return { id: '', name: '', description: '', when: newComparison(), then: [newAction('requireApproval')] };
}

/** The draft of a document's rule. */
export function ruleDraft(rule: Rule): RuleDraft {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description ?? '',
    when: conditionDraft(rule.when),
    then: rule.then.map(actionDraft),
  };
}

/** The draft of a whole rule set document. */
export function ruleSetDraft(document: RuleSetDocument): RuleSetDraft {
  return {
    name: document.name,
    description: document.description,
    rules: document.rules.map(ruleDraft),
    ...(document.priceCheck === undefined ? {} : { priceCheck: document.priceCheck }),
  };
}

/** A rule id from its name: "Finance approves orders above 5,000" → `finance-approves-orders-above-5-000`. */
export function ruleIdFrom(name: string, taken: ReadonlySet<string> = new Set()): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56)
      .replace(/-+$/, '') || 'rule';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** The document's rule of a draft at `/rules/<index>`. */
export function ruleOf(draft: RuleDraft, index: number, taken: ReadonlySet<string>, problems: RuleSetProblem[]): Rule {
  const at = `/rules/${index}`;
  const description = draft.description.trim();
  return {
    id: draft.id.trim() === '' ? ruleIdFrom(draft.name, taken) : draft.id.trim(),
    name: draft.name.trim(),
    ...(description === '' ? {} : { description }),
    when: conditionOf(draft.when, `${at}/when`, problems),
    then: draft.then.map((action, i) => actionOf(action, `${at}/then/${i}`, problems)),
  };
}

/**
 * The document of a draft and every problem with it, each at its JSON pointer: first what the
 * controls hold that is not a value (a sum that is not a number), then — when there is none —
 * what the server's own validation would say, so a refusal is seen before the draft is sent.
 */
export function buildRuleSet(draft: RuleSetDraft): { document: RuleSetDocument; problems: RuleSetProblem[] } {
  const problems: RuleSetProblem[] = [];
  const taken = new Set(draft.rules.map((r) => r.id.trim()).filter((id) => id !== ''));
  const rules = draft.rules.map((rule, i) => {
    const built = ruleOf(rule, i, taken, problems);
    taken.add(built.id);
    return built;
  });
  const document: RuleSetDocument = {
    name: draft.name.trim(),
    description: draft.description.trim(),
    rules,
    ...(draft.priceCheck === undefined ? {} : { priceCheck: draft.priceCheck }),
  };
  return { document, problems: problems.length > 0 ? problems : validateRuleSet(document) };
}

/** The problems at a pointer or inside it (`/rules/0/when` holds `/rules/0/when/value`). */
export function problemsUnder(problems: readonly RuleSetProblem[], pointer: string): RuleSetProblem[] {
  return problems.filter((p) => p.field === pointer || p.field.startsWith(`${pointer}/`));
}

/** Problems that an API refusal carries (`details.problems`, or one `field`), as pointers into the document. */
export function problemsOfRefusal(details: unknown, message: string): RuleSetProblem[] {
  if (typeof details !== 'object' || details === null) return [{ field: '', problem: message }];
  const d = details as { problems?: unknown; field?: unknown };
  if (Array.isArray(d.problems)) {
    return d.problems.filter(
      (p): p is RuleSetProblem =>
        typeof p === 'object' && p !== null && typeof p.field === 'string' && typeof p.problem === 'string',
    );
  }
  return [{ field: typeof d.field === 'string' ? d.field : '', problem: message }];
}
