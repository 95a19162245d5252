import '../shared/pages.css';
import { h } from '../shared/dom.ts';
import { formatDateTime } from '../shared/format.ts';
import { Api, takeToken } from '../shared/session.ts';
import { runWorkQueue } from '../shared/work-queue.ts';
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

runWorkQueue<RiskHold>({
  api: new Api(takeToken()),
  table: 'risk-queue',
  path: '/risk/holds',
  empty: 'No order is on a risk hold right now.',
  actions: (hold) => {
    const path = (action: string) => `/risk/holds/${encodeURIComponent(hold.orderId)}/${action}`;
    return [
      { label: 'Release', path: path('release'), done: 'Released' },
      { label: 'Cancel order', path: path('cancel'), done: 'Cancelled' },
    ];
  },
  cells: (hold) => [
    h('td', {}, hold.customerId),
    h(
      'td',
      {},
      hold.reason,
      h('ul', { class: 'facts-list' }, ...riskFactsInWords(hold.facts).map((line) => h('li', {}, line))),
    ),
    h('td', {}, h('time', { datetime: hold.heldAt }, formatDateTime(hold.heldAt))),
  ],
});
