import {
  ACTION_TYPES,
  type ConditionOp,
  FACT_NAMES,
  type FactName,
  PRIORITIES,
  ROLES,
  type RuleSetProblem,
} from '@ordinal/domain';
import { fill, h } from '../shared/dom.ts';
import { type ActionDraft, type ActionType, newAction } from './rule.actions.ts';
import {
  type ComparisonDraft,
  type ConditionDraft,
  childPointer,
  FACT_CHOICES,
  type GroupDraft,
  newComparison,
  opsForFact,
  pointerOf,
  valueKind,
  withFact,
  withOp,
} from './rule.conditions.ts';
import { newRule, problemsUnder, type RuleDraft } from './rule.document.ts';
import { asRootGroup, fromRootGroup, removeAt, type TreePath, updateAt } from './rule.tree.ts';
import { ACTION_WORDS, FACT_WORDS, OP_WORDS } from './rule.words.ts';

const CURRENCIES = ['', 'BRL', 'CNY', 'EUR', 'USD', 'GBP', 'JPY'];
const HOURS = Array.from({ length: 24 }, (_, i) => String(i));

/**
 * The rule builder: a rule's name, its conditions (fact → operator → value, in groups that may
 * be negated) and its actions, each chosen from lists; nothing is typed as JSON. Typing changes
 * the rule at once; choosing a fact, an operator or an action type draws the controls again.
 */
export class RuleBuilder {
  #rule: RuleDraft = newRule();
  #root: GroupDraft = asRootGroup(this.#rule.when);
  #problems: readonly RuleSetProblem[] = [];
  /** The pointer of this rule in the set's document: `/rules/<index>`. */
  #at = '/rules/0';

  constructor(readonly container: HTMLElement) {}

  /** Edits this rule, at this index of the set. */
  edit(rule: RuleDraft, index: number): void {
    this.#rule = rule;
    this.#root = asRootGroup(rule.when);
    this.#at = `/rules/${index}`;
    this.#problems = [];
    this.render();
  }

  /** The rule as the controls hold it now. */
  get rule(): RuleDraft {
    return { ...this.#rule, when: fromRootGroup(this.#root) };
  }

  /** Shows problems next to the controls they name. */
  showProblems(problems: readonly RuleSetProblem[]): void {
    this.#problems = problems;
    this.render();
  }

  render(): void {
    const rule = this.#rule;
    const text = (label: string, key: 'name' | 'id' | 'description', hint?: string) =>
      this.#field(
        `${this.#at}/${key}`,
        label,
        h('input', {
          value: rule[key],
          'data-control': `rule-${key}`,
          placeholder: hint,
          onInput: (e: Event) => {
            this.#rule = { ...this.#rule, [key]: (e.target as HTMLInputElement).value };
          },
        }),
      );
    fill(
      this.container,
      h(
        'div',
        { class: 'rule-head' },
        text('Rule name', 'name'),
        text('Rule id', 'id', 'made from the name'),
        text('Description', 'description', 'optional'),
      ),
      h('h3', {}, 'When'),
      this.#group(this.#root, [], `${this.#at}/when`, true),
      h('h3', {}, 'Then'),
      h('ol', { class: 'actions' }, ...rule.then.map((action, i) => this.#action(action, i))),
      h(
        'button',
        {
          type: 'button',
          'data-control': 'add-action',
          onClick: () => this.#setActions([...rule.then, newAction('hold')]),
        },
        '+ action',
      ),
      this.#problemsAt(`${this.#at}/then`, true),
    );
  }

  #setRoot(change: (root: ConditionDraft) => ConditionDraft): void {
    this.#root = asRootGroup(change(this.#root));
    this.render();
  }

  #setActions(actions: readonly ActionDraft[]): void {
    this.#rule = { ...this.#rule, then: actions };
    this.render();
  }

