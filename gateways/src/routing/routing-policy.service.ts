import {
  type ActorRef,
  type CommandMetadata,
  type EventStore,
  latestPolicyVersion,
  type ReadStore,
  ROUTING_POLICIES_ID,
  type RoutingPolicy,
  type RoutingPolicyActivated,
  type RoutingPolicyCommand,
  type RoutingPolicyDrafted,
  type RoutingPolicyState,
  routingPolicyVersion,
  simulate,
} from '@ordinal/domain';
import {
  builtInRoutingPolicies,
  ROUTING_POLICIES_COLLECTION,
  ROUTING_POLICIES_DOCUMENT_ID,
  type RoutingPoliciesDocument,
} from '@ordinal/projections';
import type { AggregateHost } from '../channels/channel-hosts.ts';
import { ApiError, rejectionError } from '../http/errors.ts';
import { recentRoutings } from './routing-history.ts';
import { type SimulationReport, simulationReport } from './routing-simulation.ts';

/** What the routing policy routes need; the composition root hands in a host on the event store. */
export interface RoutingPolicyDeps {
  readonly policies: AggregateHost<RoutingPolicyCommand, RoutingPolicyState>;
}

/** Everything the routing policy routes use. */
export interface RoutingPolicyRoutesOptions extends RoutingPolicyDeps {
  readonly readStore: ReadStore;
  readonly events: EventStore;
  readonly newId: () => string;
}

const notFound = (version: number, latestVersion: number) =>
  new ApiError(404, 'routing.policy-not-found', `there is no routing policy version ${version}`, {
    version,
    latestVersion,
  });

/**
 * The routing policies as the routes use them: reads from the `routingPolicies` view, commands
 * to the policy aggregate, and simulations that read the documents from the aggregate (so a
 * draft can be simulated the moment it is recorded) and the decisions from the log.
 */
export class RoutingPolicies {
  readonly #options: RoutingPolicyRoutesOptions;

  constructor(options: RoutingPolicyRoutesOptions) {
    this.#options = options;
  }

  /** Every version as the read side shows it (the built-in version 1 alone before any event). */
  async view(): Promise<RoutingPoliciesDocument> {
    const collection = this.#options.readStore.collection<RoutingPoliciesDocument>(ROUTING_POLICIES_COLLECTION);
    return (await collection.get(ROUTING_POLICIES_DOCUMENT_ID)) ?? builtInRoutingPolicies();
  }

  /** Records a draft; the refusal (every problem) is thrown. */
  async draft(policy: unknown, metadata: CommandMetadata): Promise<RoutingPolicy> {
    const outcome = await this.#options.policies.execute({ command: { type: 'DraftRoutingPolicy', policy }, metadata });
    if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
    const drafted = outcome.events[0] as RoutingPolicyDrafted | undefined;
    if (drafted === undefined) throw new Error('drafting a routing policy recorded nothing');
    return drafted.data.policy;
  }

  /** Activates a version; the refusal is thrown. */
  async activate(
    version: number,
    reason: string,
    metadata: CommandMetadata,
  ): Promise<RoutingPolicyActivated['data'] & { activatedBy: ActorRef }> {
    const command = { type: 'ActivateRoutingPolicy' as const, version, reason };
    const outcome = await this.#options.policies.execute({ command, metadata });
    if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
    const activated = outcome.events[0] as RoutingPolicyActivated | undefined;
    if (activated === undefined) throw new Error(`activating routing policy ${version} recorded nothing`);
    return { ...activated.data, activatedBy: activated.metadata.actor };
  }

  /** Replays the `limit` most recently routed orders under a version; nothing is recorded. */
  async simulate(version: number, limit: number): Promise<SimulationReport & { eventsRead: number }> {
    const { state } = await this.#options.policies.load(ROUTING_POLICIES_ID);
    const policy = routingPolicyVersion(state, version);
    if (policy === undefined) throw notFound(version, latestPolicyVersion(state));
    const recent = await recentRoutings(this.#options.events, { limit });
    return { ...simulationReport(simulate(recent.routings, policy)), eventsRead: recent.eventsRead };
  }

  /** 404 `routing.policy-not-found` for a version the view does not hold. */
  notFound(version: number, view: RoutingPoliciesDocument): ApiError {
    return notFound(version, view.versions.length);
  }
}
