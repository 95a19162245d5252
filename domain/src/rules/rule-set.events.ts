import type { DomainEvent } from '../shared/event.ts';
import { DEFAULT_RULE_SET, DEFAULT_RULE_SET_NAME, type RuleSetDocument } from './rule-set.types.ts';

/** The stream category of rule sets: each set is one stream, `ruleset-<name>`. */
export const RULE_SET_CATEGORY = 'ruleset';

/** The stream a rule set's versions and activations live in. */
export function ruleSetStreamId(name: string): string {
  return `${RULE_SET_CATEGORY}-${name}`;
}

/** Records a new rule set; its document becomes version 1, a draft until activated. */
export interface CreateRuleSet {
  readonly type: 'CreateRuleSet';
  readonly name: string;
  /** Checked by `validateRuleSet`; its `name` must be the set's. */
  readonly document: unknown;
}

/** Records a whole new document as the next version of a set, a draft until activated. */
export interface EditRuleSet {
  readonly type: 'EditRuleSet';
  readonly name: string;
  readonly document: unknown;
}

/** Makes a version the one evaluated at PlaceOrder; who is the command's actor. */
export interface ActivateRuleSet {
  readonly type: 'ActivateRuleSet';
  readonly name: string;
  readonly version: number;
  /** Why, for the audit trail; must not be blank. */
  readonly reason: string;
}

/** Stops a set from being evaluated; an activation later brings it back. */
export interface RetireRuleSet {
  readonly type: 'RetireRuleSet';
  readonly name: string;
  readonly reason: string;
}

/** Commands of the rule set aggregate. */
export type RuleSetCommand = CreateRuleSet | EditRuleSet | ActivateRuleSet | RetireRuleSet;

/** A set was created with its first version (a draft). */
export type RuleSetCreated = DomainEvent<
  'RuleSetCreated',
  { readonly name: string; readonly version: number; readonly document: RuleSetDocument }
>;

/** A new version of a set was recorded as a draft; the whole validated document is in the event. */
export type RuleSetEdited = DomainEvent<
  'RuleSetEdited',
  { readonly name: string; readonly version: number; readonly document: RuleSetDocument }
>;

/** A version became the active one; `previousVersion` is the one it replaced (absent: none was). */
export type RuleSetActivated = DomainEvent<
  'RuleSetActivated',
  { readonly name: string; readonly version: number; readonly previousVersion?: number; readonly reason: string }
>;

/** The set stopped being evaluated; `version` was the active one then (absent: none was). */
export type RuleSetRetired = DomainEvent<
  'RuleSetRetired',
  { readonly name: string; readonly version?: number; readonly reason: string }
>;

/** Events of the rule set aggregate. Who did it and when is in each event's metadata. */
export type RuleSetEvent = RuleSetCreated | RuleSetEdited | RuleSetActivated | RuleSetRetired;

/** Every rule set event type. */
export const RULE_SET_EVENT_TYPES = ['RuleSetCreated', 'RuleSetEdited', 'RuleSetActivated', 'RuleSetRetired'] as const;

/** Every version of one set (version n at index n − 1), which is active and whether it is retired. */
export interface RuleSetState {
  readonly name?: string;
  readonly versions: readonly RuleSetDocument[];
  readonly activeVersion?: number;
  readonly retired: boolean;
}

/** The state of an empty stream. */
export function initialRuleSetState(): RuleSetState {
  return { versions: [], retired: false };
}

/**
 * The state of the set called `name`: for `default` with nothing recorded, the built-in
 * `DEFAULT_RULE_SET` as version 1, active (as the default routing policy is).
 */
export function ruleSetStateOf(state: RuleSetState, name: string): RuleSetState {
  if (state.versions.length > 0 || name !== DEFAULT_RULE_SET_NAME) return state;
  return { name, versions: [DEFAULT_RULE_SET], activeVersion: 1, retired: false };
}

/** The state after one more rule set event. */
export function evolveRuleSet(current: RuleSetState, event: RuleSetEvent): RuleSetState {
  const state = ruleSetStateOf(current, event.data.name);
  switch (event.type) {
    case 'RuleSetCreated':
      return { name: event.data.name, versions: [event.data.document], retired: false };
    case 'RuleSetEdited':
      return { ...state, name: event.data.name, versions: [...state.versions, event.data.document] };
    case 'RuleSetActivated':
      return { ...state, name: event.data.name, activeVersion: event.data.version, retired: false };
    case 'RuleSetRetired': {
      const { activeVersion: _, ...rest } = state;
      return { ...rest, name: event.data.name, retired: true };
    }
  }
}

/** The document of a version, undefined for one never recorded. */
export function ruleSetVersion(state: RuleSetState, version: number): RuleSetDocument | undefined {
  return Number.isSafeInteger(version) && version >= 1 ? state.versions[version - 1] : undefined;
}

/** The version evaluated at PlaceOrder, if any: none before an activation, none once retired. */
export function activeRuleSet(state: RuleSetState): { version: number; document: RuleSetDocument } | undefined {
  if (state.retired || state.activeVersion === undefined) return undefined;
  const document = ruleSetVersion(state, state.activeVersion);
  return document === undefined ? undefined : { version: state.activeVersion, document };
}
