import type { Action, RuleSetProblem } from '@ordinal/domain';
import { formatMajor, parseMajor } from './rule.money.ts';

/** The action types in the order the builder lists them. */
export type ActionType = Action['type'];

/**
 * An action as the builder edits it: its type and the text of each of its controls. Amounts
 * (a discount's value when it is an amount, its cap) are in major units here.
 */
export interface ActionDraft {
  readonly type: ActionType;
  readonly fields: Readonly<Record<string, string>>;
}

/** The fields of each action type and what a new one starts with. */
export const ACTION_DEFAULTS: Readonly<Record<ActionType, Readonly<Record<string, string>>>> = {
  requireApproval: { role: 'finance', reason: '' },
  hold: { reason: '' },
  addGiftLine: { sku: '', name: '', quantity: '1' },
  discount: { kind: 'percentage', value: '', cap: '', stackingOrder: '1', exclusive: '' },
  notice: { code: '', text: '', audience: 'customer' },
  tag: { tag: '' },
  setPriority: { priority: 'high' },
  holdForConsolidation: { days: '3', reason: '' },
};

/** A new action of a type, with its defaults. */
export function newAction(type: ActionType): ActionDraft {
  return { type, fields: { ...ACTION_DEFAULTS[type] } };
}

/** The draft of a document's action. */
export function actionDraft(action: Action): ActionDraft {
  switch (action.type) {
    case 'discount':
      return {
        type: 'discount',
        fields: {
          kind: action.kind,
          value: action.kind === 'amount' ? formatMajor(action.value, 2, false) : String(action.value),
          cap: action.cap === undefined ? '' : formatMajor(action.cap, 2, false),
          stackingOrder: String(action.stackingOrder),
          exclusive: action.exclusive === true ? 'true' : '',
        },
      };
    case 'addGiftLine':
      return { type: action.type, fields: { sku: action.sku, name: action.name, quantity: String(action.quantity) } };
    case 'holdForConsolidation':
      return { type: action.type, fields: { days: String(action.days), reason: action.reason ?? '' } };
    default: {
      const { type, ...rest } = action;
      return { type, fields: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, String(v)])) };
    }
  }
}

function whole(text: string | undefined, field: string, problems: RuleSetProblem[]): number {
  const value = Number((text ?? '').trim());
  if ((text ?? '').trim() === '' || !Number.isSafeInteger(value))
    problems.push({ field, problem: 'must be a whole number' });
  return value;
}

function amount(text: string | undefined, field: string, problems: RuleSetProblem[]): number {
  const minor = parseMajor(text ?? '');
  if (minor === undefined) problems.push({ field, problem: 'must be an amount like 10 or 10.50' });
  return minor ?? Number.NaN;
}

/** The document's action of a draft; what cannot be read is added to `problems` at its pointer. */
export function actionOf(draft: ActionDraft, at: string, problems: RuleSetProblem[]): Action {
  const f = draft.fields;
  const text = (key: string) => (f[key] ?? '').trim();
  switch (draft.type) {
    case 'requireApproval':
      return { type: 'requireApproval', role: text('role'), reason: text('reason') };
    case 'hold':
      return { type: 'hold', reason: text('reason') };
    case 'addGiftLine':
      return {
        type: 'addGiftLine',
        sku: text('sku'),
        name: text('name'),
        quantity: whole(f.quantity, `${at}/quantity`, problems),
      };
    case 'discount': {
      const kind = text('kind') === 'amount' ? 'amount' : 'percentage';
      const value =
        kind === 'amount'
          ? amount(f.value, `${at}/value`, problems)
          : Number(text('value') === '' ? 'x' : text('value'));
      if (kind === 'percentage' && !Number.isFinite(value))
        problems.push({ field: `${at}/value`, problem: 'must be a number' });
      return {
        type: 'discount',
        kind,
        value,
        ...(text('cap') === '' ? {} : { cap: amount(f.cap, `${at}/cap`, problems) }),
        stackingOrder: whole(f.stackingOrder, `${at}/stackingOrder`, problems),
        ...(text('exclusive') === 'true' ? { exclusive: true } : {}),
      };
    }
    case 'notice':
      return {
        type: 'notice',
        code: text('code'),
        text: text('text'),
        audience: text('audience') === 'staff' ? 'staff' : 'customer',
      };
    case 'tag':
      return { type: 'tag', tag: text('tag') };
    case 'setPriority':
      return { type: 'setPriority', priority: text('priority') as 'high' };
    case 'holdForConsolidation':
      return {
        type: 'holdForConsolidation',
        days: whole(f.days, `${at}/days`, problems),
        ...(text('reason') === '' ? {} : { reason: text('reason') }),
      };
  }
}
