import { h } from '../shared/dom.ts';
import { type ComparisonDraft, FACT_CHOICES, valueKind } from './rule.conditions.ts';
import { select } from './rule.controls.ts';
import { FACT_WORDS } from './rule.words.ts';

/** Changes the comparison being edited; `redraw` when the controls must be drawn again. */
export type SetComparison = (change: (c: ComparisonDraft) => ComparisonDraft, redraw: boolean) => void;

const HOURS = Array.from({ length: 24 }, (_, i) => String(i));

/** The control of a comparison's value, of the kind its fact and operator need. */
export function valueControl(draft: ComparisonDraft, set: SetComparison): HTMLElement {
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
    select(
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
      return select(
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
      return select(
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
      return chips(draft, set);
    default:
      return input(0, FACT_WORDS[draft.fact]);
  }
}

/** A list value as chips: each removable, a new one typed and added with Enter or the button. */
function chips(draft: ComparisonDraft, set: SetComparison): HTMLElement {
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
