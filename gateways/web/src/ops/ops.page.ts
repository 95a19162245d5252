import '../shared/pages.css';
import type { LiveWatch } from '../../../src/live/live.client.ts';
import { byId, fill, h } from '../shared/dom.ts';
import { formatDateTime, formatMoney, type Money, words } from '../shared/format.ts';
import { Api, problemText, showConnection, takeToken, tokenRole } from '../shared/session.ts';
import { AlertsBoard } from './ops.alerts.ts';
import { CountsChart } from './ops.charts.ts';

/**
 * The operations floor, `/ops?token=…`: a live feed of order changes (filtered by status,
 * channel, location), counts by status and channel, the orders on hold or awaiting approval, and
 * the open alerts (live over the alerts feed).
 */
interface Counts {
  readonly total: number;
  readonly counts: readonly { readonly value: string | null; readonly count: number }[];
}
interface OrderSummary {
  readonly orderId: string;
  readonly stage: string;
  readonly channel: { readonly salesChannel: string } | null;
  readonly total: Money;
  readonly updatedAt: string;
}
interface Change {
  readonly orderId: string;
  readonly revision: number;
  readonly eventType: string;
  readonly occurredAt: string;
  readonly status: { readonly main: string };
  readonly channel: string | null;
  readonly locations: readonly string[];
}

const STAGES = [
  'placed',
  'onHold',
  'awaitingApproval',
  'confirmed',
  'allocated',
  'fulfilment',
  'completed',
  'cancelled',
  'closed',
];
const FEED_LENGTH = 100;

const api = new Api(takeToken());
const connection = byId('connection');
const problem = byId('problem');
const statusChart = new CountsChart(byId<HTMLCanvasElement>('status-chart'), '#0b5cad');
const channelChart = new CountsChart(byId<HTMLCanvasElement>('channel-chart'), '#1a7f37');
const filters = byId<HTMLFormElement>('filters');
const alertsBoard = new AlertsBoard(byId('alerts'), api, tokenRole(api.token), (error) => say(error));
let feedWatch: LiveWatch | undefined;

function say(error: unknown): void {
  problem.hidden = false;
  problem.textContent = problemText(error);
}

function orderLink(orderId: string): HTMLAnchorElement {
  return h('a', { href: `/ops/orders/${encodeURIComponent(orderId)}` }, orderId);
}

function countsTable(table: HTMLElement, counts: Counts, label: (value: string | null) => string): void {
  fill(
    table,
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col', class: 'num' }, 'Orders'))),
    h(
      'tbody',
      {},
      ...counts.counts.map((c) =>
        h('tr', { 'data-value': c.value ?? '' }, h('td', {}, label(c.value)), h('td', { class: 'num' }, c.count)),
      ),
    ),
    h(
      'tfoot',
      {},
      h('tr', {}, h('th', { scope: 'row' }, 'All'), h('td', { class: 'num', 'data-total': '' }, counts.total)),
    ),
  );
}

async function refreshCounts(): Promise<void> {
  const [byStatus, byChannel] = await Promise.all([
    api.get<Counts>('/orders/counts?by=status'),
    api.get<Counts>('/orders/counts?by=channel'),
  ]);
  const stageWords = (value: string | null) => (value === null ? 'unknown' : words(value));
  const channelWords = (value: string | null) => value ?? 'no channel';
  countsTable(byId('status-counts'), byStatus, stageWords);
  countsTable(byId('channel-counts'), byChannel, channelWords);
  statusChart.show(byStatus.counts.map((c) => ({ label: stageWords(c.value), count: c.count })));
  channelChart.show(byChannel.counts.map((c) => ({ label: channelWords(c.value), count: c.count })));
}

async function refreshList(status: string, list: HTMLElement): Promise<void> {
  const page = await api.get<{ items: OrderSummary[] }>(`/orders?status=${status}&limit=20`);
  fill(
    list,
    ...(page.items.length === 0
      ? [h('li', { class: 'muted' }, 'None right now.')]
      : page.items.map((order) =>
          h(
            'li',
            { 'data-order': order.orderId },
            orderLink(order.orderId),
            h('span', {}, order.channel?.salesChannel ?? ''),
            h('span', {}, formatMoney(order.total)),
            h('time', { datetime: order.updatedAt, class: 'muted' }, formatDateTime(order.updatedAt)),
          ),
        )),
  );
}

let refreshing: ReturnType<typeof setTimeout> | undefined;

/** Counts and lists again, at most every 300 ms however fast the feed runs. */
function refreshSoon(): void {
  if (refreshing !== undefined) return;
  refreshing = setTimeout(() => {
    refreshing = undefined;
    Promise.all([
      refreshCounts(),
      refreshList('onHold', byId('held')),
      refreshList('awaitingApproval', byId('approval')),
      alertsBoard.refresh(),
    ]).then(() => {
      problem.hidden = true;
    }, say);
  }, 300);
}

function showChange(change: Change): void {
  const feed = byId('feed');
  feed.prepend(
    h(
      'li',
      { 'data-order': change.orderId, 'data-event': change.eventType },
      h('time', { datetime: change.occurredAt }, formatDateTime(change.occurredAt)),
      orderLink(change.orderId),
      h('span', {}, words(change.eventType.replace(/^Order/, ''))),
      h('span', {}, words(change.status.main)),
      h('span', { class: 'muted' }, change.channel ?? ''),
    ),
  );
  while (feed.children.length > FEED_LENGTH) feed.lastElementChild?.remove();
}

function chosenFilters(): Record<string, string[]> {
  const form = new FormData(filters);
  const chosen: Record<string, string[]> = {};
  for (const key of ['status', 'channel', 'location']) {
    const values = String(form.get(key) ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
    if (values.length > 0) chosen[key] = values;
  }
  return chosen;
}

function watchFeed(): void {
  feedWatch?.stop();
  fill(byId('feed'));
  feedWatch = live.watchOps(chosenFilters(), {
    onChange: (change) => {
      showChange(change as unknown as Change);
      refreshSoon();
    },
    onError: (error) => say(new Error(error.message)),
  });
}

const select = filters.querySelector('select[name="status"]');
select?.append(...STAGES.map((stage) => h('option', { value: stage }, words(stage))));
filters.addEventListener('submit', (event) => {
  event.preventDefault();
  watchFeed();
  alertsBoard.watch(live, say);
});
// The feed is live only: counts and lists come from the API, asked again on every (re)connect
// because changes made while the connection was down are not replayed.
const live = api.live((status, detail) => {
  showConnection(connection, status, detail);
  if (status === 'open') refreshSoon();
});
watchFeed();
alertsBoard.watch(live, say);
