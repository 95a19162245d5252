import '../shared/pages.css';
import { byId, fill, h } from '../shared/dom.ts';
import { formatDateTime } from '../shared/format.ts';
import { Api, problemText, showConnection, takeToken, tokenRole } from '../shared/session.ts';
import { WidgetChart } from './kpis.charts.ts';
import { type KpiGroup, WIDGETS } from './kpis.widgets.ts';

/**
 * The KPI dashboard, `/ops/kpis?token=…`: `GET /kpis` for the chosen days, grouping and
 * filters, as a table and a chart per widget. Which widgets and filters show first, the
 * grouping and how many days come from the role's saved view (`GET /kpis/views/:role`); an
 * admin saves what is shown as a role's default. Asked again when an order changes (the ops
 * feed, for the roles that may watch it) and every 30 seconds.
 */
interface KpiAnswer {
  readonly from: string;
  readonly to: string;
  readonly groupBy: string;
  readonly timeZone: string;
  readonly asOf: string;
  readonly groups: readonly KpiGroup[];
}
interface KpiView {
  readonly role: string;
  readonly version: number;
  readonly widgets: readonly string[];
  readonly filters: readonly string[];
  readonly groupBy: string;
  readonly days: number;
  /** The business days it opens on now, today being the server's day in the business time zone. */
  readonly opensOn?: { readonly from: string; readonly to: string; readonly timeZone: string };
}

const ROLES = ['cs', 'auditor', 'ops', 'admin', 'finance', 'risk'];
const FEED_ROLES = ['cs', 'ops', 'admin'];
const FILTERS = ['dateRange', 'groupBy', 'channel', 'region', 'location', 'category'];
const POLL_MS = 30_000;
const DAY_MS = 86_400_000;

const token = takeToken();
const api = new Api(token);
const role = tokenRole(token);
const form = byId<HTMLFormElement>('kpi-filters');
const problem = byId('problem');
const connection = byId('connection');
const charts = new Map<string, WidgetChart>();
let shown: string[] = WIDGETS.map((w) => w.id);
let last: KpiAnswer | undefined;

function say(error: unknown): void {
  problem.hidden = false;
  problem.textContent = problemText(error);
}

function field(name: string): HTMLInputElement | HTMLSelectElement {
  return form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Sets the form and the widgets from a role's view: its grouping, its last `days` days up to
 * today in the business time zone (as the server counts them; without a view, the browser's
 * UTC day).
 */
function applyView(view: KpiView): void {
  const today = Date.now();
  field('to').value = view.opensOn?.to ?? isoDay(today);
  field('from').value = view.opensOn?.from ?? isoDay(today - (view.days - 1) * DAY_MS);
  field('groupBy').value = view.groupBy;
  for (const label of form.querySelectorAll<HTMLElement>('[data-filter]')) {
    label.hidden = !view.filters.includes(label.dataset.filter ?? '');
  }
  shown = WIDGETS.map((w) => w.id).filter((id) => view.widgets.includes(id));
  for (const box of byId('widget-choice').querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
    box.checked = shown.includes(box.value);
  }
}

function query(): string {
  const params = new URLSearchParams();
  for (const name of ['from', 'to', 'groupBy', 'channel', 'region', 'location', 'category']) {
    const value = field(name).value.trim();
    if (value !== '') params.set(name, value);
  }
  return params.toString();
}

function renderTable(answer: KpiAnswer): void {
  const widgets = WIDGETS.filter((w) => shown.includes(w.id));
  const figures = widgets.flatMap((w) => w.figures.map((f) => ({ widget: w.id, ...f })));
  fill(
    byId('kpi-table'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, answer.groupBy),
        ...figures.map((f) => h('th', { scope: 'col', class: 'num' }, f.label)),
      ),
    ),
    h(
      'tbody',
      {},
      ...(answer.groups.length === 0
        ? [h('tr', {}, h('td', { class: 'muted', colspan: figures.length + 1 }, 'No orders placed on these days.'))]
        : answer.groups.map((group) =>
            h(
              'tr',
              { 'data-key': group.key },
              h('th', { scope: 'row' }, group.key),
              ...figures.map((f) => {
                const value = f.value(group);
                return h(
                  'td',
                  {
                    class: 'num',
                    'data-widget': f.widget,
                    'data-field': f.field,
                    'data-value': value === null ? '' : value,
                  },
                  value === null ? '–' : f.text(value, group),
                );
              }),
            ),
          )),
    ),
  );
}

