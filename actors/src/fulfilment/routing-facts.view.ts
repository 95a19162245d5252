import type { Location, RecordedEvent } from '@ordinal/domain';

/**
 * What the routing process keeps in memory from the log: the locations as last registered or
 * updated, and how many shipments each location was given per day (from routed and manual
 * allocations, counted on the allocation's business date). Rebuilt from the log at every start.
 */
export class RoutingFactsView {
  readonly #locations = new Map<string, Location>();
  /** day (YYYY-MM-DD) → locationId → shipments; per order only its latest allocation still in force counts. */
  readonly #allocations = new Map<string, { day: string; locations: readonly string[] }>();

  apply(event: RecordedEvent): void {
    if (event.type === 'LocationRegistered' || event.type === 'LocationUpdated') {
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
