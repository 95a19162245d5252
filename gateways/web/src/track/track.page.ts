import '../shared/pages.css';
import { byId, fill, h } from '../shared/dom.ts';
import { formatDateTime, formatDay, formatMoney, formatWindow } from '../shared/format.ts';
import { Api, ApiProblem, orderIdFromPath, problemText, showConnection, takeToken } from '../shared/session.ts';
import { type Shipment, shipmentWords, statusWords, type TrackingView, trackingSteps } from './tracking.steps.ts';

/**
 * The customer's tracking page, `/track/<orderId>?token=…`: status and timeline in plain words,
 * shipments with their carrier scans, promised date, lines and totals, updated live.
 */
const orderId = orderIdFromPath();
const api = new Api(takeToken());
const page = byId('page');
const connection = byId('connection');
/** Whether the delivery-window route exists on this server (a 404 route.not-found says it does not). */
let windowRoute = true;
let current: TrackingView | undefined;

function timeline(view: TrackingView): HTMLElement {
  const steps = trackingSteps(view);
  const last = steps.reduce((found, step, index) => (step.at === undefined ? found : index), -1);
  return h(
    'ol',
    { class: 'timeline', 'aria-label': 'Progress' },
    ...steps.map((step, index) =>
      h(
        'li',
        {
          class: [step.at !== undefined && 'reached', index === last && 'current', step.stop && 'stopped']
            .filter(Boolean)
            .join(' '),
          'data-step': step.key,
          'aria-current': index === last ? 'step' : undefined,
        },
        h('span', {}, step.label),
        h('time', step.at ? { datetime: step.at } : {}, step.at ? formatDateTime(step.at) : ''),
      ),
    ),
  );
}

function facts(...pairs: [string, string | undefined][]): HTMLElement {
  const shown = pairs.filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '');
  return h('dl', { class: 'facts' }, ...shown.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

/** A carrier scan's kind in the customer's words. */
const SCAN_WORDS: Readonly<Record<string, string>> = {
  'handed-over': 'handed to the carrier',
  'in-transit': 'on its way',
  'out-for-delivery': 'out for delivery',
  'failed-attempt': 'delivery attempted, nobody could take it',
  delivered: 'delivered',
};

/** A parcel shared with the customer's other orders, in their words. */
function togetherWords(memberCount: number): string {
  const others = memberCount - 1;
  return `in one parcel with ${others} other order${others === 1 ? '' : 's'} of yours to this address`;
}

function shipmentCard(shipment: Shipment, index: number, count: number): HTMLElement {
  const scans = [...(shipment.scans ?? [])].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
  return h(
    'article',
    { class: 'shipment', 'data-shipment': shipment.shipmentId },
    h('h3', {}, count > 1 ? `Parcel ${index + 1} of ${count}` : 'Your parcel'),
    facts(
      ['Status', shipmentWords(shipment.status)],
      ['Carrier', shipment.carrier],
      ['Tracking number', shipment.trackingNumber],
      ['Expected', shipment.estimatedDelivery && formatWindow(shipment.estimatedDelivery)],
      ['Last seen', shipment.lastLocation],
      ['Problem', shipment.failureReason],
      ['Shipped together', shipment.consolidation && togetherWords(shipment.consolidation.memberCount)],
    ),
    scans.length === 0
      ? null
      : h(
          'ul',
          { class: 'scans', 'aria-label': 'Carrier updates' },
          ...scans.map((scan) =>
            h(
              'li',
              { 'data-scan': scan.carrierEventId },
              h('time', { datetime: scan.occurredAt }, formatDateTime(scan.occurredAt)),
              ' — ',
              SCAN_WORDS[scan.kind] ?? scan.kind.replace(/-/g, ' '),
              scan.location ? `, ${scan.location}` : '',
              scan.reason ? ` (${scan.reason})` : '',
              scan.estimatedDelivery ? ` · expected ${formatWindow(scan.estimatedDelivery)}` : '',
            ),
          ),
        ),
  );
}

function deliveryWindowPanel(view: TrackingView): HTMLElement | null {
  // Offered where the view carries the window (the server knows the route), until the parcel has come
  // or the order ended: the decider has the last word and its refusal is shown as any other.
  if (!windowRoute || !('deliveryWindow' in view)) return null;
  const chosen = view.deliveryWindow?.window;
  const open =
    !['settling', 'completed', 'cancelled', 'closed'].includes(view.stage) && !view.status.main.endsWith('delivered');
  const message = h('p', { role: 'status', class: 'muted' });
  const from = h('input', { type: 'datetime-local', name: 'from', required: true });
  const to = h('input', { type: 'datetime-local', name: 'to', required: true });
  const form = h(
    'form',
    {
      class: 'window-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const window = { from: new Date(from.value).toISOString(), to: new Date(to.value).toISOString() };
        message.textContent = 'Saving…';
        api.post(`/orders/${encodeURIComponent(orderId)}/delivery-window`, window).then(
          () => {
            message.textContent = 'Saved: we will deliver in that window.';
          },
          (problem: unknown) => {
            if (problem instanceof ApiProblem && problem.status === 404 && problem.code === 'route.not-found') {
              windowRoute = false;
              if (current) render(current);
              return;
            }
            message.textContent = problemText(problem);
          },
        );
      },
    },
    h('label', {}, 'From', from),
    h('label', {}, 'To', to),
    h('button', { type: 'submit' }, chosen ? 'Change' : 'Choose'),
  );
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'window-title' },
    h('h2', { id: 'window-title' }, 'Delivery window'),
    h('p', { 'data-field': 'delivery-window' }, chosen ? formatWindow(chosen) : 'No window chosen yet.'),
    open ? form : null,
    message,
  );
}

