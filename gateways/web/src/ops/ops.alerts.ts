import type { LiveClient } from '../../../src/live/live.client.ts';
import { fill, h } from '../shared/dom.ts';
import { formatDateTime, words } from '../shared/format.ts';
import { type Api, problemText } from '../shared/session.ts';

/** Roles that may acknowledge or resolve an alert (`handleAlerts` in gateways/src/http/roles.ts). */
const HANDLERS = new Set(['cs', 'ops', 'admin', 'finance', 'risk']);

/** An alert as the board shows it: from `GET /alerts` or from the alerts feed. */
interface BoardAlert {
  readonly alertId: string;
  readonly status: string;
  readonly summary: string;
  readonly rule: { readonly ruleId: string; readonly kind: string };
  readonly subject: { readonly kind: string; readonly id: string };
  readonly at: string;
  readonly audience: string;
}

interface ListedAlert {
  readonly alertId: string;
  readonly status: string;
  readonly summary: string;
  readonly rule: { readonly ruleId: string; readonly kind: string };
  readonly subject: { readonly kind: string; readonly id: string };
  readonly raisedAt: string;
  readonly notify: { readonly audience: string };
}

/** What the board reports: a refusal of an acknowledgement or resolution, in words. */
export type AlertProblem = (error: Error) => void;

/**
 * The alerts panel of the operations floor: the open and acknowledged alerts from the API,
 * then each alert raised, acknowledged or resolved as the alerts feed sends it (a resolved one
 * leaves the board). Asked again on every (re)connect, as the feed is live only. A role that may
 * handle alerts gets a note field and Acknowledge / Resolve on each (a resolution needs the
 * reason, for the alert's history); a note typed survives the feed's re-renders.
 */
export class AlertsBoard {
  readonly #list: HTMLElement;
  readonly #api: Api;
  readonly #canHandle: boolean;
  readonly #onProblem: AlertProblem;
  readonly #alerts = new Map<string, BoardAlert>();
  readonly #drafts = new Map<string, string>();

  constructor(list: HTMLElement, api: Api, role: string | undefined, onProblem: AlertProblem) {
    this.#list = list;
    this.#api = api;
    this.#canHandle = role !== undefined && HANDLERS.has(role);
    this.#onProblem = onProblem;
  }

  /** Follows the alerts feed of the page's live client. */
  watch(live: LiveClient, onError: (error: Error) => void): void {
    live.watchAlerts({
      onAlert: (raw) => {
        const alert = raw as unknown as {
          alertId: string;
          status: string;
          summary: string;
          rule: BoardAlert['rule'];
          subject: BoardAlert['subject'];
          occurredAt: string;
          audience: string;
        };
        const known = this.#alerts.get(alert.alertId);
        this.#put({ ...alert, at: known?.at ?? alert.occurredAt });
      },
      onError: (error) => onError(new Error(error.message)),
    });
  }

  /** The open and acknowledged alerts as the API has them now. */
  async refresh(): Promise<void> {
    const [open, acknowledged] = await Promise.all([
      this.#api.get<{ items: ListedAlert[] }>('/alerts?status=open&limit=100'),
      this.#api.get<{ items: ListedAlert[] }>('/alerts?status=acknowledged&limit=100'),
    ]);
    // What the API has now replaces the board: alerts resolved while the feed was down leave it.
    this.#alerts.clear();
    for (const item of [...open.items, ...acknowledged.items]) {
      this.#alerts.set(item.alertId, {
        alertId: item.alertId,
        status: item.status,
        summary: item.summary,
        rule: item.rule,
        subject: item.subject,
        at: item.raisedAt,
        audience: item.notify.audience,
      });
    }
    this.#render();
  }

  #put(alert: BoardAlert): void {
    if (alert.status === 'resolved') this.#alerts.delete(alert.alertId);
    else this.#alerts.set(alert.alertId, alert);
    this.#render();
  }

  #render(): void {
    const alerts = [...this.#alerts.values()].sort((a, b) => b.at.localeCompare(a.at));
    // Whoever is typing a note keeps the field, its text and the caret through the re-render.
    const active = document.activeElement;
    const typing = active instanceof HTMLInputElement && this.#list.contains(active) ? active : undefined;
    const caret = typing?.selectionStart ?? null;
    fill(
      this.#list,
      ...(alerts.length === 0
        ? [h('li', { class: 'muted' }, 'No open alerts.')]
        : alerts.map((alert) =>
            h(
              'li',
              { 'data-alert': alert.alertId, 'data-status': alert.status, 'data-rule': alert.rule.ruleId },
              h('time', { datetime: alert.at, class: 'muted' }, formatDateTime(alert.at)),
              h('strong', {}, words(alert.rule.kind)),
              h('span', {}, alert.summary),
              h('span', { class: 'muted' }, `${words(alert.status)} · for ${alert.audience}`),
              this.#canHandle ? this.#actions(alert) : null,
            ),
          )),
    );
    if (typing?.dataset.alert !== undefined) {
      const again = this.#list.querySelector<HTMLInputElement>(
        `input[data-alert="${CSS.escape(typing.dataset.alert)}"]`,
      );
      again?.focus();
      if (again !== null && caret !== null) again.setSelectionRange(caret, caret);
    }
  }

  /** The note field and the buttons of one alert. */
  #actions(alert: BoardAlert): HTMLFormElement {
    const inputId = `note-${alert.alertId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const input = h('input', {
      id: inputId,
      name: 'note',
      autocomplete: 'off',
      maxlength: 500,
      placeholder: 'Note, or why it is resolved',
      'data-alert': alert.alertId,
    });
    input.value = this.#drafts.get(alert.alertId) ?? '';
    input.addEventListener('input', () => {
      input.setCustomValidity('');
      this.#drafts.set(alert.alertId, input.value);
    });
    const acknowledge =
      alert.status === 'open' ? h('button', { type: 'submit', value: 'acknowledge' }, 'Acknowledge') : null;
    const resolve = h('button', { type: 'submit', value: 'resolve' }, 'Resolve');
    const form = h(
      'form',
      { class: 'alert-actions', 'aria-label': `Handle alert ${alert.alertId}` },
      h('label', { for: inputId, class: 'visually-hidden' }, `Note for ${alert.alertId}`),
      input,
      acknowledge,
      resolve,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const action = ((event as SubmitEvent).submitter as HTMLButtonElement | null)?.value ?? 'acknowledge';
      const text = input.value.trim();
      if (action === 'resolve' && text === '') {
        input.setCustomValidity('Say why it is resolved, for the alert’s history.');
        input.reportValidity();
        return;
      }
      for (const button of form.querySelectorAll('button')) button.disabled = true;
      const path = `/alerts/${encodeURIComponent(alert.alertId)}/${action}`;
      const body = action === 'resolve' ? { reason: text } : text === '' ? {} : { note: text };
      this.#api.post<{ status: string }>(path, body).then(
        (answer) => {
          this.#drafts.delete(alert.alertId);
          this.#put({ ...alert, status: answer.status });
        },
        (error: unknown) => {
          for (const button of form.querySelectorAll('button')) button.disabled = false;
          this.#onProblem(new Error(`Alert ${alert.alertId}: ${problemText(error)}`));
        },
      );
    });
    return form;
  }
}
