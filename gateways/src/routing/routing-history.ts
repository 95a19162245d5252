import { type EventStore, type RecordedRouting, recordedRoutingOf } from '@ordinal/domain';

/** How far a read of the log has come: the position reached and the log's head when it began. */
export interface RoutingHistoryProgress {
  readonly position: number;
  readonly head: number;
  /** Routed orders found so far (at most the limit). */
  readonly orders: number;
}

/** What `recentRoutings` reads and how it reports. */
export interface RecentRoutingsOptions {
  /** How many orders at most: the most recently routed ones. */
  readonly limit: number;
  /** Events read per round trip (default 2,000). */
  readonly pageSize?: number;
  readonly onProgress?: (progress: RoutingHistoryProgress) => void;
}

/** The routing decisions read, oldest first, and where the read ended. */
export interface RecentRoutings {
  readonly routings: readonly RecordedRouting[];
  /** Order events read. */
  readonly eventsRead: number;
  /** The log's head when the read began; later events are not in the answer. */
  readonly head: number;
}

/**
 * The last routing decision of each of the `limit` orders routed most recently, as their
 * events recorded them: the routing of an `OrderAllocated` made by the router, or of the
 * `OrderHeld` an unroutable decision caused. It reads the order streams of the log from the
 * start (the log is read forwards only), keeping no more than `limit` orders in memory; it
 * never looks at stock or locations as they are now.
 */
export async function recentRoutings(
  events: Pick<EventStore, 'readAll' | 'headPosition'>,
  options: RecentRoutingsOptions,
): Promise<RecentRoutings> {
  const { limit } = options;
  const pageSize = options.pageSize ?? 2_000;
  const head = await events.headPosition();
  // Insertion order is recency: a re-routed order moves to the end.
  const latest = new Map<string, RecordedRouting>();
  let position = 0;
  let eventsRead = 0;
  while (position < head) {
    const page = await events.readAll({ afterPosition: position, maxCount: pageSize, streamPrefixes: ['order-'] });
    if (page.length === 0) break;
    for (const event of page) {
      if (event.position > head) break;
      eventsRead += 1;
      const found = recordedRoutingOf(event);
      if (found === undefined) continue;
      const { orderId, input, decision } = found;
      latest.delete(orderId);
      latest.set(orderId, { orderId, input, decision });
      if (latest.size > limit) latest.delete(latest.keys().next().value as string);
    }
    position = page[page.length - 1]?.position ?? head;
    options.onProgress?.({ position: Math.min(position, head), head, orders: latest.size });
  }
  return { routings: [...latest.values()], eventsRead, head };
}
