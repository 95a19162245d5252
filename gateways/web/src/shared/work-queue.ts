import { type DecisionAction, type DecisionOutcome, decisionForm } from './decision.ts';
import { byId, type Child, fill, h } from './dom.ts';
import { type Api, problemText } from './session.ts';

/**
 * What a work-queue page shows: the orders a route answers, a row each with a decision form
 * that asks for a reason, and what was decided on this page.
 */
export interface WorkQueue<T extends { readonly orderId: string }> {
  readonly api: Api;
  /** The id of the queue's table; its `thead` names the columns. */
  readonly table: string;
  /** The route answering `{ items }`, asked again every few seconds and after each decision. */
  readonly path: string;
  /** Said in the table when nothing waits. */
  readonly empty: string;
  /** The buttons of an item's decision, each posting `{ reason }` to its route. */
  readonly actions: (item: T) => readonly DecisionAction[];
  /** The cells between the order (first) and the decision (last). */
  readonly cells: (item: T) => readonly Child[];
}

const POLL_MS = 2_000;

/** A link to the order's page in the operations floor. */
export function orderLink(orderId: string): HTMLAnchorElement {
  return h('a', { href: `/ops/orders/${encodeURIComponent(orderId)}` }, orderId);
}

/**
 * Runs a work queue on the page: fills `#<table> tbody` from the route and again every few
 * seconds, shows `#connection` and `#problem`, and lists each outcome in `#decisions`. A reason
 * typed in a row survives the refresh that replaces the rows, and no refresh replaces them while
 * someone types in one.
 */
export function runWorkQueue<T extends { readonly orderId: string }>(queue: WorkQueue<T>): void {
  const status = byId('connection');
  const problem = byId('problem');
  const table = byId(queue.table);
  const rows = table.querySelector('tbody') as HTMLTableSectionElement;
  const columns = table.querySelectorAll('thead th').length;
  const decisions = byId('decisions');
  const drafts = new Map<string, string>();

  function record(outcome: DecisionOutcome): void {
    decisions.querySelector('.muted')?.remove();
    decisions.prepend(
      h(
        'li',
        { 'data-order-id': outcome.orderId, class: outcome.ok ? 'done' : 'refused' },
        orderLink(outcome.orderId),
        h('span', {}, outcome.text),
      ),
    );
    if (outcome.ok) drafts.delete(outcome.orderId);
    void refresh();
  }

  function row(item: T): HTMLTableRowElement {
    const form = decisionForm(queue.api, item.orderId, queue.actions(item), record);
    const input = form.querySelector('input') as HTMLInputElement;
    input.value = drafts.get(item.orderId) ?? '';
    input.addEventListener('input', () => drafts.set(item.orderId, input.value));
    return h(
      'tr',
      { 'data-order-id': item.orderId },
      h('th', { scope: 'row' }, orderLink(item.orderId)),
      ...queue.cells(item),
      h('td', {}, form),
    );
  }

  async function refresh(): Promise<void> {
    try {
      const answer = await queue.api.get<{ items: T[] }>(queue.path);
      // Leave the rows alone while someone types in one: the next poll catches up.
      const active = document.activeElement;
      if (active instanceof HTMLInputElement && rows.contains(active)) return;
      fill(
        rows,
        ...(answer.items.length === 0
          ? [h('tr', {}, h('td', { colspan: columns, class: 'muted' }, queue.empty))]
          : answer.items.map(row)),
      );
      problem.hidden = true;
      status.dataset.status = 'open';
      status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      problem.hidden = false;
      problem.textContent = problemText(error);
      status.dataset.status = 'closed';
      status.textContent = 'Not updated';
    }
  }

  fill(decisions, h('li', { class: 'muted' }, 'Nothing decided on this page yet.'));
  void refresh();
  setInterval(() => void refresh(), POLL_MS);
}
