import { ACTION_TYPES, CONDITION_OPS, FACT_NAMES, MAX_CONSOLIDATION_DAYS, PRIORITIES } from './rule-set.types.ts';

/** One thing wrong with a rule set document, and where, as a JSON pointer: `/rules/0/when/all/1/op`. */
export interface RuleSetProblem {
  readonly field: string;
  readonly problem: string;
}

type Obj = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** A rule set name: it is part of the stream id `ruleset-<name>` and of URLs. */
export const RULE_SET_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NUMERIC_FACTS = new Set(['order.total', 'lines.count', 'local.hour', 'repurchase.withinDays']);
const LIST_FACTS = new Set(['lines.skus', 'lines.tags', 'coupons.codes']);
const MAX_DEPTH = 16;

// Collects every problem instead of stopping at the first: an operator fixes a set in one pass.
class Problems {
  readonly list: RuleSetProblem[] = [];
  add(field: string, problem: string): void {
    this.list.push({ field, problem });
  }
  text(obj: Obj, key: string, at: string): void {
    if (!isText(obj[key])) this.add(`${at}/${key}`, 'must be a non-empty string');
  }
}

function checkComparison(p: Problems, c: Obj, at: string): void {
  const fact = c.fact;
  if (!FACT_NAMES.includes(fact as never)) p.add(`${at}/fact`, `must be one of ${FACT_NAMES.join(', ')}`);
  const op = c.op;
  if (!CONDITION_OPS.includes(op as never)) {
    p.add(`${at}/op`, `must be one of ${CONDITION_OPS.join(', ')}`);
    return;
  }
  const value = c.value;
  if (!('value' in c)) p.add(`${at}/value`, 'is required');
  else if (op === 'in' || op === 'notIn') {
    if (!Array.isArray(value)) p.add(`${at}/value`, `must be a list for ${op}`);
  } else if (op === 'between') {
    if (
      !Array.isArray(value) ||
      value.length !== 2 ||
      !value.every(isNumber) ||
      (value[0] as number) > (value[1] as number)
    )
      p.add(`${at}/value`, 'must be [low, high], two numbers, low not above high');
  } else if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') {
    if (!isNumber(value)) p.add(`${at}/value`, `must be a number for ${op}`);
  } else if (op === 'contains' && typeof fact === 'string' && !LIST_FACTS.has(fact)) {
    p.add(`${at}/op`, `contains applies to ${[...LIST_FACTS].join(', ')}`);
  }
  if (['gt', 'gte', 'lt', 'lte', 'between'].includes(op as string) && typeof fact === 'string') {
    if (FACT_NAMES.includes(fact as never) && !NUMERIC_FACTS.has(fact)) {
      p.add(`${at}/op`, `${op} applies to ${[...NUMERIC_FACTS].join(', ')}`);
    }
  }
  if (c.currency !== undefined) {
    if (fact !== 'order.total') p.add(`${at}/currency`, 'applies to order.total only');
    else if (typeof c.currency !== 'string' || !/^[A-Z]{3}$/.test(c.currency))
      p.add(`${at}/currency`, 'must be an ISO 4217 code');
  }
  for (const key of Object.keys(c)) {
    if (!['fact', 'op', 'value', 'currency'].includes(key)) p.add(`${at}/${key}`, 'is not a condition field');
  }
}

function checkCondition(p: Problems, c: unknown, at: string, depth: number): void {
  if (!isObject(c)) {
    p.add(at, 'must be a condition: {all}, {any}, {not} or {fact, op, value}');
    return;
  }
  if (depth > MAX_DEPTH) {
    p.add(at, `conditions nest at most ${MAX_DEPTH} deep`);
    return;
  }
  for (const key of ['all', 'any'] as const) {
    if (key in c) {
      const list = c[key];
      if (!Array.isArray(list) || list.length === 0) p.add(`${at}/${key}`, 'must be a non-empty list of conditions');
      else for (const [i, inner] of list.entries()) checkCondition(p, inner, `${at}/${key}/${i}`, depth + 1);
      return;
    }
  }
  if ('not' in c) checkCondition(p, c.not, `${at}/not`, depth + 1);
  else checkComparison(p, c, at);
}

