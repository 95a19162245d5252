import { ACTION_TYPES, type ConditionOp, FACT_NAMES, type FactName, type RuleSetProblem } from '@ordinal/domain';
import { fill, h } from '../shared/dom.ts';
import { actionFields } from './rule.action.view.ts';
import { type ActionDraft, type ActionType, newAction } from './rule.actions.ts';
import {
  type ConditionDraft,
  childPointer,
  type GroupDraft,
  newComparison,
  opsForFact,
  pointerOf,
  withFact,
  withOp,
} from './rule.conditions.ts';
import { field, problemNote, select } from './rule.controls.ts';
import { newRule, problemsUnder, type RuleDraft } from './rule.document.ts';
import { asRootGroup, fromRootGroup, removeAt, type TreePath, updateAt } from './rule.tree.ts';
import { type SetComparison, valueControl } from './rule.value.view.ts';
import { ACTION_WORDS, FACT_WORDS, OP_WORDS } from './rule.words.ts';

const CURRENCIES = ['', 'BRL', 'CNY', 'EUR', 'USD', 'GBP', 'JPY'];

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

  constructor(readonly container: HTMLElement) {
    // A control changed: its problem is no longer known to hold until the rule is checked again.
    const forget = (event: Event) => {
      const at = (event.target as Element).closest<HTMLElement>('[data-field]');
      const pointer = at?.dataset.field;
      if (at === null || pointer === undefined) return;
      at.querySelector(':scope > .field-problem')?.remove();
      this.#problems = this.#problems.filter((p) => p.field !== pointer && !p.field.startsWith(`${pointer}/`));
    };
    container.addEventListener('input', forget);
    container.addEventListener('change', forget);
  }

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
        select(
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
    const set: SetComparison = (change, redraw) => {
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
      select(
        'fact',
        'Fact',
        FACT_NAMES.map((f) => [f, FACT_WORDS[f]]),
        draft.fact,
        (fact) => set((c) => withFact(c, fact as FactName), true),
      ),
      select(
        'op',
        'Comparison',
        opsForFact(draft.fact).map((op) => [op, op === 'contains' ? 'include any of' : OP_WORDS[op]]),
        draft.op,
        (op) => set((c) => withOp(c, op as ConditionOp), true),
      ),
      valueControl(draft, set),
      draft.fact === 'order.total'
        ? select(
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

  #action(action: ActionDraft, index: number): HTMLElement {
    const at = `${this.#at}/then/${index}`;
    const update = (key: string, value: string, redraw = false) => {
      const then = this.#rule.then.map((a, i) => (i === index ? { ...a, fields: { ...a.fields, [key]: value } } : a));
      this.#rule = { ...this.#rule, then };
      if (redraw) this.render();
    };
    const fields = actionFields(action, at, update, this.#problems);
    return h(
      'li',
      { class: 'action', 'data-field': at },
      select(
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

  #field(pointer: string, label: string, control: HTMLElement): HTMLElement {
    return field(pointer, label, control, this.#problems);
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
    return problemNote(found);
  }
}
