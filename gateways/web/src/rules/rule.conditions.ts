import type { Condition, ConditionOp, FactCondition, FactName, RuleSetProblem } from '@ordinal/domain';
import { formatMajor, parseMajor } from './rule.money.ts';

/**
 * A condition as the builder edits it: groups (every one of / any one of) and comparisons, each
 * of which may be negated (`{ not: … }` in the document). Values are the text of the controls;
 * money is in major units (5000.00), converted to minor units only in the document.
 */
export type ConditionDraft = GroupDraft | ComparisonDraft;

/** Every one (`all`) or any one (`any`) of the conditions inside. */
export interface GroupDraft {
  readonly kind: 'group';
  readonly join: 'all' | 'any';
  readonly negated: boolean;
  readonly children: readonly ConditionDraft[];
}

/** One comparison of a fact with a value. */
export interface ComparisonDraft {
  readonly kind: 'comparison';
  readonly negated: boolean;
  readonly fact: FactName;
  readonly op: ConditionOp;
  /** One entry for a single value, two for a range, any number for a list. */
  readonly values: readonly string[];
  /** `order.total` only: match orders in this currency alone ('' for any currency). */
  readonly currency: string;
}

/** What kind of control a comparison's value is edited with. */
export type ValueKind =
  | 'money'
  | 'moneyRange'
  | 'number'
  | 'numberRange'
  | 'numbers'
  | 'hour'
  | 'hourRange'
  | 'hours'
  | 'choice'
  | 'choices'
  | 'yesNo'
  | 'text'
  | 'texts';

const NUMERIC: readonly ConditionOp[] = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq', 'between'];
const SCALAR: readonly ConditionOp[] = ['eq', 'neq', 'in', 'notIn'];

/** The operators offered for a fact: those the server accepts for it (docs/rules.md). */
export function opsForFact(fact: FactName): readonly ConditionOp[] {
  switch (fact) {
    case 'order.total':
      return NUMERIC;
    case 'lines.count':
    case 'local.hour':
      return [...NUMERIC, 'in', 'notIn'];
    case 'repurchase.withinDays':
      return NUMERIC;
    case 'lines.skus':
    case 'lines.tags':
    case 'coupons.codes':
      return ['contains'];
    case 'coupons.used':
      return ['eq'];
    default:
      return SCALAR;
  }
}

/** The choices of the facts that have a fixed or usual set of values. */
export const FACT_CHOICES: Partial<Record<FactName, readonly string[]>> = {
  'order.channel': ['webshop', 'tmall', 'pos', 'marketplace'],
  'local.weekday': ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  'customer.tier': ['vip', 'regular'],
};

const LIST_OPS = new Set<ConditionOp>(['in', 'notIn']);

/** The control a fact and operator need. */
export function valueKind(fact: FactName, op: ConditionOp): ValueKind {
  const list = LIST_OPS.has(op);
  const range = op === 'between';
  switch (fact) {
    case 'order.total':
      return range ? 'moneyRange' : 'money';
    case 'lines.count':
    case 'repurchase.withinDays':
      return range ? 'numberRange' : list ? 'numbers' : 'number';
    case 'local.hour':
      return range ? 'hourRange' : list ? 'hours' : 'hour';
    case 'coupons.used':
      return 'yesNo';
    case 'lines.skus':
    case 'lines.tags':
    case 'coupons.codes':
      return 'texts';
    default:
      if (FACT_CHOICES[fact] !== undefined) return list ? 'choices' : 'choice';
      return list ? 'texts' : 'text';
  }
}

/** The values a new comparison of this kind starts with. */
export function initialValues(kind: ValueKind, fact: FactName): string[] {
  switch (kind) {
    case 'moneyRange':
    case 'numberRange':
      return ['', ''];
    case 'hour':
      return ['0'];
    case 'hourRange':
      return ['0', '23'];
    case 'yesNo':
      return ['true'];
    case 'choice':
      return [FACT_CHOICES[fact]?.[0] ?? ''];
    case 'numbers':
    case 'hours':
    case 'choices':
    case 'texts':
      return [];
    default:
      return [''];
  }
}

/** A new comparison: order total above an amount still to type. */
export function newComparison(fact: FactName = 'order.total'): ComparisonDraft {
  const op = opsForFact(fact)[0] as ConditionOp;
  return {
    kind: 'comparison',
    negated: false,
    fact,
    op,
    values: initialValues(valueKind(fact, op), fact),
    currency: '',
  };
}

/** The comparison with another fact: its operator kept when still valid, its values reset when their kind changes. */
export function withFact(draft: ComparisonDraft, fact: FactName): ComparisonDraft {
  const ops = opsForFact(fact);
  const op = ops.includes(draft.op) ? draft.op : (ops[0] as ConditionOp);
  const kind = valueKind(fact, op);
  const values = kind === valueKind(draft.fact, draft.op) ? draft.values : initialValues(kind, fact);
  return { ...draft, fact, op, values, currency: fact === 'order.total' ? draft.currency : '' };
}

/** The comparison with another operator, its values reset when their kind changes. */
export function withOp(draft: ComparisonDraft, op: ConditionOp): ComparisonDraft {
  const kind = valueKind(draft.fact, op);
  const values = kind === valueKind(draft.fact, draft.op) ? draft.values : initialValues(kind, draft.fact);
  return { ...draft, op, values };
}

/** Where a draft's own fields are in the document: under `/not` when it is negated. */
export function pointerOf(at: string, draft: ConditionDraft): string {
  return draft.negated ? `${at}/not` : at;
}

/** Where the children of a group are: `<at>/all/<i>` or `<at>/any/<i>`. */
export function childPointer(at: string, group: GroupDraft, index: number): string {
  return `${pointerOf(at, group)}/${group.join}/${index}`;
}