  #group(group: GroupDraft, path: TreePath, at: string, root: boolean): HTMLElement {
    const unwrapped = root && fromRootGroup(group) !== group;
    const children = group.children.map((child, i) =>
      h(
        'li',
        {},
        this.#condition(child, [...path, i], unwrapped ? at : childPointer(at, group, i)),
        h(
          'button',
          {
            type: 'button',
            class: 'remove',
            'aria-label': 'Remove this condition',
            onClick: () => this.#setRoot((r) => removeAt(r, [...path, i])),
          },
          'Remove',
        ),
      ),
    );
    const add = (draft: ConditionDraft) => () =>
      this.#setRoot((r) =>
        updateAt(r, path, (node) => (node.kind === 'group' ? { ...node, children: [...node.children, draft] } : node)),
      );
    return h(
      'fieldset',
      { class: 'group', 'data-path': path.join('.') },
      h(
        'legend',
        {},
        h(
          'label',
          {},
          h('input', {
            type: 'checkbox',
            checked: group.negated,
            'data-control': 'group-not',
            onChange: () => this.#setRoot((r) => updateAt(r, path, (n) => ({ ...n, negated: !n.negated }))),
          }),
          ' not',
        ),
        ' ',
        this.#select(
          'group-join',
          'Join',
          [
            ['all', 'every one of'],
            ['any', 'any one of'],
          ],
          group.join,
          (join) => this.#setRoot((r) => updateAt(r, path, (n) => ({ ...n, join: join as 'all' | 'any' }))),
        ),
      ),
      h('ul', { class: 'conditions' }, ...children),
      h('button', { type: 'button', 'data-control': 'add-condition', onClick: add(newComparison()) }, '+ condition'),
      ' ',
      h(
        'button',
        {
          type: 'button',
          'data-control': 'add-group',
          onClick: add({ kind: 'group', join: 'any', negated: false, children: [newComparison()] }),
        },
        '+ group',
      ),
      this.#problemsAt(`${pointerOf(at, group)}/${group.join}`, true),
    );
  }

  #condition(draft: ConditionDraft, path: TreePath, at: string): HTMLElement {
    if (draft.kind === 'group') return this.#group(draft, path, at, false);
    const own = pointerOf(at, draft);
    const set = (change: (c: ComparisonDraft) => ComparisonDraft, redraw: boolean) => {
      const next = updateAt(this.#root, path, (n) => (n.kind === 'comparison' ? change(n) : n));
      this.#root = asRootGroup(next);
      if (redraw) this.render();
    };
    return h(
      'div',
      { class: 'comparison', 'data-field': own },
      h(
        'label',
        { class: 'not' },
        h('input', {
          type: 'checkbox',
          checked: draft.negated,
          'data-control': 'not',
          onChange: () => set((c) => ({ ...c, negated: !c.negated }), true),
        }),
        ' not',
      ),
      this.#select(
        'fact',
        'Fact',
        FACT_NAMES.map((f) => [f, FACT_WORDS[f]]),
        draft.fact,
        (fact) => set((c) => withFact(c, fact as FactName), true),
      ),
      this.#select(
        'op',
        'Comparison',
        opsForFact(draft.fact).map((op) => [op, OP_WORDS[op]]),
        draft.op,
        (op) => set((c) => withOp(c, op as ConditionOp), true),
      ),
      this.#value(draft, set),
      draft.fact === 'order.total'
        ? this.#select(
            'currency',
            'Currency',
            CURRENCIES.map((c) => [c, c === '' ? 'any currency' : `${c} only`]),
            draft.currency,
            (currency) => set((c) => ({ ...c, currency }), false),
          )
        : null,
      this.#problemsAt(own, false),
    );
  }

  #value(draft: ComparisonDraft, set: (change: (c: ComparisonDraft) => ComparisonDraft, redraw: boolean) => void) {
    const at = (i: number) => (e: Event) => {
      const value = (e.target as HTMLInputElement).value;
      set((c) => ({ ...c, values: c.values.map((v, j) => (j === i ? value : v)) }), false);
    };
    const input = (i: number, label: string, type = 'text') =>
      h('input', {
        type,
        value: draft.values[i] ?? '',
        'aria-label': label,
        'data-control': 'value',
        inputmode: type === 'text' && draft.fact === 'order.total' ? 'decimal' : undefined,
        onInput: at(i),
      });
    const hour = (i: number, label: string) =>
      this.#select(
        'value',
        label,
        HOURS.map((v) => [v, `${v.padStart(2, '0')}:00–${v.padStart(2, '0')}:59`]),
        draft.values[i] ?? '0',
        (v) => set((c) => ({ ...c, values: c.values.map((old, j) => (j === i ? v : old)) }), false),
      );
    const kind = valueKind(draft.fact, draft.op);
    switch (kind) {
      case 'money':
        return input(0, 'Amount (e.g. 5,000.00)');
      case 'moneyRange':
      case 'numberRange':
        return h('span', {}, input(0, 'From'), ' and ', input(1, 'To'));
      case 'number':
        return input(0, 'Number', 'number');
      case 'hour':
        return hour(0, 'Hour');
      case 'hourRange':
        return h('span', {}, hour(0, 'From hour'), ' and ', hour(1, 'To hour'));
      case 'yesNo':
        return this.#select(
          'value',
          'Coupon used',
          [
            ['true', 'yes'],
            ['false', 'no'],
          ],
          draft.values[0] ?? 'true',
          (v) => set((c) => ({ ...c, values: [v] }), false),
        );
      case 'choice': {
        const choices = [...new Set([...(FACT_CHOICES[draft.fact] ?? []), ...draft.values])];
        return this.#select(
          'value',
          FACT_WORDS[draft.fact],
          choices.map((c) => [c, c]),
          draft.values[0] ?? '',
          (v) => set((c) => ({ ...c, values: [v] }), false),
        );
      }
      case 'choices': {
        const choices = [...new Set([...(FACT_CHOICES[draft.fact] ?? []), ...draft.values])];
        return h(
          'span',
          { class: 'choices', role: 'group', 'aria-label': FACT_WORDS[draft.fact] },
          ...choices.map((choice) =>
            h(
              'label',
              {},
              h('input', {
                type: 'checkbox',
                value: choice,
                checked: draft.values.includes(choice),
                'data-control': 'value',
                onChange: () =>
                  set(
                    (c) => ({
                      ...c,
                      values: c.values.includes(choice) ? c.values.filter((v) => v !== choice) : [...c.values, choice],
                    }),
                    false,
                  ),
              }),
              ` ${choice}`,
            ),
          ),
        );
      }
      case 'numbers':
      case 'hours':
      case 'texts':
        return this.#chips(draft, set);
      default:
        return input(0, FACT_WORDS[draft.fact]);
    }
  }

  /** A list value as chips: each removable, a new one typed and added with Enter or the button. */
  #chips(draft: ComparisonDraft, set: (change: (c: ComparisonDraft) => ComparisonDraft, redraw: boolean) => void) {
    const entry = h('input', { 'aria-label': `Add to ${FACT_WORDS[draft.fact]}`, 'data-control': 'chip-input' });
    const add = () => {
      const value = entry.value.trim();
      if (value !== '' && !draft.values.includes(value)) set((c) => ({ ...c, values: [...c.values, value] }), true);
    };
    entry.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        add();
      }
    });
    return h(
      'span',
      { class: 'chips' },
      ...draft.values.map((value) =>
        h(
          'span',
          { class: 'chip', 'data-chip': value },
          value,
          h(
            'button',
            {
              type: 'button',
              'aria-label': `Remove ${value}`,
              onClick: () => set((c) => ({ ...c, values: c.values.filter((v) => v !== value) }), true),
            },
            '×',
          ),
        ),
      ),
      entry,
      h('button', { type: 'button', 'data-control': 'chip-add', onClick: add }, 'Add'),
    );
  }

  #action(action: ActionDraft, index: number): HTMLElement {
    const at = `${this.#at}/then/${index}`;
    const update = (key: string, value: string, redraw = false) => {
      const then = this.#rule.then.map((a, i) => (i === index ? { ...a, fields: { ...a.fields, [key]: value } } : a));
      this.#rule = { ...this.#rule, then };
      if (redraw) this.render();
    };
    const input = (key: string, label: string, type = 'text') =>
      this.#field(
        `${at}/${key}`,
        label,
        h('input', {
          type,
          value: action.fields[key] ?? '',
          'data-control': key,
          onInput: (e: Event) => update(key, (e.target as HTMLInputElement).value),
        }),
      );
    const choose = (key: string, label: string, options: readonly string[]) =>
      this.#field(
        `${at}/${key}`,
        label,
        this.#select(
          key,
          label,
          options.map((o) => [o, o]),
          action.fields[key] ?? '',
          (v) => update(key, v, key === 'kind'),
        ),
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
      case 'setPriority':
        fields.push(choose('priority', 'Priority', PRIORITIES));
        break;
    }
    return h(
      'li',
      { class: 'action', 'data-field': at },
      this.#select(
        'action-type',
        'Action',
        ACTION_TYPES.map((t) => [t, ACTION_WORDS[t]]),
        action.type,
        (type) => this.#setActions(this.#rule.then.map((a, i) => (i === index ? newAction(type as ActionType) : a))),
      ),
      ...fields,
      h(
        'button',
        {
          type: 'button',
          class: 'remove',
          'aria-label': 'Remove this action',
          onClick: () => this.#setActions(this.#rule.then.filter((_, i) => i !== index)),
        },
        'Remove',
      ),
      this.#problemsAt(at, false, ['/type']),
    );
  }

  #select(
    control: string,
    label: string,
    options: readonly (readonly [string, string])[],
    value: string,
    onChange: (value: string) => void,
  ): HTMLSelectElement {
    const select = h(
      'select',
      {
        'aria-label': label,
        'data-control': control,
        onChange: (e: Event) => onChange((e.target as HTMLSelectElement).value),
      },
      ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
    );
    return select;
  }

  #field(pointer: string, label: string, control: HTMLElement): HTMLElement {
    return h(
      'label',
      { class: 'field', 'data-field': pointer },
      h('span', {}, label),
      control,
      this.#problemsAt(pointer, true),
    );
  }

  /** The problems at a pointer: exactly there, or (`deep`) anywhere under it; `own` suffixes count as exact too. */
  #problemsAt(pointer: string, exact: boolean, own: readonly string[] = []): HTMLElement | null {
    const found = exact
      ? this.#problems.filter((p) => p.field === pointer)
      : problemsUnder(this.#problems, pointer).filter(
          (p) =>
            p.field === pointer ||
            ['/fact', '/op', '/value', '/currency', ...own].some((s) => p.field === `${pointer}${s}`),
        );
    if (found.length === 0) return null;
    return h('span', { class: 'field-problem', role: 'alert' }, found.map((p) => p.problem).join('; '));
  }
}
