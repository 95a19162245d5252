import type { LiveClient } from '../../../src/live/live.client.ts';
import { fill, h } from '../shared/dom.ts';
import { formatDateTime, words } from '../shared/format.ts';
import type { Api } from '../shared/session.ts';

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

/**
 * The alerts panel of the operations floor: the open and acknowledged alerts from the API,
 * then each alert raised, acknowledged or resolved as the alerts feed sends it (a resolved one
 * leaves the board). Asked again on every (re)connect, as the feed is live only.
 */
export class AlertsBoard {
  readonly #list: HTMLElement;
  readonly #api: Api;
  readonly #alerts = new Map<string, BoardAlert>();

  constructor(list: HTMLElement, api: Api) {
    this.#list = list;
    this.#api = api;
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
            ),
          )),
    );
  }
}