function render(view: TrackingView): void {
  current = view;
  page.dataset.revision = String(view.revision);
  page.setAttribute('aria-busy', 'false');
  byId('title').textContent = `Order ${view.orderId}`;
  document.title = `Order ${view.orderId} — ${statusWords(view)}`;
  const activeLines = view.lines.filter((line) => line.quantity > line.cancelledQuantity);
  fill(
    page,
    h(
      'section',
      { class: 'panel wide', 'aria-labelledby': 'status-title' },
      h('h2', { id: 'status-title', class: 'muted' }, 'Status'),
      h('p', { class: 'status-line', 'data-field': 'status' }, statusWords(view)),
      view.promisedBy ? h('p', { 'data-field': 'promised' }, `Promised by ${formatDay(view.promisedBy)}`) : null,
      view.cancellationReason ? h('p', {}, `Cancelled: ${view.cancellationReason}`) : null,
      h('p', { class: 'muted' }, `Updated ${formatDateTime(view.updatedAt)}`),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'progress-title' },
      h('h2', { id: 'progress-title' }, 'Progress'),
      timeline(view),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'shipments-title' },
      h('h2', { id: 'shipments-title' }, 'Delivery'),
      view.shipments.length === 0
        ? h('p', { class: 'muted' }, 'Your order has not been sent to a warehouse yet.')
        : null,
      ...view.shipments.map((s, i) => shipmentCard(s, i, view.shipments.length)),
    ),
    deliveryWindowPanel(view),
    h(
      'section',
      { class: 'panel wide', 'aria-labelledby': 'lines-title' },
      h('h2', { id: 'lines-title' }, 'Your items'),
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'Item'),
            h('th', { class: 'num' }, 'Qty'),
            h('th', { class: 'num' }, 'Price'),
            h('th', { class: 'num' }, 'Total'),
          ),
        ),
        h(
          'tbody',
          {},
          ...activeLines.map((line) =>
            h(
              'tr',
              {},
              h('td', {}, line.name),
              h('td', { class: 'num' }, line.quantity - line.cancelledQuantity),
              h('td', { class: 'num' }, formatMoney(line.unitPrice)),
              h('td', { class: 'num' }, formatMoney(line.lineTotal)),
            ),
          ),
        ),
        h(
          'tfoot',
          {},
          ...(['subtotal', 'shipping', 'total'] as const).map((key) => {
            const money = view.totals[key];
            return money
              ? h(
                  'tr',
                  {},
                  h('th', { colspan: 3, scope: 'row' }, key[0]?.toUpperCase() + key.slice(1)),
                  h('td', { class: 'num', 'data-total': key }, formatMoney(money)),
                )
              : null;
          }),
        ),
      ),
    ),
  );
}

function showProblem(problem: unknown): void {
  page.setAttribute('aria-busy', 'false');
  fill(
    page,
    h(
      'p',
      { class: 'problem', role: 'alert', 'data-problem': problem instanceof ApiProblem ? problem.status : 0 },
      problemText(problem),
    ),
  );
}

async function start(): Promise<void> {
  let view: TrackingView;
  try {
    view = await api.get<TrackingView>(`/orders/${encodeURIComponent(orderId)}`);
  } catch (problem) {
    showProblem(problem);
    if (!(problem instanceof ApiProblem)) setTimeout(start, 3_000);
    return;
  }
  render(view);
  const live = api.live((status, detail) => {
    showConnection(connection, status, detail);
    if (detail?.code === 4001) showProblem(new ApiProblem(401, 'auth.token-expired', detail.reason));
  });
  live.watchOrder(
    orderId,
    {
      onView: (next) => render(next as unknown as TrackingView),
      onError: (error) => {
        if (error.code === 'auth.forbidden') showProblem(new ApiProblem(403, error.code, error.message));
        if (error.code === 'order.not-found') showProblem(new ApiProblem(404, error.code, error.message));
      },
    },
    view.revision,
  );
}

void start();
