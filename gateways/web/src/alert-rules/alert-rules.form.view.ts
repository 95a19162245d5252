import type { AlertRule, AlertRuleSetDocument } from '@ordinal/domain';
import { fill, h } from '../shared/dom.ts';
import { words } from '../shared/format.ts';
import { documentOf, fieldOfProblem, NUMBER_FIELDS } from './alert-rules.fields.ts';
import { alertRuleWords } from './alert-rules.words.ts';

/** A labelled control whose JSON pointer is its `data-field`, with a place for the API's reason below it. */
function field(label: string, pointer: string, control: HTMLInputElement): HTMLLabelElement {
  control.dataset.field = pointer;
  control.name = pointer;
  return h(
    'label',
    { class: 'field' },
    label,
    control,
    h('span', { class: 'field-problem', 'data-problem-for': pointer, role: 'alert' }),
  );
}

function ruleFieldset(rule: AlertRule, i: number): HTMLFieldSetElement {
  const at = `/rules/${i}`;
  const number = (key: string, label: string) =>
    field(
      label,
      `${at}/${key}`,
      h('input', {
        type: 'number',
        step: 1,
        inputmode: 'numeric',
        value: String((rule as unknown as Record<string, unknown>)[key] ?? ''),
      }),
    );
  const webhooks = h('input', { type: 'checkbox', checked: rule.notify.webhooks });
  return h(
    'fieldset',
    { class: 'group', 'data-rule': rule.id },
    h('legend', {}, `${rule.id} (${words(rule.kind)})`),
    h('p', { class: 'muted' }, alertRuleWords(rule)),
    h('div', { class: 'numbers-grid' }, ...NUMBER_FIELDS[rule.kind].map(({ key, label }) => number(key, label))),
    h(
      'div',
      { class: 'numbers-grid' },
      field('Description', `${at}/description`, h('input', { value: rule.description, autocomplete: 'off' })),
      field('Audience (who acts)', `${at}/notify/audience`, h('input', { value: rule.notify.audience })),
      field(
        'E-mail to (separated by commas)',
        `${at}/notify/email`,
        h('input', { value: rule.notify.email.join(', '), autocomplete: 'off' }),
      ),
      field('Send to the webhooks', `${at}/notify/webhooks`, webhooks),
    ),
  );
}

/**
 * The form of an alert rule set version: the set's description, then per rule its figures,
 * description, audience, e-mail addresses and webhooks. What is typed is read back whole over
 * the version it was opened on, and the API's problems are shown under the fields they name.
 */
export class AlertRuleSetForm {
  readonly #root: HTMLElement;
  readonly #problems: HTMLElement;
  #base: AlertRuleSetDocument | undefined;

  constructor(root: HTMLElement, problems: HTMLElement) {
    this.#root = root;
    this.#problems = problems;
  }

  /** Fills the form with a version's document. */
  edit(document: AlertRuleSetDocument): void {
    this.#base = document;
    fill(
      this.#root,
      field('Set description', '/description', h('input', { value: document.description, autocomplete: 'off' })),
      ...document.rules.map((rule, i) => ruleFieldset(rule, i)),
    );
    this.showProblems([]);
  }

  /** The document as typed, undefined before a version was opened. */
  get document(): AlertRuleSetDocument | undefined {
    if (this.#base === undefined) return undefined;
    const values = new Map<string, string | boolean>();
    for (const input of this.#root.querySelectorAll<HTMLInputElement>('input[data-field]')) {
      values.set(input.dataset.field ?? '', input.type === 'checkbox' ? input.checked : input.value);
    }
    return documentOf(this.#base, values);
  }

  /** Each problem under its field (the nearest one holding it); the rest in the list below the form. */
  showProblems(problems: readonly { field: string; reason: string }[]): void {
    const slots = new Map(
      [...this.#root.querySelectorAll<HTMLElement>('[data-problem-for]')].map((s) => [s.dataset.problemFor ?? '', s]),
    );
    for (const slot of slots.values()) slot.textContent = '';
    for (const input of this.#root.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    const elsewhere: { field: string; reason: string }[] = [];
    for (const problem of problems) {
      const at = fieldOfProblem(problem.field, new Set(slots.keys()));
      const slot = at === undefined ? undefined : slots.get(at);
      if (slot === undefined) {
        elsewhere.push(problem);
        continue;
      }
      slot.textContent = [slot.textContent, problem.reason].filter((t) => t !== '').join('; ');
      this.#root.querySelector(`[data-field="${at}"]`)?.setAttribute('aria-invalid', 'true');
    }
    fill(
      this.#problems,
      ...elsewhere.map((p) => h('li', { 'data-field': p.field }, `${p.field || 'the set'}: ${p.reason}`)),
    );
  }
}
