import type { DomainEvent } from '../shared/event.ts';
import { type AlertRuleSetDocument, DEFAULT_ALERT_RULE_SET, DEFAULT_ALERT_RULE_SET_NAME } from './alert-rules.types.ts';

/** The stream category of alert rule sets: each set is one stream, `alertrules-<name>`. */
export const ALERT_RULE_SET_CATEGORY = 'alertrules';

/** The stream an alert rule set's versions and activations live in. */
export function alertRuleSetStreamId(name: string): string {
  return `${ALERT_RULE_SET_CATEGORY}-${name}`;
}

/** Records a whole document as the next version of a set (version 1 creates it), a draft until activated. */
export interface DraftAlertRuleSet {
  readonly type: 'DraftAlertRuleSet';
  readonly name: string;
  /** Checked by `validateAlertRuleSet`; its `name` must be the set's. */
  readonly document: unknown;
  /**
   * The version this draft is meant to become (the latest one seen + 1); refused as
   * `alert.version-conflict` when another version was recorded first. Absent: whatever is next.
   */
  readonly expectedVersion?: number;
}

/** Makes a version the one the alert evaluator runs; who is the command's actor. */
export interface ActivateAlertRuleSet {
  readonly type: 'ActivateAlertRuleSet';
  readonly name: string;
  readonly version: number;
  /** Why, for the audit trail; must not be blank. */
  readonly reason: string;
}

/** Commands of the alert rule set aggregate. */
export type AlertRuleSetCommand = DraftAlertRuleSet | ActivateAlertRuleSet;

/** A new version of a set was recorded as a draft; the whole validated document is in the event. */
export type AlertRuleSetDrafted = DomainEvent<
  'AlertRuleSetDrafted',
  { readonly name: string; readonly version: number; readonly document: AlertRuleSetDocument }
>;

/** A version became the one evaluated; `previousVersion` is the one it replaced (absent: none was). */
export type AlertRuleSetActivated = DomainEvent<
  'AlertRuleSetActivated',
  { readonly name: string; readonly version: number; readonly previousVersion?: number; readonly reason: string }
>;

/** Events of the alert rule set aggregate. */
export type AlertRuleSetEvent = AlertRuleSetDrafted | AlertRuleSetActivated;

/** Every alert rule set event type. */
export const ALERT_RULE_SET_EVENT_TYPES = ['AlertRuleSetDrafted', 'AlertRuleSetActivated'] as const;

/** Every version of one set (version n at index n − 1) and which is active. */
export interface AlertRuleSetState {
  readonly name?: string;
  readonly versions: readonly AlertRuleSetDocument[];
  readonly activeVersion?: number;
}

/** The state of an empty stream. */
export function initialAlertRuleSetState(): AlertRuleSetState {
  return { versions: [] };
}

/** The state of the set called `name`: for `default` with nothing recorded, the built-in version 1, active. */
export function alertRuleSetStateOf(state: AlertRuleSetState, name: string): AlertRuleSetState {
  if (state.versions.length > 0 || name !== DEFAULT_ALERT_RULE_SET_NAME) return state;
  return { name, versions: [DEFAULT_ALERT_RULE_SET], activeVersion: 1 };
}

/** The state after one more alert rule set event. */
export function evolveAlertRuleSet(current: AlertRuleSetState, event: AlertRuleSetEvent): AlertRuleSetState {
  const state = alertRuleSetStateOf(current, event.data.name);
  switch (event.type) {
    case 'AlertRuleSetDrafted':
      return { ...state, name: event.data.name, versions: [...state.versions, event.data.document] };
    case 'AlertRuleSetActivated':
      return { ...state, name: event.data.name, activeVersion: event.data.version };
  }
}

/** The version the evaluator runs, if any. */
export function activeAlertRuleSet(
  state: AlertRuleSetState,
): { readonly version: number; readonly document: AlertRuleSetDocument } | undefined {
  const version = state.activeVersion;
  const document = version === undefined ? undefined : state.versions[version - 1];
  return version === undefined || document === undefined ? undefined : { version, document };
}
