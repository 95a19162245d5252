import { PRIORITIES, ROLES, type RuleSetProblem } from '@ordinal/domain';
import { h } from '../shared/dom.ts';
import type { ActionDraft } from './rule.actions.ts';
import { field, select } from './rule.controls.ts';

/** Changes one field of the action being edited; `redraw` when the controls must be drawn again. */
export type UpdateAction = (key: string, value: string, redraw?: boolean) => void;

/** The controls of an action's own fields, at its JSON pointer `at`, with the problems found there. */
export function actionFields(
  action: ActionDraft,
  at: string,
  update: UpdateAction,
  problems: readonly RuleSetProblem[],
): HTMLElement[] {
  const input = (key: string, label: string, type = 'text') =>
    field(
      `${at}/${key}`,
      label,
      h('input', {
        type,
        value: action.fields[key] ?? '',
        'data-control': key,
        onInput: (e: Event) => update(key, (e.target as HTMLInputElement).value),
      }),
      problems,
    );
  const choose = (key: string, label: string, options: readonly string[]) =>
    field(
      `${at}/${key}`,
      label,
      select(
        key,
        label,
        options.map((o) => [o, o]),
        action.fields[key] ?? '',
        (v) => update(key, v, key === 'kind'),
      ),
      problems,
    );
  const fields: HTMLElement[] = [];
  switch (action.type) {
    case 'requireApproval':
      fields.push(choose('role', 'Approved by', ROLES), input('reason', 'Reason'));
      break;
    case 'hold':
      fields.push(input('reason', 'Reason'));
      break;
    case 'addGiftLine':
      fields.push(input('sku', 'Gift SKU'), input('name', 'Gift name'), input('quantity', 'Quantity', 'number'));
      break;
    case 'discount': {
      const percent = action.fields.kind !== 'amount';
      fields.push(
        choose('kind', 'Kind', ['percentage', 'amount']),
        input('value', percent ? 'Percent off' : 'Amount off (e.g. 10.00)'),
        input('cap', 'At most (amount, optional)'),
        input('stackingOrder', 'Stacking order', 'number'),
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            checked: action.fields.exclusive === 'true',
            'data-control': 'exclusive',
            onChange: (e: Event) => update('exclusive', (e.target as HTMLInputElement).checked ? 'true' : ''),
          }),
          ' applies alone',
        ),
      );
      break;
    }
    case 'notice':
      fields.push(input('code', 'Code'), input('text', 'Text'), choose('audience', 'For', ['customer', 'staff']));
      break;
    case 'tag':
      fields.push(input('tag', 'Tag'));
      break;
    case 'holdForConsolidation':
      fields.push(input('days', 'Hold at most (days)', 'number'), input('reason', 'Reason (optional)'));
      break;
    case 'setPriority':
      fields.push(choose('priority', 'Priority', PRIORITIES));
      break;
  }
  return fields;
}