function checkAction(p: Problems, a: unknown, at: string): void {
  if (!isObject(a)) {
    p.add(at, 'must be an action object');
    return;
  }
  switch (a.type) {
    case 'requireApproval':
      p.text(a, 'role', at);
      p.text(a, 'reason', at);
      return;
    case 'hold':
      p.text(a, 'reason', at);
      return;
    case 'addGiftLine':
      p.text(a, 'sku', at);
      p.text(a, 'name', at);
      if (!isCount(a.quantity) || a.quantity === 0) p.add(`${at}/quantity`, 'must be a whole number of at least 1');
      return;
    case 'discount':
      if (a.kind !== 'percentage' && a.kind !== 'amount') p.add(`${at}/kind`, 'must be percentage or amount');
      if (a.kind === 'percentage' && (!isNumber(a.value) || a.value <= 0 || a.value > 100))
        p.add(`${at}/value`, 'a percentage must be above 0 and at most 100');
      if (a.kind === 'amount' && (!isCount(a.value) || a.value === 0))
        p.add(`${at}/value`, 'an amount must be a whole number of minor units, at least 1');
      if (a.cap !== undefined && !isCount(a.cap)) p.add(`${at}/cap`, 'must be a whole number of minor units');
      if (!Number.isSafeInteger(a.stackingOrder)) p.add(`${at}/stackingOrder`, 'must be a whole number');
      if (a.exclusive !== undefined && typeof a.exclusive !== 'boolean') p.add(`${at}/exclusive`, 'must be a boolean');
      return;
    case 'notice':
      p.text(a, 'code', at);
      p.text(a, 'text', at);
      if (a.audience !== 'customer' && a.audience !== 'staff') p.add(`${at}/audience`, 'must be customer or staff');
      return;
    case 'tag':
      p.text(a, 'tag', at);
      return;
    case 'holdForConsolidation':
      if (!isCount(a.days) || a.days === 0 || a.days > MAX_CONSOLIDATION_DAYS)
        p.add(`${at}/days`, `must be a whole number of days from 1 to ${MAX_CONSOLIDATION_DAYS}`);
      if (a.reason !== undefined && !isText(a.reason)) p.add(`${at}/reason`, 'must be a non-empty string when given');
      return;
    case 'setPriority':
      if (!PRIORITIES.includes(a.priority as never)) p.add(`${at}/priority`, `must be one of ${PRIORITIES.join(', ')}`);
      return;
    default:
      p.add(`${at}/type`, `must be one of ${ACTION_TYPES.join(', ')}`);
  }
}

/**
 * Every problem of a rule set document (empty when it is valid): names, unique rule ids, each
 * condition's fact, operator and value, each action's fields, the price check's tolerance.
 */
export function validateRuleSet(document: unknown): RuleSetProblem[] {
  const p = new Problems();
  if (!isObject(document)) {
    p.add('', 'must be a rule set object');
    return p.list;
  }
  if (typeof document.name !== 'string' || !RULE_SET_NAME.test(document.name))
    p.add('/name', 'must be 1 to 63 lower-case letters, digits or dashes');
  if (typeof document.description !== 'string') p.add('/description', 'must be a string');
  if (document.priceCheck !== undefined) {
    const check = document.priceCheck;
    if (!isObject(check) || !isNumber(check.tolerancePercent) || check.tolerancePercent < 0)
      p.add('/priceCheck/tolerancePercent', 'must be a number of percent, not negative');
  }
  const rules = document.rules;
  if (!Array.isArray(rules)) {
    p.add('/rules', 'must be a list of rules');
    return p.list;
  }
  const ids = new Set<string>();
  for (const [r, rule] of (rules as unknown[]).entries()) {
    const at = `/rules/${r}`;
    if (!isObject(rule)) {
      p.add(at, 'must be a rule object');
      continue;
    }
    if (typeof rule.id !== 'string' || !RULE_ID.test(rule.id))
      p.add(`${at}/id`, 'must be 1 to 64 letters, digits, dots, dashes or underscores');
    else if (ids.has(rule.id)) p.add(`${at}/id`, `rule id ${rule.id} is used twice`);
    else ids.add(rule.id);
    p.text(rule, 'name', at);
    if (rule.description !== undefined && typeof rule.description !== 'string')
      p.add(`${at}/description`, 'must be a string');
    checkCondition(p, rule.when, `${at}/when`, 0);
    if (!Array.isArray(rule.then) || rule.then.length === 0) p.add(`${at}/then`, 'must be a non-empty list of actions');
    else for (const [i, action] of (rule.then as unknown[]).entries()) checkAction(p, action, `${at}/then/${i}`);
  }
  return p.list;
}
