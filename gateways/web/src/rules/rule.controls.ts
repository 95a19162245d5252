import type { RuleSetProblem } from '@ordinal/domain';
import { h } from '../shared/dom.ts';

/** A labelled select of `[value, text]` options; `data-control` names it for styling and tests. */
export function select(
  control: string,
  label: string,
  options: readonly (readonly [string, string])[],
  value: string,
  onChange: (value: string) => void,
): HTMLSelectElement {
  return h(
    'select',
    {
      'aria-label': label,
      'data-control': control,
      onChange: (e: Event) => onChange((e.target as HTMLSelectElement).value),
    },
    ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
  );
}

/** The problems given, said beside a control (nothing when there are none). */
export function problemNote(problems: readonly RuleSetProblem[]): HTMLElement | null {
  if (problems.length === 0) return null;
  return h('span', { class: 'field-problem', role: 'alert' }, problems.map((p) => p.problem).join('; '));
}

/** A control with its label and the problems at its JSON pointer (`data-field`). */
export function field(
  pointer: string,
  label: string,
  control: HTMLElement,
  problems: readonly RuleSetProblem[],
): HTMLElement {
  return h(
    'label',
    { class: 'field', 'data-field': pointer },
    h('span', {}, label),
    control,
    problemNote(problems.filter((p) => p.field === pointer)),
  );
}