/** The fraction digits of a currency's minor unit (2 when none is named). */
export function currencyDigits(currency: string): number {
  if (!/^[A-Z]{3}$/.test(currency)) return 2;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

function valueTexts(condition: FactCondition): string[] {
  const { fact, value } = condition;
  const digits = currencyDigits(condition.currency ?? '');
  const text = (v: unknown) =>
    fact === 'order.total' && typeof v === 'number' ? formatMajor(v, digits, false) : String(v);
  return Array.isArray(value) ? value.map(text) : [text(value)];
}

/**
 * `any` of `contains` comparisons of one list fact, as the builder writes several chips
 * ("product tags include any of clearance, outlet"): one comparison with those values.
 */
export function containsAnyOf(condition: Condition): ComparisonDraft | undefined {
  if (!('any' in condition) || condition.any.length < 2) return undefined;
  const [first] = condition.any;
  const same = (c: Condition): c is FactCondition =>
    'fact' in c &&
    c.op === 'contains' &&
    typeof c.value === 'string' &&
    c.currency === undefined &&
    first !== undefined &&
    'fact' in first &&
    c.fact === first.fact;
  if (!condition.any.every(same)) return undefined;
  const comparisons = condition.any as readonly FactCondition[];
  const fact = comparisons[0]?.fact as FactName;
  const values = comparisons.map((c) => c.value as string);
  return { kind: 'comparison', negated: false, fact, op: 'contains', values, currency: '' };
}

/** The draft of a document's condition. */
export function conditionDraft(condition: Condition): ConditionDraft {
  const folded = containsAnyOf(condition);
  if (folded !== undefined) return folded;
  if ('all' in condition || 'any' in condition) {
    const join = 'all' in condition ? 'all' : 'any';
    const list = 'all' in condition ? condition.all : (condition as { any: readonly Condition[] }).any;
    return { kind: 'group', join, negated: false, children: list.map(conditionDraft) };
  }
  if ('not' in condition) {
    const inner = conditionDraft(condition.not);
    // `not (not x)` stays two levels: a group holding the negated one.
    if (inner.negated) return { kind: 'group', join: 'all', negated: true, children: [inner] };
    return { ...inner, negated: true };
  }
  return {
    kind: 'comparison',
    negated: false,
    fact: condition.fact,
    op: condition.op,
    values: valueTexts(condition),
    currency: condition.currency ?? '',
  };
}

function number(text: string, at: string, problems: RuleSetProblem[], whole: boolean): number {
  const trimmed = text.trim();
  const parsed = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(parsed) || (whole && !Number.isInteger(parsed))) {
    problems.push({ field: at, problem: whole ? 'must be a whole number' : 'must be a number' });
  }
  return parsed;
}

function money(text: string, digits: number, at: string, problems: RuleSetProblem[]): number {
  const minor = parseMajor(text, digits);
  if (minor === undefined) {
    problems.push({ field: at, problem: `must be an amount like 5000 or 5,000.${'0'.repeat(digits)}` });
    return Number.NaN;
  }
  return minor;
}

function comparisonValue(draft: ComparisonDraft, at: string, problems: RuleSetProblem[]): unknown {
  const field = `${at}/value`;
  const values = draft.values.map((v) => v.trim());
  const digits = currencyDigits(draft.currency);
  switch (valueKind(draft.fact, draft.op)) {
    case 'money':
      return money(values[0] ?? '', digits, field, problems);
    case 'moneyRange':
      return [money(values[0] ?? '', digits, field, problems), money(values[1] ?? '', digits, field, problems)];
    case 'number':
    case 'hour':
      return number(values[0] ?? '', field, problems, true);
    case 'numberRange':
    case 'hourRange':
      return [number(values[0] ?? '', field, problems, true), number(values[1] ?? '', field, problems, true)];
    case 'numbers':
    case 'hours':
      if (values.length === 0) problems.push({ field, problem: 'add at least one value' });
      return values.map((v) => number(v, field, problems, true));
    case 'yesNo':
      return values[0] === 'true';
    case 'choices':
    case 'texts':
      if (values.length === 0) problems.push({ field, problem: 'add at least one value' });
      return draft.op === 'contains' ? (values[0] ?? '') : values;
    default:
      if ((values[0] ?? '') === '') problems.push({ field, problem: 'must not be empty' });
      return values[0] ?? '';
  }
}

/** The document's condition of a draft; what cannot be read (a number that is not one) is added to `problems` at its pointer. */
export function conditionOf(draft: ConditionDraft, at: string, problems: RuleSetProblem[]): Condition {
  const own = pointerOf(at, draft);
  let condition: Condition;
  if (draft.kind === 'group') {
    if (draft.children.length === 0) problems.push({ field: `${own}/${draft.join}`, problem: 'add a condition' });
    const children = draft.children.map((child, i) => conditionOf(child, childPointer(at, draft, i), problems));
    // `not (not x)` as conditionDraft reads it: a negated group of one negated condition.
    const [only] = children;
    if (draft.negated && children.length === 1 && only !== undefined && 'not' in only) return { not: only };
    condition = draft.join === 'all' ? { all: children } : { any: children };
  } else if (draft.op === 'contains' && draft.values.length > 1) {
    // Several chips of a list fact: any one of them included.
    condition = {
      any: draft.values.map((value) => ({ fact: draft.fact, op: 'contains' as const, value: value.trim() })),
    };
  } else {
    const value = comparisonValue(draft, own, problems);
    const currency = draft.fact === 'order.total' && draft.currency !== '' ? { currency: draft.currency } : {};
    condition = { fact: draft.fact, op: draft.op, value, ...currency };
  }
  return draft.negated ? { not: condition } : condition;
}
