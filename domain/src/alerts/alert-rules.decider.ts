import type { Decider } from '../shared/decider.ts';
import type { EventDraft } from '../shared/event.ts';
import { type Rejection, reject } from '../shared/rejection.ts';
import type { AlertRejectionCode } from './alert.rejections.ts';
import {
  ALERT_RULE_SET_CATEGORY,
  type AlertRuleSetCommand,
  type AlertRuleSetEvent,
  type AlertRuleSetState,
  alertRuleSetStateOf,
  evolveAlertRuleSet,
  initialAlertRuleSetState,
} from './alert-rules.events.ts';
import type { AlertRuleSetDocument } from './alert-rules.types.ts';
import { validateAlertRuleSet } from './alert-rules.validate.ts';

type Drafts = readonly EventDraft<AlertRuleSetEvent['type']>[];
type Refusal = Rejection<AlertRejectionCode>;

/**
 * One alert rule set per stream, `alertrules-<name>`, versioned like the placement rule sets:
 * every draft is a whole validated document (version 1, 2…), one version is active at a time,
 * an activation says why, and activating the active version is refused. The `default` set
 * exists before anything is recorded, its built-in version 1 active.
 */
export const alertRuleSetDecider: Decider<AlertRuleSetCommand, AlertRuleSetEvent, AlertRuleSetState> = {
  category: ALERT_RULE_SET_CATEGORY,
  initialState: initialAlertRuleSetState,
  evolve: evolveAlertRuleSet,
  decide(command, current): Drafts | Refusal {
    const state = alertRuleSetStateOf(current, command.name);
    switch (command.type) {
      case 'DraftAlertRuleSet': {
        const problems = validateAlertRuleSet(command.document);
        if (problems.length > 0) {
          return reject('alert.invalid-rule-set', `the alert rule set has ${problems.length} problem(s)`, { problems });
        }
        const document = command.document as AlertRuleSetDocument;
        if (document.name !== command.name) {
          return reject('alert.invalid-rule-set', `the document is named ${document.name}, not ${command.name}`, {
            field: '/name',
          });
        }
        const version = state.versions.length + 1;
        if (command.expectedVersion !== undefined && command.expectedVersion !== version) {
          return reject(
            'alert.version-conflict',
            `the next version of ${command.name} is ${version}, not ${String(command.expectedVersion)}: ` +
              `version ${state.versions.length} was recorded meanwhile`,
            { expectedVersion: command.expectedVersion, latestVersion: state.versions.length },
          );
        }
        return [{ type: 'AlertRuleSetDrafted', data: { name: command.name, version, document } }];
      }
      case 'ActivateAlertRuleSet': {
        const { name, version } = command;
        const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
        if (reason === '')
          return reject('alert.reason-missing', 'say why the version is activated', { field: 'reason' });
        if (state.versions.length === 0)
          return reject('alert.rule-set-not-found', `there is no alert rule set ${name}`);
        if (!Number.isSafeInteger(version) || version < 1 || version > state.versions.length) {
          return reject('alert.version-not-found', `alert rule set ${name} has no version ${String(version)}`, {
            version,
            latestVersion: state.versions.length,
          });
        }
        if (version === state.activeVersion) {
          return reject('alert.version-active', `version ${version} of ${name} is already active`, { version });
        }
        const previous = state.activeVersion;
        return [
          {
            type: 'AlertRuleSetActivated',
            data: { name, version, ...(previous === undefined ? {} : { previousVersion: previous }), reason },
          },
        ];
      }
      default: {
        const unknown: never = command;
        return reject('alert.invalid-rule-set', `unknown command ${String((unknown as { type?: unknown }).type)}`);
      }
    }
  },
  entityId: (command) => command.name,
  describe: (state) => ({ name: state.name, latestVersion: state.versions.length, activeVersion: state.activeVersion }),
};
