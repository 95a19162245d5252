import type { Decider } from '../shared/decider.ts';
import type { EventDraft } from '../shared/event.ts';
import { type Rejection, reject } from '../shared/rejection.ts';
import {
  type ActivateRuleSet,
  type CreateRuleSet,
  type EditRuleSet,
  evolveRuleSet,
  initialRuleSetState,
  type RetireRuleSet,
  RULE_SET_CATEGORY,
  type RuleSetCommand,
  type RuleSetEvent,
  type RuleSetState,
  ruleSetStateOf,
  ruleSetVersion,
} from './rule-set.events.ts';
import type { RuleSetRejectionCode } from './rule-set.rejections.ts';
import type { RuleSetDocument } from './rule-set.types.ts';
import { validateRuleSet } from './rule-set.validate.ts';

type Drafts = readonly EventDraft<RuleSetEvent['type']>[];
type Refusal = Rejection<RuleSetRejectionCode>;

const reasonOf = (reason: unknown): string => (typeof reason === 'string' ? reason.trim() : '');

function checked(name: string, document: unknown): RuleSetDocument | Refusal {
  const problems = validateRuleSet(document);
  if (problems.length > 0) {
    return reject('rules.invalid-rule-set', `the rule set has ${problems.length} problem(s)`, { problems });
  }
  const valid = document as RuleSetDocument;
  if (valid.name !== name) {
    return reject('rules.name-mismatch', `the document is named ${valid.name}, not ${name}`, { field: '/name' });
  }
  return valid;
}

function create(command: CreateRuleSet, state: RuleSetState): Drafts | Refusal {
  if (state.versions.length > 0) {
    return reject('rules.set-exists', `rule set ${command.name} exists; edit it instead`, {
      latestVersion: state.versions.length,
    });
  }
  const document = checked(command.name, command.document);
  if ('kind' in document) return document;
  return [{ type: 'RuleSetCreated', data: { name: command.name, version: 1, document } }];
}

function edit(command: EditRuleSet, state: RuleSetState): Drafts | Refusal {
  if (state.versions.length === 0) return notFound(command.name);
  const document = checked(command.name, command.document);
  if ('kind' in document) return document;
  return [{ type: 'RuleSetEdited', data: { name: command.name, version: state.versions.length + 1, document } }];
}

function activate(command: ActivateRuleSet, state: RuleSetState): Drafts | Refusal {
  const { name, version } = command;
  const reason = reasonOf(command.reason);
  if (reason === '') return reject('rules.reason-missing', 'say why the version is activated', { field: 'reason' });
  if (state.versions.length === 0) return notFound(name);
  if (ruleSetVersion(state, version) === undefined) {
    return reject('rules.version-not-found', `rule set ${name} has no version ${String(version)}`, {
      version,
      latestVersion: state.versions.length,
    });
  }
  if (!state.retired && version === state.activeVersion) {
    return reject('rules.already-active', `version ${version} of ${name} is already active`, {
      version,
      activeVersion: state.activeVersion,
    });
  }
  const previous = state.retired ? undefined : state.activeVersion;
  return [
    {
      type: 'RuleSetActivated',
      data: { name, version, ...(previous === undefined ? {} : { previousVersion: previous }), reason },
    },
  ];
}

function retire(command: RetireRuleSet, state: RuleSetState): Drafts | Refusal {
  const reason = reasonOf(command.reason);
  if (reason === '') return reject('rules.reason-missing', 'say why the set is retired', { field: 'reason' });
  if (state.versions.length === 0) return notFound(command.name);
  if (state.retired) return reject('rules.already-retired', `rule set ${command.name} is retired already`);
  const version = state.activeVersion;
  return [
    { type: 'RuleSetRetired', data: { name: command.name, ...(version === undefined ? {} : { version }), reason } },
  ];
}

const notFound = (name: string): Refusal => reject('rules.set-not-found', `there is no rule set ${name}`, { name });

/**
 * One rule set per stream, `ruleset-<name>`: created with version 1, edited into versions 2, 3…
 * (each a whole validated document, a draft), one version active at a time, or none once
 * retired. Activating the active version is refused, so every activation recorded is a change;
 * any recorded version may be activated again (a rollback is an activation too). The `default`
 * set exists before anything is recorded, its built-in version 1 active.
 */
export const ruleSetDecider: Decider<RuleSetCommand, RuleSetEvent, RuleSetState> = {
  category: RULE_SET_CATEGORY,
  initialState: initialRuleSetState,
  evolve: evolveRuleSet,
  decide(command, current) {
    const state = ruleSetStateOf(current, command.name);
    switch (command.type) {
      case 'CreateRuleSet':
        return create(command, state);
      case 'EditRuleSet':
        return edit(command, state);
      case 'ActivateRuleSet':
        return activate(command, state);
      case 'RetireRuleSet':
        return retire(command, state);
      default: {
        const unknown: never = command;
        return reject('rules.invalid-rule-set', `unknown command ${String((unknown as { type?: unknown }).type)}`, {
          field: 'type',
        });
      }
    }
  },
  entityId: (command) => command.name,
  describe: (state) => ({
    name: state.name,
    latestVersion: state.versions.length,
    activeVersion: state.activeVersion,
    retired: state.retired,
  }),
};
