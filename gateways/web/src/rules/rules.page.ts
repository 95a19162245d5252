import '../shared/pages.css';
import type { Rule, RuleSetDocument, RuleSetProblem } from '@ordinal/domain';
import { commandPage } from '../shared/command-page.ts';
import { byId, fill, h } from '../shared/dom.ts';
import { describeActor, formatDateTime } from '../shared/format.ts';
import { ApiProblem } from '../shared/session.ts';
import { RuleBuilder } from './rule.builder.view.ts';
import { buildRuleSet, newRule, problemsOfRefusal, type RuleSetDraft, ruleSetDraft } from './rule.document.ts';
import { ruleWords } from './rule.words.ts';
import { type DryRunReport, showDryRun } from './rules.dry-run.view.ts';

/**
 * Rules for operators, `/ops/rules?token=…`: the rule sets with their versions and who changed
 * what when; a version's rules in words; a draft edited with the rule builder (no JSON), saved
 * as a new version, dry-run against recent orders and activated. Every change is a command of
 * the signed-in role, refused by the API when that role may not make it.
 */
interface SetSummary {
  readonly name: string;
  readonly description: string;
  readonly activeVersion: number | null;
  readonly latestVersion: number;
  readonly retired: boolean;
  readonly builtIn: boolean;
}
interface SetAnswer extends SetSummary {
  readonly versions: readonly { version: number; status: string; rules: number }[];
  readonly changes: readonly { type: string; version?: number; reason?: string; by: unknown; at: string }[];
}

const { api, say, tell, onSubmit } = commandPage();
const builder = new RuleBuilder(byId('builder'));
const builderPanel = byId('builder-panel');

/** The draft being edited: a new set (created on save) or the next version of an existing one. */
let draft: { set: RuleSetDraft; isNew: boolean } | undefined;
/** The rule the builder edits: its index in the draft (the length of the list for a new one). */
let editing = -1;
/** The version dry-run and activated: the one last saved or shown. */
let chosen: { name: string; version: number } | undefined;

