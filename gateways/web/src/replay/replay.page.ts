import '../shared/pages.css';
import { byId, fill, h } from '../shared/dom.ts';
import { describeActor, formatDateTime, words } from '../shared/format.ts';
import { Api, ApiProblem, orderIdFromPath, problemText, showConnection, takeToken } from '../shared/session.ts';
import { activeStates } from './replay.state.ts';

/**
 * Customer service and audit, `/ops/orders/<orderId>?token=…`: every event of the order with who
 * or what caused it, and a scrubber; the chosen revision shows the order replayed to it (active
 * states of each region, context, commands allowed then). New events join the timeline live.
 */
interface EventView {
  readonly revision: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly metadata: { readonly actor: unknown; readonly correlationId: string; readonly causationId: string };
}
interface OrderState {
  readonly revision: number;
  readonly occurredAt: string;
  readonly value: unknown;
  readonly context: Record<string, unknown>;
  readonly allowedCommands: readonly string[];
}

const orderId = orderIdFromPath();
const path = `/orders/${encodeURIComponent(orderId)}`;
const api = new Api(takeToken());
const slider = byId<HTMLInputElement>('revision');
const follow = byId<HTMLInputElement>('follow');
const list = byId('events');
const stateBody = byId('state-body');
const problem = byId('problem');
const events: EventView[] = [];
let chosen = 0;
/** Answers for revisions no longer chosen are dropped: the last choice wins. */
let asked = 0;

function say(error: unknown): void {
  problem.hidden = false;
  problem.textContent = problemText(error);
}

function eventItem(event: EventView): HTMLElement {
  return h(
    'li',
    { 'data-revision': event.revision },
    h(
      'button',
      { type: 'button', onclick: () => choose(event.revision) },
      h('span', { class: 'rev' }, `#${event.revision}`),
      h('strong', {}, words(event.type)),
      h(
        'span',
        { class: 'who' },
        h('time', { datetime: event.occurredAt }, formatDateTime(event.occurredAt)),
        ` · by ${describeActor(event.metadata.actor)} · correlation ${event.metadata.correlationId}`,
      ),
    ),
  );
}

function markChosen(): void {
  for (const item of list.children) {
    const revision = Number((item as HTMLElement).dataset.revision);
    const button = item.querySelector('button');
    if (revision === chosen) button?.setAttribute('aria-current', 'step');
    else button?.removeAttribute('aria-current');
    item.classList.toggle('later', revision > chosen);
  }
}

function showState(state: OrderState): void {
  const section = byId('state');
  section.dataset.revision = String(state.revision);
  const event = events[state.revision - 1];
  fill(
    stateBody,
    h(
      'p',
      {},
      `After event #${state.revision}`,
      event ? ` (${words(event.type)})` : '',
      `, ${formatDateTime(state.occurredAt)}`,
    ),
    h('h3', {}, 'Active states'),
    h(
      'ul',
      { class: 'regions', 'data-field': 'active-states' },
      ...activeStates(state.value).map((line) => h('li', {}, line)),
    ),
    h('h3', {}, 'Commands allowed then'),
    state.allowedCommands.length === 0
      ? h('p', { class: 'muted', 'data-field': 'allowed-commands' }, 'None: the order was finished.')
      : h(
          'ul',
          { class: 'commands', 'data-field': 'allowed-commands' },
          ...state.allowedCommands.map((c) => h('li', {}, c)),
        ),
    h(
      'details',
      {},
      h('summary', {}, 'Context'),
      h('pre', { 'data-field': 'context' }, JSON.stringify(state.context, null, 2)),
    ),
  );
}

async function choose(revision: number): Promise<void> {
  chosen = Math.min(Math.max(1, revision), events.length);
  slider.value = String(chosen);
  byId('revision-text').textContent = `Revision ${chosen} of ${events.length}`;
  follow.checked = chosen === events.length && follow.checked;
  markChosen();
  const ask = ++asked;
  try {
    const state = await api.get<OrderState>(`${path}/state?revision=${chosen}`);
    if (ask === asked) showState(state);
  } catch (error) {
    say(error);
  }
}

function addEvent(event: EventView, select = true): void {
  if (event.revision !== events.length + 1) return;
  events.push(event);
  list.append(eventItem(event));
  slider.max = String(events.length);
  if (!select) return;
  if (follow.checked) void choose(events.length);
  else {
    byId('revision-text').textContent = `Revision ${chosen} of ${events.length}`;
    markChosen();
  }
}

slider.addEventListener('input', () => void choose(Number(slider.value)));
byId('prev').addEventListener('click', () => void choose(chosen - 1));
byId('next').addEventListener('click', () => void choose(chosen + 1));
follow.addEventListener('change', () => {
  if (follow.checked) void choose(events.length);
});
document.addEventListener('keydown', (event) => {
  // [ and ] step through the events from anywhere on the page but a text field.
  if (event.target instanceof HTMLInputElement && event.target.type !== 'range' && event.target.type !== 'checkbox')
    return;
  if (event.key === '[') void choose(chosen - 1);
  if (event.key === ']') void choose(chosen + 1);
});

async function start(): Promise<void> {
  byId('title').textContent = `Order ${orderId}`;
  document.title = `Order ${orderId} — history`;
  let history: { revision: number; events: EventView[] };
  try {
    history = await api.get(`${path}/events`);
  } catch (error) {
    say(error);
    if (!(error instanceof ApiProblem)) setTimeout(start, 3_000);
    return;
  }
  problem.hidden = true;
  fill(list);
  events.length = 0;
  for (const event of history.events) addEvent(event, false);
  void choose(events.length);
  const live = api.live((status, detail) => showConnection(connection, status, detail));
  live.watchOrder(
    orderId,
    {
      onEvent: (event) => addEvent(event as unknown as EventView),
      onError: (error) => say(new ApiProblem(error.code === 'order.not-found' ? 404 : 403, error.code, error.message)),
    },
    history.revision,
  );
}

const connection = byId('connection');
void start();
