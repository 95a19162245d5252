import '../shared/pages.css';
import { type DecisionOutcome, decisionForm } from '../shared/decision.ts';
import { byId, fill, h } from '../shared/dom.ts';
import { formatDateTime } from '../shared/format.ts';
import { Api, problemText, takeToken } from '../shared/session.ts';
import { type RiskHoldFacts, riskFactsInWords } from './risk.facts.ts';

/**
 * The risk work queue, `/ops/risk?token=…`: the orders risk holds now (`GET /risk/holds`), each
 * with the facts that caused the hold in words; Release or Cancel with a reason, sent as the
 * token's role (risk or admin; the order refuses anyone else). Asked again every few seconds.
 */
interface RiskHold {
  readonly orderId: string;
  readonly customerId: string;
  readonly reason: string;
  readonly heldAt: string;
  readonly facts: RiskHoldFacts;
}

const POLL_MS = 2_000;
const api = new Api(takeToken());
const status = byId('connection');
const problem = byId('problem');
const rows = byId('risk-queue').querySelector('tbody') as HTMLTableSectionElement;
const drafts = new Map<string, string>();

function record(outcome: DecisionOutcome): void {
  const list = byId('decisions');
  list.querySelector('.muted')?.remove();
  list.prepend(
    h(
      'li',
      { 'data-order-id': outcome.orderId, class: outcome.ok ? 'done' : 'refused' },
      h('a', { href: `/ops/orders/${encodeURIComponent(outcome.orderId)}` }, outcome.orderId),
      h('span', {}, outcome.text),
    ),
  );
  if (outcome.ok) drafts.delete(outcome.orderId);
  void refresh();
}

function row(hold: RiskHold): HTMLTableRowElement {
  const path = (action: string) => `/risk/holds/${encodeURIComponent(hold.orderId)}/${action}`;
  const form = decisionForm(
    api,
    hold.orderId,
    [
      { label: 'Release', path: path('release'), done: 'Released' },
      { label: 'Cancel order', path: path('cancel'), done: 'Cancelled' },
    ],
    record,
  );
  const input = form.querySelector('input') as HTMLInputElement;
  input.value = drafts.get(hold.orderId) ?? '';
  input.addEventListener('input', () => drafts.set(hold.orderId, input.value));
  return h(
    'tr',
    { 'data-order-id': hold.orderId },
    h('th', { scope: 'row' }, h('a', { href: `/ops/orders/${encodeURIComponent(hold.orderId)}` }, hold.orderId)),
    h('td', {}, hold.customerId),
    h(
      'td',
      {},
      hold.reason,
      h('ul', { class: 'facts-list' }, ...riskFactsInWords(hold.facts).map((line) => h('li', {}, line))),
    ),
    h('td', {}, h('time', { datetime: hold.heldAt }, formatDateTime(hold.heldAt))),
    h('td', {}, form),
  );
}

async function refresh(): Promise<void> {
  try {
    const queue = await api.get<{ items: RiskHold[] }>('/risk/holds');
    const active = document.activeElement;
    if (active instanceof HTMLInputElement && rows.contains(active)) return;
    fill(
      rows,
      ...(queue.items.length === 0
        ? [h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No order is on a risk hold right now.'))]
        : queue.items.map(row)),
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

fill(byId('decisions'), h('li', { class: 'muted' }, 'Nothing decided on this page yet.'));
void refresh();
setInterval(() => void refresh(), POLL_MS);