function renderCharts(answer: KpiAnswer): void {
  const area = byId('kpi-charts');
  for (const [id, chart] of charts) {
    if (shown.includes(id)) continue;
    chart.destroy();
    charts.delete(id);
    area.querySelector(`[data-chart="${id}"]`)?.remove();
  }
  for (const widget of WIDGETS.filter((w) => shown.includes(w.id))) {
    let chart = charts.get(widget.id);
    if (chart === undefined) {
      const canvas = h('canvas', {
        role: 'img',
        'aria-label': `${widget.title} per group (the table has the numbers)`,
      });
      area.append(h('figure', { 'data-chart': widget.id }, canvas, h('figcaption', {}, widget.title)));
      chart = new WidgetChart(canvas, widget);
      charts.set(widget.id, chart);
    }
    chart.show(answer.groups);
  }
}

function render(answer: KpiAnswer): void {
  byId('kpi-scope').textContent =
    `Orders placed ${answer.from} to ${answer.to}, business days in ${answer.timeZone}; ` +
    `as of ${formatDateTime(answer.asOf)}. Money in the orders’ currency; cycle time in hours.`;
  byId('kpi-scope').dataset.timeZone = answer.timeZone;
  renderTable(answer);
  renderCharts(answer);
}

async function load(): Promise<void> {
  try {
    last = await api.get<KpiAnswer>(`/kpis?${query()}`);
    problem.hidden = true;
    render(last);
    form.dataset.loaded = query();
  } catch (error) {
    say(error);
  }
}

let pending: ReturnType<typeof setTimeout> | undefined;
/** Asks again at most once a second however fast orders change. */
function loadSoon(): void {
  if (pending !== undefined) return;
  pending = setTimeout(() => {
    pending = undefined;
    void load();
  }, 1_000);
}

function widgetChoice(): void {
  const choice = byId('widget-choice');
  for (const widget of WIDGETS) {
    const box = h('input', { type: 'checkbox', name: 'widget', value: widget.id, checked: shown.includes(widget.id) });
    box.addEventListener('change', () => {
      shown = [...choice.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
      if (last !== undefined) render(last);
    });
    choice.append(h('label', {}, box, ` ${widget.title}`));
  }
}

function viewAdmin(): void {
  if (role !== 'admin') return;
  byId('view-admin').hidden = false;
  const viewForm = byId<HTMLFormElement>('view-form');
  const select = viewForm.elements.namedItem('role') as HTMLSelectElement;
  select.append(...ROLES.map((r) => h('option', { value: r }, r)));
  viewForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const days = Math.round((Date.parse(field('to').value) - Date.parse(field('from').value)) / DAY_MS) + 1;
    const filters = FILTERS.filter((f) => form.querySelector<HTMLElement>(`[data-filter="${f}"]`)?.hidden === false);
    try {
      const saved = await api.put<KpiView>(`/kpis/views/${encodeURIComponent(select.value)}`, {
        widgets: shown,
        filters,
        groupBy: field('groupBy').value,
        days: Math.min(366, Math.max(1, days)),
      });
      byId('view-notice').textContent = `Saved: the ${saved.role} role’s view is at version ${saved.version}.`;
    } catch (error) {
      say(error);
    }
  });
}

async function start(): Promise<void> {
  widgetChoice();
  viewAdmin();
  try {
    const view = role === undefined ? undefined : await api.get<KpiView>(`/kpis/views/${encodeURIComponent(role)}`);
    applyView(
      view ?? { role: '', version: 0, widgets: WIDGETS.map((w) => w.id), filters: FILTERS, groupBy: 'day', days: 30 },
    );
    form.dataset.view = view === undefined ? 'default' : `${view.role}@${view.version}`;
  } catch (error) {
    say(error);
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  await load();
  setInterval(loadSoon, POLL_MS);
  if (role === undefined || !FEED_ROLES.includes(role)) {
    connection.textContent = `Refreshed every ${POLL_MS / 1000} s`;
    return;
  }
  const live = api.live((status, detail) => {
    showConnection(connection, status, detail);
    if (status === 'open') loadSoon();
  });
  live.watchOps({}, { onChange: loadSoon, onError: (error) => say(new Error(error.message)) });
}

void start();
