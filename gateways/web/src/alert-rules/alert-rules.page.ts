import '../shared/pages.css';
import type { AlertRuleSetDocument } from '@ordinal/domain';
import { commandPage } from '../shared/command-page.ts';
import { byId, fill, h } from '../shared/dom.ts';
import { describeActor, formatDateTime } from '../shared/format.ts';
import { ApiProblem, tokenHolder, tokenRole } from '../shared/session.ts';
import { problemsOfRefusal } from './alert-rules.fields.ts';
import { AlertRuleSetForm } from './alert-rules.form.view.ts';
import { alertRuleWords, notifyWords } from './alert-rules.words.ts';

/**
 * Alert rules, `/ops/alerts/rules?token=…`: the alert rule sets with their versions and who
 * changed what, when and why; a version's rules in words (what raises each, its figures, who is
 * told and how). An admin edits a version in a form, saves it as a draft (the API's problems
 * shown under the fields they name, nothing saved) and activates it with a reason. Other roles
 * read the page without the form: the API would refuse their changes.
 */
interface SetSummary {
  readonly name: string;
  readonly activeVersion: number | null;
  readonly latestVersion: number;
  readonly builtIn: boolean;
}
interface SetAnswer extends SetSummary {
  readonly versions: readonly { version: number; status: string; rules: number }[];
  readonly changes: readonly { type: string; version: number; reason?: string; by: unknown; at: string }[];
}
interface VersionAnswer {
  readonly name: string;
  readonly version: number;
  readonly status: string;
  readonly document: AlertRuleSetDocument;
}

const STALE =
  'another version was saved while this one was edited; nothing was saved: show the latest version and edit it again';

/** Roles that may draft and activate alert rules (`manageAlertRules` in gateways/src/http/roles.ts). */
const EDITORS = new Set(['admin']);

const { api, say, tell, onSubmit } = commandPage();
const canEdit = EDITORS.has(tokenRole(api.token) ?? '');
const form = new AlertRuleSetForm(byId('edit-fields'), byId('edit-problems'));

/** The version shown, edited from and activated. */
let shown: VersionAnswer | undefined;
/** The latest version of the set shown, when it was last read. */
let latestVersion = 0;
/** The version the draft in the form is meant to become: a version recorded meanwhile makes it stale. */
let expectedVersion = 0;

const setPath = (name: string) => `/alerts/rules/${encodeURIComponent(name)}`;

async function loadSets(): Promise<void> {
  const { sets } = await api.get<{ sets: SetSummary[] }>('/alerts/rules');
  fill(
    byId('set-list'),
    h('tr', {}, h('th', {}, 'Set'), h('th', {}, 'Active'), h('th', {}, 'Latest'), h('th', {})),
    ...sets.map((set) =>
      h(
        'tr',
        { 'data-set': set.name },
        h('td', {}, set.name),
        h('td', {}, set.activeVersion === null ? 'none' : `version ${set.activeVersion}`),
        h('td', {}, `version ${set.latestVersion}${set.builtIn ? ' (built in)' : ''}`),
        h(
          'td',
          {},
          h('button', { type: 'button', onClick: () => void openSet(set.name).catch(say) }, `Open ${set.name}`),
        ),
      ),
    ),
  );
}

async function openSet(name: string, version?: number): Promise<void> {
  const set = await api.get<SetAnswer>(setPath(name));
  latestVersion = set.latestVersion;
  byId('set').hidden = false;
  byId('set-title').textContent = `Alert rule set ${set.name}`;
  // A version 1 never drafted is the built-in one, active before anything was recorded.
  const builtInFirst =
    set.versions.length > 0 && !set.changes.some((c) => c.type === 'AlertRuleSetDrafted' && c.version === 1);
  const onceActive = new Set(set.changes.filter((c) => c.type === 'AlertRuleSetActivated').map((c) => c.version));
  if (builtInFirst) onceActive.add(1);
  const statusWords = (v: { version: number; status: string }) =>
    v.status === 'draft' && onceActive.has(v.version) ? 'not active (was active)' : v.status;
  fill(
    byId('versions'),
    h('tr', {}, h('th', {}, 'Version'), h('th', {}, 'Status'), h('th', { class: 'num' }, 'Rules'), h('th', {})),
    ...set.versions.map((v) =>
      h(
        'tr',
        { 'data-version': v.version, 'data-status': v.status },
        h('td', {}, String(v.version)),
        h('td', {}, statusWords(v)),
        h('td', { class: 'num' }, String(v.rules)),
        h(
          'td',
          {},
          h('button', { type: 'button', onClick: () => void showVersion(name, v.version).catch(say) }, 'Show'),
        ),
      ),
    ),
  );
  const recorded = [...set.changes]
    .reverse()
    .map((c) =>
      h(
        'tr',
        { 'data-change': c.type, 'data-version': c.version },
        h('td', {}, formatDateTime(c.at)),
        h('td', {}, `${c.type.replace(/^AlertRuleSet/, '').toLowerCase()} version ${c.version}`),
        h('td', {}, describeActor(c.by)),
        h('td', {}, c.reason ?? ''),
      ),
    );
  const builtIn = builtInFirst
    ? h('tr', {}, h('td', {}, ''), h('td', {}, 'version 1 built in'), h('td', {}, 'Ordinal'))
    : null;
  fill(
    byId('history'),
    h('tr', {}, h('th', {}, 'When'), h('th', {}, 'What'), h('th', {}, 'Who'), h('th', {}, 'Why')),
    ...recorded,
    builtIn,
  );
  await showVersion(name, version ?? set.activeVersion ?? set.latestVersion);
}

