import type { DomainEvent } from '../shared/event.ts';
import { DEFAULT_ROUTING_POLICY, type RoutingPolicy } from './routing.policy.ts';

/** The stream category of routing policies; every version lives in the one stream `routing-policies`. */
export const ROUTING_POLICY_CATEGORY = 'routing';

/** The entity id of the policy stream: there is one set of policies for the whole OMS. */
export const ROUTING_POLICIES_ID = 'policies';

/** The one stream holding every routing policy version and every activation. */
export const ROUTING_POLICY_STREAM = `${ROUTING_POLICY_CATEGORY}-${ROUTING_POLICIES_ID}`;

/**
 * The version that is active before anything was recorded: the built-in `DEFAULT_ROUTING_POLICY`.
 * It is never drafted; the first draft becomes version 2.
 */
export const BUILT_IN_POLICY_VERSION = 1;

/** Records a policy document as the next version (last + 1), a draft until it is activated. */
export interface DraftRoutingPolicy {
  readonly type: 'DraftRoutingPolicy';
  /** Checked by `validateRoutingPolicy`; its `version`, when given, must be the next one. */
  readonly policy: unknown;
}

/** Makes a recorded version the one the router uses from now on; who did it is the command's actor. */
export interface ActivateRoutingPolicy {
  readonly type: 'ActivateRoutingPolicy';
  readonly version: number;
  /** Why, for the audit trail; must not be blank. */
  readonly reason: string;
}

/** Commands of the routing policy aggregate. */
export type RoutingPolicyCommand = DraftRoutingPolicy | ActivateRoutingPolicy;

/** A policy version was recorded as a draft; the whole validated document is in the event. */
export type RoutingPolicyDrafted = DomainEvent<
  'RoutingPolicyDrafted',
  { readonly version: number; readonly policy: RoutingPolicy }
>;

/**
 * A version became the active one. Who activated it is the event's `metadata.actor`, when is
 * `metadata.occurredAt`; `previousVersion` is the version it replaced.
 */
export type RoutingPolicyActivated = DomainEvent<
  'RoutingPolicyActivated',
  { readonly version: number; readonly previousVersion: number; readonly reason: string }
>;

/** Events of the routing policy aggregate. */
export type RoutingPolicyEvent = RoutingPolicyDrafted | RoutingPolicyActivated;

/** Every routing policy event type. */
export const ROUTING_POLICY_EVENT_TYPES = ['RoutingPolicyDrafted', 'RoutingPolicyActivated'] as const;

/** Every recorded version and which one is active. */
export interface RoutingPolicyState {
  /** Drafted documents in version order: version 2 first (version 1 is the built-in default). */
  readonly drafted: readonly RoutingPolicy[];
  readonly activeVersion: number;
}

/** The state of an empty stream: only the built-in default, active. */
export function initialRoutingPolicyState(): RoutingPolicyState {
  return { drafted: [], activeVersion: BUILT_IN_POLICY_VERSION };
}

/** The state after one more policy event. */
export function evolveRoutingPolicies(state: RoutingPolicyState, event: RoutingPolicyEvent): RoutingPolicyState {
  switch (event.type) {
    case 'RoutingPolicyDrafted':
      return { ...state, drafted: [...state.drafted, event.data.policy] };
    case 'RoutingPolicyActivated':
      return { ...state, activeVersion: event.data.version };
  }
}

/** The highest version recorded (1 while nothing was drafted). */
export function latestPolicyVersion(state: RoutingPolicyState): number {
  return BUILT_IN_POLICY_VERSION + state.drafted.length;
}

/** The document of a version: 1 is the built-in default; undefined for a version never drafted. */
export function routingPolicyVersion(state: RoutingPolicyState, version: number): RoutingPolicy | undefined {
  if (version === BUILT_IN_POLICY_VERSION) return DEFAULT_ROUTING_POLICY;
  return state.drafted[version - BUILT_IN_POLICY_VERSION - 1];
}

/** The policy the router uses now. */
export function activeRoutingPolicy(state: RoutingPolicyState): RoutingPolicy {
  return routingPolicyVersion(state, state.activeVersion) ?? DEFAULT_ROUTING_POLICY;
}
