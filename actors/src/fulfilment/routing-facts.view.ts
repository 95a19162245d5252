import {
  activeRoutingPolicy,
  type Location,
  type RecordedEvent,
  ROUTING_POLICY_STREAM,
  type RoutingPolicy,
  type RoutingPolicyEvent,
  routingPolicyDecider,
} from '@ordinal/domain';

/**
 * What the routing process keeps in memory from the log: the locations as last registered or
 * updated, how many shipments each location was given per day (from routed and manual
 * allocations, counted on the allocation's business date), and the routing policy active at the
 * point of the log reached. Rebuilt from the log at every start.
 */
export class RoutingFactsView {
  readonly #locations = new Map<string, Location>();
  /** day (YYYY-MM-DD) → locationId → shipments; per order only its latest allocation still in force counts. */
  readonly #allocations = new Map<string, { day: string; locations: readonly string[] }>();
  #policies = routingPolicyDecider.initialState();

  apply(event: RecordedEvent): void {
    if (event.streamId === ROUTING_POLICY_STREAM) {
      this.#policies = routingPolicyDecider.evolve(this.#policies, event as RecordedEvent<RoutingPolicyEvent>);
    } else if (event.type === 'LocationRegistered' || event.type === 'LocationUpdated') {
      const location = event.data as Location;
      this.#locations.set(location.locationId, location);
    } else if (event.type === 'OrderAllocated') {
      const { allocations } = event.data as { allocations: readonly { locationId: string }[] };
      this.#allocations.set(event.streamId, {
        day: event.metadata.occurredAt.slice(0, 10),
        locations: allocations.map((a) => a.locationId),
      });
    } else if (event.type === 'OrderCancelled' || event.type === 'AllocationRejected') {
      // Nothing will ship from there today for this order (a re-route counts again where it lands).
      this.#allocations.delete(event.streamId);
    }
  }

  /** The routing policy active now: the built-in default until another version is activated. */
  policy(): RoutingPolicy {
    return activeRoutingPolicy(this.#policies);
  }

  locations(): readonly Location[] {
    return [...this.#locations.values()];
  }

  /** Shipments per location allocated on `day` (UTC date). */
  shipmentsOn(day: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const allocation of this.#allocations.values()) {
      if (allocation.day !== day) continue;
      for (const locationId of allocation.locations) counts[locationId] = (counts[locationId] ?? 0) + 1;
    }
    return counts;
  }
}