async function showVersion(name: string, version: number): Promise<void> {
  shown = await api.get<VersionAnswer>(`${setPath(name)}/versions/${version}`);
  const { document, status } = shown;
  byId('version').hidden = false;
  byId('version-title').textContent = `${name}, version ${version} (${status})`;
  byId('version-description').textContent = document.description;
  fill(
    byId('version-rules'),
    ...document.rules.map((rule) =>
      h(
        'li',
        { 'data-rule': rule.id },
        h('strong', {}, rule.id),
        h('span', { class: 'words' }, alertRuleWords(rule)),
        h('span', { class: 'words' }, notifyWords(rule.notify)),
        rule.description === '' ? null : h('span', { class: 'words muted' }, `Described as: ${rule.description}`),
      ),
    ),
  );
  if (!canEdit) return;
  byId('activate').hidden = status === 'active';
  byId('activate-button').textContent = `Activate ${name} version ${version}`;
}

function startEdit(): void {
  if (shown === undefined) return;
  form.edit(shown.document);
  expectedVersion = latestVersion + 1;
  byId('edit').hidden = false;
  byId('edit-title').textContent = `Draft: the next version of ${shown.name}, from version ${shown.version}`;
  byId('edit').scrollIntoView();
}

async function saveDraft(): Promise<void> {
  const document = form.document;
  if (document === undefined) return;
  form.showProblems([]);
  try {
    const saved = await api.post<{ name: string; version: number }>(
      `${setPath(document.name)}/versions?expectedVersion=${expectedVersion}`,
      document,
    );
    byId('edit').hidden = true;
    await Promise.all([loadSets(), openSet(saved.name, saved.version)]);
    tell(`Saved ${saved.name} version ${saved.version} as a draft: activate it, saying why, to put it in force.`);
  } catch (error) {
    if (error instanceof ApiProblem && error.code === 'alert.version-conflict') {
      form.showProblems([{ field: '', reason: STALE }]);
      await loadSets();
    } else if (error instanceof ApiProblem && error.status >= 400 && error.status < 500 && error.status > 403) {
      // The document's own problems, under their fields (a 401 or 403 is about the link, said above).
      form.showProblems(problemsOfRefusal(error.details, error.message));
    }
    say(error);
  }
}

async function activate(): Promise<void> {
  if (shown === undefined) return;
  const { name, version } = shown;
  const reason = byId<HTMLInputElement>('activate-reason').value.trim();
  const answer = await api.post<{ by: unknown }>(`${setPath(name)}/versions/${version}/activate`, { reason });
  byId<HTMLInputElement>('activate-reason').value = '';
  await Promise.all([loadSets(), openSet(name, version)]);
  tell(
    `${name} version ${version} is active, by ${describeActor(answer.by)}: alerts are evaluated under it from now on.`,
  );
}

if (canEdit) {
  byId('edit-version').addEventListener('click', startEdit);
  byId('cancel-edit').addEventListener('click', () => {
    byId('edit').hidden = true;
  });
  onSubmit('edit-form', saveDraft);
  onSubmit('activate-form', activate);
} else {
  // Read only: no control the API would refuse.
  for (const id of ['edit-version', 'edit', 'activate']) byId(id).remove();
  const holder = tokenHolder(api.token);
  byId('signed-in').textContent =
    `${holder === undefined ? '' : `Signed in as ${holder}; `}an admin changes alert rules`;
}

void loadSets()
  .then(() => openSet('default'))
  .catch(say);
