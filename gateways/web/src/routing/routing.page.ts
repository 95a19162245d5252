import '../shared/pages.css';
import type { RoutingPolicy } from '@ordinal/domain';
import { commandPage } from '../shared/command-page.ts';
import { byId, fill, h } from '../shared/dom.ts';
import { describeActor, formatDateTime } from '../shared/format.ts';
import { ApiProblem } from '../shared/session.ts';
import {
  changesBetween,
  draftOf,
  fieldOf,
  NUMBER_CONTROLS,
  type PolicyControl,
  WEIGHT_CONTROLS,
  withField,
} from './routing.form.ts';
import { type Simulation, showSimulation } from './routing.what-if.view.ts';

/**
 * The routing policy for operators, `/ops/routing?token=…`: every version and activation; a
 * draft made from a version with a slider per weight and the policy's other numbers; "What if"
 * replays recent routed orders under the saved draft and shows which would ship differently,
 * before it is activated. Drafting and activating are admin commands; ops may look and ask what if.
 */
interface Summary {
  readonly version: number;
  readonly name: string;
  readonly status: string;
  readonly builtIn: boolean;
  readonly draftedBy?: unknown;
  readonly draftedAt?: string;
}
interface Activation {
  readonly version: number;
  readonly previousVersion: number;
  readonly reason: string;
  readonly activatedBy: unknown;
  readonly activatedAt: string;
}
interface Policies {
  readonly activeVersion: number;
  readonly versions: readonly Summary[];
  readonly activations: readonly Activation[];
}

const { api, say, tell, onSubmit } = commandPage();
/** The version the form started from, and the policy as the form holds it now. */
let base: RoutingPolicy | undefined;
let policy: RoutingPolicy | undefined;
/** The saved draft (or chosen version) what-if and activation apply to; `dirty` once the form moved since. */
let chosen: number | undefined;
let dirty = false;

async function loadPolicies(): Promise<Policies> {
  const list = await api.get<Policies>('/routing/policies');
  byId('active-policy').textContent =
    `Version ${list.activeVersion} is active: the router uses it for the orders that come next.`;
  fill(
    byId('policy-list'),
    h(
      'tr',
      {},
      h('th', {}, 'Version'),
      h('th', {}, 'Name'),
      h('th', {}, 'Status'),
      h('th', {}, 'Drafted'),
      h('th', {}),
    ),
    ...list.versions.map((v) =>
      h(
        'tr',
        { 'data-version': v.version, 'data-status': v.status },
        h('td', {}, String(v.version)),
        h('td', {}, v.name),
        h('td', {}, v.status),
        h('td', {}, v.builtIn ? 'built in' : `${describeActor(v.draftedBy)}, ${formatDateTime(v.draftedAt)}`),
        h(
          'td',
          {},
          h(
            'button',
            { type: 'button', onClick: () => void edit(v.version, v.status === 'draft').catch(say) },
            `Start from version ${v.version}`,
          ),
        ),
      ),
    ),
  );
  fill(
    byId('activations'),
    h(
      'tr',
      {},
      h('th', {}, 'When'),
      h('th', {}, 'Version'),
      h('th', {}, 'Replaced'),
      h('th', {}, 'Who'),
      h('th', {}, 'Why'),
    ),
    ...[...list.activations]
      .reverse()
      .map((a) =>
        h(
          'tr',
          {},
          h('td', {}, formatDateTime(a.activatedAt)),
          h('td', {}, String(a.version)),
          h('td', {}, String(a.previousVersion)),
          h('td', {}, describeActor(a.activatedBy)),
          h('td', {}, a.reason),
        ),
      ),
  );
  return list;
}

/**
 * The policies read again until they show a change just made: the list is a view of the log,
 * which follows the command's append by a moment.
 */
async function loadPoliciesUntil(shows: (list: Policies) => boolean): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    if (shows(await loadPolicies())) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Fills the form from a version; a draft can be asked what if and activated as it is. */
async function edit(version: number, isDraft: boolean): Promise<void> {
  const answer = await api.get<{ policy: RoutingPolicy }>(`/routing/policies/${version}`);
  base = answer.policy;
  policy = answer.policy;
  chosen = isDraft ? version : undefined;
  dirty = false;
  byId('draft-title').textContent = `Draft, starting from version ${version}`;
  renderForm();
  showNextSteps();
}

function control(spec: PolicyControl, slider: boolean): HTMLElement {
  const value = String(fieldOf(policy, spec.field) ?? '');
  const bounds = { min: spec.min, max: spec.max, step: spec.step };
  const number = h('input', {
    type: 'number',
    ...bounds,
    value,
    'aria-label': `${spec.label} (number)`,
    'data-number': spec.field,
  });
  const range = slider
    ? h('input', { type: 'range', ...bounds, value, 'aria-label': spec.label, 'data-slider': spec.field })
    : null;
  const set = (text: string, from: HTMLInputElement) => {
    if (range !== null && from !== range) range.value = text;
    if (from !== number) number.value = text;
    policy = withField(policy, spec.field, text.trim() === '' ? Number.NaN : Number(text));
    changed();
  };
  number.addEventListener('input', () => set(number.value, number));
  range?.addEventListener('input', () => set(range.value, range));
  return h(
    'label',
    { class: slider ? 'slider field' : 'field', 'data-field': spec.field },
    h('span', {}, spec.label, spec.help === '' ? null : h('small', { class: 'muted' }, ` — ${spec.help}`)),
    range,
    number,
    h('span', { class: 'field-problem', role: 'alert', hidden: true }),
  );
}

