import { h } from './dom.ts';
import { describeActor } from './format.ts';
import { type Api, problemText } from './session.ts';

/** One button of a decision: its label and the route it posts `{ reason }` to. */
export interface DecisionAction {
  readonly label: string;
  readonly path: string;
  /** The outcome in words, e.g. `Approved`. */
  readonly done: string;
}

/** What a command route answers: the events it recorded. */
interface CommandResult {
  readonly events: readonly {
    readonly type: string;
    readonly data: Record<string, unknown>;
    readonly metadata: { readonly actor: unknown };
  }[];
}

/** What became of a decision, for the page's log: the order, the outcome, who and why. */
export interface DecisionOutcome {
  readonly orderId: string;
  readonly text: string;
  readonly ok: boolean;
}

/**
 * A reason field and one button per action for an order, in a form: the reason is required,
 * each button posts it as the signed-in role, and `onOutcome` hears who did what (from the
 * recorded event: `decidedBy`, else its actor) or why it was refused.
 */
export function decisionForm(
  api: Api,
  orderId: string,
  actions: readonly DecisionAction[],
  onOutcome: (outcome: DecisionOutcome) => void,
): HTMLFormElement {
  const inputId = `reason-${orderId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const input = h('input', { id: inputId, name: 'reason', required: true, autocomplete: 'off', maxlength: 2000 });
  const buttons = actions.map((action) =>
    h('button', { type: 'submit', value: action.path, 'data-action': action.done.toLowerCase() }, action.label),
  );
  const form = h(
    'form',
    { class: 'decision', 'aria-label': `Decide order ${orderId}` },
    h('label', { for: inputId }, `Reason for ${orderId}`),
    input,
    ...buttons,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    const action = actions.find((a) => a.path === submitter?.value) ?? actions[0];
    const reason = input.value.trim();
    if (action === undefined) return;
    if (reason === '') {
      input.setCustomValidity('Say why, for the audit trail.');
      input.reportValidity();
      return;
    }
    for (const button of buttons) button.disabled = true;
    api.post<CommandResult>(action.path, { reason }).then(
      (result) => {
        const event = result.events[0];
        const by = describeActor(event?.data.decidedBy ?? event?.metadata.actor);
        onOutcome({ orderId, ok: true, text: `${action.done} by ${by}: ${reason}` });
      },
      (error: unknown) => {
        for (const button of buttons) button.disabled = false;
        onOutcome({ orderId, ok: false, text: `Not done: ${problemText(error)}` });
      },
    );
  });
  input.addEventListener('input', () => input.setCustomValidity(''));
  return form;
}
