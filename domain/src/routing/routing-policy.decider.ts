import type { Decider } from '../shared/decider.ts';
import type { EventDraft } from '../shared/event.ts';
import { type Rejection, reject } from '../shared/rejection.ts';
import type { RoutingPolicy } from './routing.policy.ts';
import { validateRoutingPolicy } from './routing.validate.ts';
import {
  type ActivateRoutingPolicy,
  type DraftRoutingPolicy,
  evolveRoutingPolicies,
  initialRoutingPolicyState,
  latestPolicyVersion,
  ROUTING_POLICIES_ID,
  ROUTING_POLICY_CATEGORY,
  type RoutingPolicyCommand,
  type RoutingPolicyEvent,
  type RoutingPolicyState,
  routingPolicyVersion,
} from './routing-policy.events.ts';
import type { RoutingPolicyRejectionCode } from './routing-policy.rejections.ts';

type Drafts = readonly EventDraft<RoutingPolicyEvent['type']>[];
type Refusal = Rejection<RoutingPolicyRejectionCode>;

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function draft(command: DraftRoutingPolicy, state: RoutingPolicyState): Drafts | Refusal {
  const version = latestPolicyVersion(state) + 1;
  const given = isObject(command.policy) ? command.policy.version : undefined;
  // The version is the decider's to give; a document may leave it out.
  const document = isObject(command.policy) && given === undefined ? { ...command.policy, version } : command.policy;
  const problems = validateRoutingPolicy(document);
  if (problems.length > 0) {
    return reject('routing.invalid-policy', `the policy has ${problems.length} problem(s)`, { problems });
  }
  if (given !== undefined && given !== version) {
    return reject('routing.policy-version-conflict', `the next policy version is ${version}, not ${String(given)}`, {
      expectedVersion: version,
      latestVersion: version - 1,
    });
  }
  return [{ type: 'RoutingPolicyDrafted', data: { version, policy: document as RoutingPolicy } }];
}

function activate(command: ActivateRoutingPolicy, state: RoutingPolicyState): Drafts | Refusal {
  const { version } = command;
  const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
  if (reason === '') {
    return reject('routing.activation-reason-missing', 'say why the policy is activated', { field: 'reason' });
  }
  if (!Number.isSafeInteger(version) || routingPolicyVersion(state, version) === undefined) {
    return reject('routing.policy-not-found', `there is no routing policy version ${String(version)}`, {
      version,
      latestVersion: latestPolicyVersion(state),
    });
  }
  if (version === state.activeVersion) {
    return reject('routing.policy-already-active', `routing policy version ${version} is already active`, {
      version,
      activeVersion: state.activeVersion,
    });
  }
  return [{ type: 'RoutingPolicyActivated', data: { version, previousVersion: state.activeVersion, reason } }];
}

/**
 * The routing policies: every version and every activation in one stream, `routing-policies`,
 * so "which is active" is one fold. Version 1 is the built-in default and is active until
 * another is activated; a draft is validated in full (every problem in one refusal) and becomes
 * version last + 1. Activating the active version is refused, so every activation recorded is
 * a change. Any recorded version can be activated again (a rollback is an activation too).
 */
export const routingPolicyDecider: Decider<RoutingPolicyCommand, RoutingPolicyEvent, RoutingPolicyState> = {
  category: ROUTING_POLICY_CATEGORY,
  initialState: initialRoutingPolicyState,
  evolve: evolveRoutingPolicies,
  decide(command, state) {
    switch (command.type) {
      case 'DraftRoutingPolicy':
        return draft(command, state);
      case 'ActivateRoutingPolicy':
        return activate(command, state);
      default: {
        const unknown: never = command;
        return reject('routing.invalid-policy', `unknown command ${String((unknown as { type?: unknown }).type)}`, {
          field: 'type',
        });
      }
    }
  },
  entityId: () => ROUTING_POLICIES_ID,
  describe: (state) => ({ activeVersion: state.activeVersion, latestVersion: latestPolicyVersion(state) }),
};