function renderForm(): void {
  if (policy === undefined) return;
  byId<HTMLInputElement>('policy-name').value = policy.name;
  byId<HTMLInputElement>('store-pickup').checked = policy.storePickupAllowed;
  fill(byId('weights'), ...WEIGHT_CONTROLS.map((c) => control(c, true)));
  fill(byId('numbers'), ...NUMBER_CONTROLS.map((c) => control(c, false)));
  const tariffs = Object.entries(policy.tariffs).map(([country, t]) => `${country} in ${t.currency}`);
  byId('tariffs').textContent = `Tariffs (${tariffs.join(', ')}) are kept as in the version this draft starts from.`;
  changed();
  dirty = false;
}

/** After any change: the differences from the starting version, problems beside their controls. */
function changed(): void {
  if (policy === undefined) return;
  dirty = true;
  const { problems } = draftOf(policy);
  for (const label of document.querySelectorAll<HTMLElement>('#policy-form [data-field]')) {
    const mine = problems.filter((p) => p.field === label.dataset.field);
    const slot = label.querySelector<HTMLElement>('.field-problem');
    if (slot !== null) {
      slot.hidden = mine.length === 0;
      slot.textContent = mine.map((p) => p.problem).join('; ');
    }
  }
  fill(byId('form-problems'), ...problems.map((p) => h('li', { 'data-field': p.field }, `${p.field}: ${p.problem}`)));
  const changes = changesBetween(base, policy);
  const from = base === undefined ? '' : ` from version ${base.version}`;
  byId('changes').textContent = changes.length === 0 ? `No change${from}.` : `Changed${from}: ${changes.join('; ')}`;
  showNextSteps();
}

function showNextSteps(): void {
  const ready = chosen !== undefined && !dirty;
  byId('what-if').hidden = chosen === undefined;
  byId('activate').hidden = chosen === undefined;
  byId<HTMLButtonElement>('what-if-run').disabled = !ready;
  byId<HTMLButtonElement>('activate-button').disabled = !ready;
  if (chosen === undefined) return;
  byId('what-if-title').textContent = ready
    ? `What if version ${chosen} were active`
    : `What if — save the changes as a draft first`;
  byId('activate-button').textContent = `Activate version ${chosen}`;
}

async function save(): Promise<void> {
  if (policy === undefined) return;
  const { document, problems } = draftOf(policy);
  if (problems.length > 0) return;
  try {
    const saved = await api.post<{ version: number }>('/routing/policies', document);
    chosen = saved.version;
    base = { ...policy, version: saved.version };
    dirty = false;
    tell(`Saved as version ${saved.version}, a draft: see what if, then activate it.`);
    byId('draft-title').textContent = `Draft version ${saved.version}`;
    changed();
    dirty = false;
    showNextSteps();
    await loadPoliciesUntil((list) => list.versions.some((v) => v.version === saved.version));
  } catch (error) {
    if (error instanceof ApiProblem && Array.isArray(error.details.problems)) {
      fill(
        byId('form-problems'),
        ...(error.details.problems as { field: string; problem: string }[]).map((p) =>
          h('li', { 'data-field': p.field }, `${p.field}: ${p.problem}`),
        ),
      );
    }
    say(error);
  }
}

async function whatIf(): Promise<void> {
  if (chosen === undefined) return;
  const limit = Number(byId<HTMLInputElement>('what-if-limit').value);
  const report = await api.post<Simulation>(`/routing/policies/${chosen}/simulate`, { limit });
  showSimulation(byId('what-if-summary'), byId('what-if-totals'), byId('what-if-changed'), report);
}

async function activate(): Promise<void> {
  if (chosen === undefined) return;
  const reason = byId<HTMLInputElement>('activate-reason').value.trim();
  const answer = await api.post<{ version: number; previousVersion: number; activatedBy: unknown }>(
    `/routing/policies/${chosen}/activate`,
    { reason },
  );
  byId('activate-result').textContent =
    `Version ${answer.version} is active, replacing version ${answer.previousVersion}, by ${describeActor(answer.activatedBy)}.`;
  tell(`Activated version ${answer.version}: the orders routed from now on use it.`);
  await loadPoliciesUntil((list) => list.activeVersion === answer.version);
}

byId('policy-name').addEventListener('input', (e) => {
  policy = withField(policy, 'name', (e.target as HTMLInputElement).value);
  changed();
});
byId('store-pickup').addEventListener('change', (e) => {
  policy = withField(policy, 'storePickupAllowed', (e.target as HTMLInputElement).checked);
  changed();
});
byId<HTMLFormElement>('policy-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void save();
});
onSubmit('what-if-form', whatIf);
onSubmit('activate-form', activate);

void loadPolicies()
  .then((list) => edit(list.activeVersion, false))
  .catch(say);
