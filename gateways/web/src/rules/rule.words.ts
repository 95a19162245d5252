import type { Action, Condition, ConditionOp, FactCondition, FactName, Rule } from '@ordinal/domain';
import { containsAnyOf, currencyDigits } from './rule.conditions.ts';
import { formatMajor } from './rule.money.ts';

/** Each fact as an operator says it. */
export const FACT_WORDS: Readonly<Record<FactName, string>> = {
  'order.total': 'order total',
  'order.currency': 'order currency',
  'order.channel': 'sales channel',
  'customer.tier': 'customer tier',
  'destination.country': 'destination country',
  'destination.region': 'destination region',
  'destination.postalCode': 'destination postal code',
  'lines.count': 'number of lines',
  'lines.skus': 'SKUs ordered',
  'lines.tags': 'product tags',
  'coupons.used': 'coupon used',
  'coupons.codes': 'coupon codes',
  'local.hour': 'hour placed',
  'local.weekday': 'day placed',
  'repurchase.withinDays': 'days until the customer likely reorders',
};

/** Each operator as an operator says it. */
export const OP_WORDS: Readonly<Record<ConditionOp, string>> = {
  eq: 'is',
  neq: 'is not',
  gt: 'is above',
  gte: 'is at least',
  lt: 'is below',
  lte: 'is at most',
  in: 'is one of',
  notIn: 'is none of',
  contains: 'include',
  between: 'is between',
};

/** Each action type as the builder's list names it. */
export const ACTION_WORDS: Readonly<Record<Action['type'], string>> = {
  requireApproval: 'Ask for approval',
  hold: 'Hold the order',
  addGiftLine: 'Add a gift',
  discount: 'Take a discount off',
  notice: 'Attach a notice',
  tag: 'Tag the order',
  setPriority: 'Set the priority',
  holdForConsolidation: 'Hold to ship with the next order',
};

function valueWords(condition: FactCondition): string {
  const one = (v: unknown) =>
    condition.fact === 'order.total' && typeof v === 'number'
      ? formatMajor(v, currencyDigits(condition.currency ?? ''))
      : String(v);
  const { value } = condition;
  if (!Array.isArray(value)) return one(value);
  if (condition.op === 'between') return `${one(value[0])} and ${one(value[1])}`;
  return value.map(one).join(', ');
}

function comparisonWords(condition: FactCondition): string {
  if (condition.fact === 'coupons.used' && condition.op === 'eq') {
    return condition.value === true ? 'a coupon is used' : 'no coupon is used';
  }
  const fact = FACT_WORDS[condition.fact] ?? condition.fact;
  const currency = condition.currency === undefined ? '' : ` in ${condition.currency}`;
  return `${fact}${currency} ${OP_WORDS[condition.op] ?? condition.op} ${valueWords(condition)}`;
}

/** A condition in words: "order total is above 5,000.00 and (sales channel is webshop or …)". */
export function conditionWords(condition: Condition, nested = false): string {
  const chips = containsAnyOf(condition);
  if (chips !== undefined) return `${FACT_WORDS[chips.fact]} include any of ${chips.values.join(', ')}`;
  if ('all' in condition || 'any' in condition) {
    const [list, join] =
      'all' in condition ? [condition.all, ' and '] : [(condition as { any: Condition[] }).any, ' or '];
    const text = list.map((c) => conditionWords(c, true)).join(join);
    return nested && list.length > 1 ? `(${text})` : text;
  }
  if ('not' in condition) return `not ${conditionWords(condition.not, true)}`;
  return comparisonWords(condition);
}

/** An action in words: "ask finance to approve: order total above 5,000". */
export function actionWords(action: Action): string {
  switch (action.type) {
    case 'requireApproval':
      return `ask ${action.role} to approve: ${action.reason}`;
    case 'hold':
      return `hold the order: ${action.reason}`;
    case 'addGiftLine':
      return `add a gift: ${action.quantity} × ${action.name} (${action.sku})`;
    case 'discount': {
      const amount = action.kind === 'percentage' ? `${action.value}%` : formatMajor(action.value);
      const cap = action.cap === undefined ? '' : `, at most ${formatMajor(action.cap)}`;
      const alone = action.exclusive === true ? ', alone' : '';
      return `take ${amount} off${cap} (stacking ${action.stackingOrder}${alone})`;
    }
    case 'notice':
      return `tell the ${action.audience === 'staff' ? 'staff' : 'customer'}: ${action.text} (${action.code})`;
    case 'tag':
      return `tag the order “${action.tag}”`;
    case 'setPriority':
      return `give it ${action.priority} priority`;
    case 'holdForConsolidation': {
      const why = action.reason === undefined ? '' : `: ${action.reason}`;
      return `hold up to ${action.days} day${action.days === 1 ? '' : 's'} to ship with the customer’s next order${why}`;
    }
  }
}

/** A rule in words: "When order total is above 5,000.00 → ask finance to approve: order total above 5,000". */
export function ruleWords(rule: Pick<Rule, 'when' | 'then'>): string {
  return `When ${conditionWords(rule.when)} → ${rule.then.map(actionWords).join('; ')}`;
}

const DIFFERENCE_WORDS: Readonly<Record<string, string>> = {
  matched: 'rules matched',
  approval: 'approval',
  hold: 'hold',
  giftLines: 'gifts',
  discountTotal: 'discount',
  notices: 'notices',
  tags: 'tags',
  priority: 'priority',
  consolidation: 'held to ship with the next order',
};

function outcomeWords(field: string, value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (field === 'approval' && typeof value === 'object') {
    const { role, reason } = value as { role?: string; reason?: string };
    return `${role} approves (${reason})`;
  }
  if (field === 'discountTotal' && typeof value === 'number') return value === 0 ? 'none' : formatMajor(value);
  if (field === 'consolidation' && typeof value === 'number') return `up to ${value} day${value === 1 ? '' : 's'}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    return value
      .map((v) =>
        typeof v === 'object' && v !== null && 'sku' in v
          ? `${(v as { quantity: number }).quantity} × ${v.sku}`
          : String(v),
      )
      .join(', ');
  }
  return String(value);
}

/** One dry-run difference in words: "approval: none → finance approves (order total above 5,000)". */
export function differenceWords(difference: { field: string; recorded: unknown; wouldBe: unknown }): string {
  const { field, recorded, wouldBe } = difference;
  return `${DIFFERENCE_WORDS[field] ?? field}: ${outcomeWords(field, recorded)} → ${outcomeWords(field, wouldBe)}`;
}
