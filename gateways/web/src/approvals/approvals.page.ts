import '../shared/pages.css';
import { type DecisionOutcome, decisionForm } from '../shared/decision.ts';
import { byId, fill, h } from '../shared/dom.ts';
import { formatDateTime, formatMoney, type Money } from '../shared/format.ts';
import { Api, problemText, takeToken, tokenRole } from '../shared/session.ts';

/**
 * The approvers' work queue, `/ops/approvals?token=…`: the orders waiting on an approval the
 * signed-in role may decide (`GET /approvals?role=`), oldest first, each with its total,
 * customer, reason, the rule that asked, since when it waits and when it escalates; Approve or
 * Reject with a reason, sent as the token's role. Asked again every few seconds (finance is not
 * on the ops feed) and after each decision.
 */
interface Approval {
  readonly orderId: string;
  readonly customerId: string;
  readonly salesChannel: string;
  readonly total: Money | null;
  readonly role: string;
  readonly currentRole: string;
  readonly reason: string;
  readonly rule: { readonly ruleSet: string; readonly version: number; readonly ruleId: string } | null;
  readonly requestedAt: string;
  readonly askedAt: string;
  readonly escalations: readonly { readonly toRole: string; readonly escalatedAt: string }[];
  readonly dueAt: string | null;
  readonly escalatesTo: string | null;
}

const POLL_MS = 2_000;
const token = takeToken();
const api = new Api(token);
const role = new URL(window.location.href).searchParams.get('role') ?? tokenRole(token);
const status = byId('connection');
const problem = byId('problem');
const rows = byId('approval-queue').querySelector('tbody') as HTMLTableSectionElement;
/** Typed reasons survive the refresh that replaces the rows. */
const drafts = new Map<string, string>();

byId('queue-scope').textContent =
  role === undefined ? 'Every approval waiting now.' : `The approvals the ${role} role may decide.`;

function escalationText(item: Approval): string {
  const last = item.escalations.at(-1);
  const escalated = last === undefined ? '' : `escalated to ${last.toRole} ${formatDateTime(last.escalatedAt)}`;
  const due = item.dueAt === null ? '' : `goes to ${item.escalatesTo} ${formatDateTime(item.dueAt)}`;
  return [escalated, due].filter((part) => part !== '').join('; ') || 'no escalation';
}

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

function row(item: Approval): HTMLTableRowElement {
  const path = (action: string) => `/approvals/${encodeURIComponent(item.orderId)}/${action}`;
  const form = decisionForm(
    api,
    item.orderId,
    [
      { label: 'Approve', path: path('approve'), done: 'Approved' },
      { label: 'Reject', path: path('reject'), done: 'Rejected' },
    ],
    record,
  );
  const input = form.querySelector('input') as HTMLInputElement;
  input.value = drafts.get(item.orderId) ?? '';
  input.addEventListener('input', () => drafts.set(item.orderId, input.value));
  return h(
    'tr',
    { 'data-order-id': item.orderId },
    h('th', { scope: 'row' }, h('a', { href: `/ops/orders/${encodeURIComponent(item.orderId)}` }, item.orderId)),
    h('td', { class: 'num' }, item.total === null ? '' : formatMoney(item.total)),
    h('td', {}, item.customerId, h('div', { class: 'muted' }, item.salesChannel)),
    h('td', {}, item.reason, h('div', { class: 'muted' }, `asked of ${item.role}`)),
    h(
      'td',
      {},
      item.rule === null ? 'asked by hand' : `${item.rule.ruleId} (${item.rule.ruleSet} v${item.rule.version})`,
    ),
    h('td', {}, h('time', { datetime: item.requestedAt }, formatDateTime(item.requestedAt))),
    h('td', { 'data-escalation': item.currentRole }, escalationText(item)),
    h('td', {}, form),
  );
}

async function refresh(): Promise<void> {
  try {
    const query = role === undefined ? '' : `?role=${encodeURIComponent(role)}`;
    const queue = await api.get<{ items: Approval[] }>(`/approvals${query}`);
    // Leave the rows alone while someone types in one: the next poll catches up.
    const active = document.activeElement;
    if (active instanceof HTMLInputElement && rows.contains(active)) return;
    fill(
      rows,
      ...(queue.items.length === 0
        ? [h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'Nothing waits on approval right now.'))]
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
