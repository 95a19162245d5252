import '../shared/pages.css';
import { byId, h } from '../shared/dom.ts';
import { formatDateTime, formatMoney, type Money } from '../shared/format.ts';
import { Api, takeToken, tokenRole } from '../shared/session.ts';
import { runWorkQueue } from '../shared/work-queue.ts';

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

const token = takeToken();
const api = new Api(token);
const role = new URL(window.location.href).searchParams.get('role') ?? tokenRole(token);

byId('queue-scope').textContent =
  role === undefined ? 'Every approval waiting now.' : `The approvals the ${role} role may decide.`;

function escalationText(item: Approval): string {
  const last = item.escalations.at(-1);
  const escalated = last === undefined ? '' : `escalated to ${last.toRole} ${formatDateTime(last.escalatedAt)}`;
  const due = item.dueAt === null ? '' : `goes to ${item.escalatesTo} ${formatDateTime(item.dueAt)}`;
  return [escalated, due].filter((part) => part !== '').join('; ') || 'no escalation';
}

runWorkQueue<Approval>({
  api,
  table: 'approval-queue',
  path: `/approvals${role === undefined ? '' : `?role=${encodeURIComponent(role)}`}`,
  empty: 'Nothing waits on approval right now.',
  actions: (item) => {
    const path = (action: string) => `/approvals/${encodeURIComponent(item.orderId)}/${action}`;
    return [
      { label: 'Approve', path: path('approve'), done: 'Approved' },
      { label: 'Reject', path: path('reject'), done: 'Rejected' },
    ];
  },
  cells: (item) => [
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
  ],
});