async function loadSets(): Promise<void> {
  const { sets } = await api.get<{ sets: SetSummary[] }>('/rules/sets');
  fill(
    byId('set-list'),
    h(
      'tr',
      {},
      h('th', {}, 'Set'),
      h('th', {}, 'Description'),
      h('th', {}, 'Active'),
      h('th', {}, 'Latest'),
      h('th', {}),
    ),
    ...sets.map((set) =>
      h(
        'tr',
        { 'data-set': set.name },
        h('td', {}, set.name),
        h('td', {}, set.description),
        h('td', {}, set.retired ? 'retired' : set.activeVersion === null ? 'none' : `version ${set.activeVersion}`),
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
  const set = await api.get<SetAnswer>(`/rules/sets/${encodeURIComponent(name)}`);
  byId('set').hidden = false;
  byId('set-title').textContent = `Rule set ${set.name}`;
  fill(
    byId('versions'),
    h('tr', {}, h('th', {}, 'Version'), h('th', {}, 'Status'), h('th', { class: 'num' }, 'Rules'), h('th', {})),
    ...set.versions.map((v) =>
      h(
        'tr',
        { 'data-version': v.version, 'data-status': v.status },
        h('td', {}, String(v.version)),
        h('td', {}, v.status),
        h('td', { class: 'num' }, String(v.rules)),
        h(
          'td',
          {},
          h('button', { type: 'button', onClick: () => void showVersion(name, v.version).catch(say) }, 'Show'),
        ),
      ),
    ),
  );
  fill(
    byId('history'),
    h('tr', {}, h('th', {}, 'When'), h('th', {}, 'What'), h('th', {}, 'Who'), h('th', {}, 'Why')),
    ...[...set.changes]
      .reverse()
      .map((c) =>
        h(
          'tr',
          {},
          h('td', {}, formatDateTime(c.at)),
          h(
            'td',
            {},
            `${c.type.replace(/^RuleSet/, '').toLowerCase()}${c.version === undefined ? '' : ` version ${c.version}`}`,
          ),
          h('td', {}, describeActor(c.by)),
          h('td', {}, c.reason ?? ''),
        ),
      ),
  );
  await showVersion(name, version ?? set.activeVersion ?? set.latestVersion);
}

async function showVersion(name: string, version: number): Promise<void> {
  const answer = await api.get<{ status: string; document: RuleSetDocument }>(
    `/rules/sets/${encodeURIComponent(name)}/versions/${version}`,
  );
  chosen = { name, version };
  byId('version').hidden = false;
  byId('version-title').textContent = `${name}, version ${version} (${answer.status})`;
  fill(byId('version-rules'), ...answer.document.rules.map((rule) => ruleItem(rule)));
  byId('edit-version').onclick = () => startDraft(ruleSetDraft(answer.document), false);
  showNextSteps();
}

function ruleItem(rule: Rule, ...controls: HTMLElement[]): HTMLLIElement {
  return h(
    'li',
    { 'data-rule': rule.id },
    h('strong', {}, rule.name),
    h('span', { class: 'words' }, ruleWords(rule)),
    ...controls,
  );
}

function startDraft(set: RuleSetDraft, isNew: boolean): void {
  draft = { set, isNew };
  byId('draft').hidden = false;
  byId('draft-title').textContent = isNew ? `New rule set ${set.name}` : `Draft: the next version of ${set.name}`;
  closeBuilder();
  renderDraft([]);
  byId('draft').scrollIntoView();
}

function renderDraft(problems: readonly RuleSetProblem[]): void {
  if (draft === undefined) return;
  const { document } = buildRuleSet(draft.set);
  fill(
    byId('draft-rules'),
    ...document.rules.map((rule, i) => {
      const edit = h('button', { type: 'button', onClick: () => openBuilder(i) }, 'Edit');
      const remove = h('button', { type: 'button', onClick: () => removeRule(i) }, 'Remove');
      return ruleItem(rule, edit, remove);
    }),
  );
  fill(
    byId('draft-problems'),
    ...problems.map((p) => h('li', { 'data-field': p.field }, `${p.field || 'the set'}: ${p.problem}`)),
  );
}

function removeRule(index: number): void {
  if (draft === undefined) return;
  draft = { ...draft, set: { ...draft.set, rules: draft.set.rules.filter((_, i) => i !== index) } };
  closeBuilder();
  renderDraft([]);
}

function openBuilder(index: number): void {
  if (draft === undefined) return;
  editing = index;
  builderPanel.hidden = false;
  byId('builder-title').textContent = index < draft.set.rules.length ? `Rule ${index + 1}` : 'New rule';
  builder.edit(draft.set.rules[index] ?? newRule(), index);
  builderPanel.querySelector<HTMLInputElement>('[data-control="rule-name"]')?.focus();
}

function closeBuilder(): void {
  editing = -1;
  builderPanel.hidden = true;
}

/** The draft with the builder's rule in it, and its problems (the server's validation, run here first). */
function withBuilderRule(): { set: RuleSetDraft; problems: RuleSetProblem[] } | undefined {
  if (draft === undefined) return undefined;
  const rules = [...draft.set.rules];
  rules[editing] = builder.rule;
  const set = { ...draft.set, rules };
  return { set, problems: buildRuleSet(set).problems };
}

function applyBuilder(): void {
  const next = withBuilderRule();
  if (next === undefined || draft === undefined) return;
  const own = next.problems.filter((p) => p.field.startsWith(`/rules/${editing}/`) || p.field === `/rules/${editing}`);
  builder.showProblems(own);
  if (own.length > 0) return;
  draft = { ...draft, set: next.set };
  closeBuilder();
  renderDraft([]);
}

async function saveDraft(): Promise<void> {
  if (draft === undefined) return;
  const { document, problems } = buildRuleSet(draft.set);
  if (problems.length > 0) return showProblems(problems);
  const path = draft.isNew ? '/rules/sets' : `/rules/sets/${encodeURIComponent(document.name)}/versions`;
  try {
    const saved = await api.post<{ name: string; version: number }>(path, document);
    draft = { set: draft.set, isNew: false };
    byId('draft-title').textContent = `Draft: saved as version ${saved.version}; edit on for the next one`;
    tell(`Saved ${saved.name} version ${saved.version} as a draft: dry-run it, then activate it.`);
    await Promise.all([loadSets(), openSet(saved.name, saved.version)]);
  } catch (error) {
    if (error instanceof ApiProblem && error.status >= 400 && error.status < 500 && error.status !== 401) {
      showProblems(problemsOfRefusal(error.details, error.message));
      say(error);
    } else say(error);
  }
}

/** Problems next to the controls they name: a rule's in the builder (opened on that rule), the rest in the list. */
function showProblems(problems: readonly RuleSetProblem[]): void {
  const ruleIndex = /^\/rules\/(\d+)/.exec(problems[0]?.field ?? '')?.[1];
  if (ruleIndex !== undefined) {
    openBuilder(Number(ruleIndex));
    builder.showProblems(problems.filter((p) => p.field.startsWith(`/rules/${ruleIndex}`)));
  }
  renderDraft(problems);
}

function showNextSteps(): void {
  byId('dry-run').hidden = chosen === undefined;
  byId('activate').hidden = chosen === undefined;
  if (chosen === undefined) return;
  byId('dry-run-title').textContent = `Dry-run ${chosen.name} version ${chosen.version}`;
  byId('activate-button').textContent = `Activate ${chosen.name} version ${chosen.version}`;
}

async function dryRun(): Promise<void> {
  if (chosen === undefined) return;
  const last = Number(byId<HTMLInputElement>('dry-run-last').value);
  const report = await api.post<DryRunReport>(
    `/rules/sets/${encodeURIComponent(chosen.name)}/versions/${chosen.version}/dry-run`,
    { last },
  );
  showDryRun(byId('dry-run-summary'), byId('dry-run-results'), report);
}

async function activate(): Promise<void> {
  if (chosen === undefined) return;
  const reason = byId<HTMLInputElement>('activate-reason').value.trim();
  const { name, version } = chosen;
  const answer = await api.post<{ previousVersion?: number; by: unknown }>(
    `/rules/sets/${encodeURIComponent(name)}/versions/${version}/activate`,
    { reason },
  );
  const replaced = answer.previousVersion === undefined ? '' : `, replacing version ${answer.previousVersion}`;
  byId('activate-result').textContent =
    `${name} version ${version} is active${replaced}, by ${describeActor(answer.by)}.`;
  tell(`Activated ${name} version ${version}: the orders placed from now on meet it.`);
  await Promise.all([loadSets(), openSet(name, version)]);
}

byId('add-rule').addEventListener('click', () => openBuilder(draft?.set.rules.length ?? 0));
byId('builder-apply').addEventListener('click', applyBuilder);
byId('builder-cancel').addEventListener('click', closeBuilder);
byId('save-draft').addEventListener('click', () => void saveDraft());
onSubmit('dry-run-form', dryRun);
onSubmit('activate-form', activate);
byId<HTMLFormElement>('new-set').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = new FormData(e.target as HTMLFormElement);
  const name = String(form.get('name') ?? '').trim();
  startDraft({ name, description: String(form.get('description') ?? '').trim(), rules: [] }, true);
  openBuilder(0);
});

void loadSets().catch(say);
