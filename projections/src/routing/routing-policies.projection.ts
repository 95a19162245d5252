import {
  type ActorRef,
  BUILT_IN_POLICY_VERSION,
  DEFAULT_ROUTING_POLICY,
  type RecordedEvent,
  ROUTING_POLICIES_ID,
  ROUTING_POLICY_CATEGORY,
  ROUTING_POLICY_STREAM,
  type RoutingPolicy,
  type RoutingPolicyEvent,
} from '@ordinal/domain';
import { foldStreamEvent, type StreamDocument } from '../channels/stream-fold.ts';
import type { Projection } from '../runtime/projection.ts';

/** Collection of the routing policies: one document, id `policies`, fed by the `routing-policies` stream. */
export const ROUTING_POLICIES_COLLECTION = 'routingPolicies';

/** The id of the one document of the collection. */
export const ROUTING_POLICIES_DOCUMENT_ID = ROUTING_POLICIES_ID;

/** `draft`: recorded, never active; `active`: the router uses it; `retired`: was active, replaced since. */
export type RoutingPolicyStatus = 'draft' | 'active' | 'retired';

/** One activation, as the audit trail shows it. */
export interface RoutingPolicyActivation {
  readonly version: number;
  readonly previousVersion: number;
  readonly reason: string;
  readonly activatedBy: ActorRef;
  readonly activatedAt: string;
}

/** One version: its document, its status, who drafted it and its latest activation. */
export interface RoutingPolicyVersionView {
  readonly version: number;
  readonly name: string;
  readonly status: RoutingPolicyStatus;
  /** True for version 1, the default shipped with Ordinal (never drafted). */
  readonly builtIn: boolean;
  readonly draftedBy?: ActorRef;
  readonly draftedAt?: string;
  readonly lastActivation?: RoutingPolicyActivation;
  /** When it stopped being active (the activation of another version), if it did. */
  readonly retiredAt?: string;
  readonly policy: RoutingPolicy;
}

/** Every routing policy version, the active one, and every activation oldest first. */
export interface RoutingPoliciesDocument extends StreamDocument {
  readonly activeVersion: number;
  readonly versions: readonly RoutingPolicyVersionView[];
  readonly activations: readonly RoutingPolicyActivation[];
}

/** The document before any policy event: the built-in version 1, active. */
export function builtInRoutingPolicies(): RoutingPoliciesDocument {
  return {
    id: ROUTING_POLICIES_DOCUMENT_ID,
    revision: 0,
    activeVersion: BUILT_IN_POLICY_VERSION,
    versions: [
      {
        version: BUILT_IN_POLICY_VERSION,
        name: DEFAULT_ROUTING_POLICY.name,
        status: 'active',
        builtIn: true,
        policy: DEFAULT_ROUTING_POLICY,
      },
    ],
    activations: [],
  };
}

/** The view after one more event of `routing-policies` (from the built-in start when there is none yet). */
export function foldRoutingPolicies(
  doc: RoutingPoliciesDocument | undefined,
  recorded: RecordedEvent,
): RoutingPoliciesDocument {
  const current = doc ?? builtInRoutingPolicies();
  const event = recorded as RecordedEvent<RoutingPolicyEvent>;
  const { occurredAt, actor } = event.metadata;
  switch (event.type) {
    case 'RoutingPolicyDrafted': {
      const { version, policy } = event.data;
      const drafted: RoutingPolicyVersionView = {
        version,
        name: policy.name,
        status: 'draft',
        builtIn: false,
        draftedBy: actor,
        draftedAt: occurredAt,
        policy,
      };
      return { ...current, revision: event.revision, versions: [...current.versions, drafted] };
    }
    case 'RoutingPolicyActivated': {
      const activation: RoutingPolicyActivation = { ...event.data, activatedBy: actor, activatedAt: occurredAt };
      const versions = current.versions.map((view): RoutingPolicyVersionView => {
        if (view.version === activation.version) {
          const { retiredAt: _, ...rest } = view;
          return { ...rest, status: 'active', lastActivation: activation };
        }
        if (view.version === activation.previousVersion) return { ...view, status: 'retired', retiredAt: occurredAt };
        return view;
      });
      return {
        ...current,
        revision: event.revision,
        activeVersion: activation.version,
        versions,
        activations: [...current.activations, activation],
      };
    }
    default:
      // A later event type of the stream that this view does not show: only the revision moves.
      return { ...current, revision: recorded.revision };
  }
}

/** Answers "which routing policy versions exist, which is active, who activated it, when and why?". */
export const routingPoliciesProjection: Projection = {
  name: 'routingPolicies',
  categories: [ROUTING_POLICY_CATEGORY],
  collections: [ROUTING_POLICIES_COLLECTION],
  async apply(event, context) {
    // The document follows one stream; another stream of the `routing` category is not its business.
    if (event.streamId !== ROUTING_POLICY_STREAM) return 'duplicate';
    return foldStreamEvent<RoutingPoliciesDocument>(
      event,
      context,
      ROUTING_POLICIES_COLLECTION,
      ROUTING_POLICIES_DOCUMENT_ID,
      foldRoutingPolicies,
    );
  },
};
