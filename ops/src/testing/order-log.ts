import { randomUUID } from 'node:crypto';
import { type DomainEvent, type EventStore, ORDER_EVENT_SCHEMA_VERSION, orderStreamId } from '@ordinal/domain';
import { eventfulOrder } from '@ordinal/projections/testing';

/** What a written log holds. */
export interface OrderLog {
  readonly orderIds: readonly string[];
  readonly events: number;
}

/** Events of one `eventfulOrder` history: orders needed for a log of about `events` events. */
export const EVENTS_PER_ORDER = eventfulOrder('x').length;

/**
 * Writes the histories of `orders` orders (each a long, legal `eventfulOrder`) to the store,
 * interleaved round by round: every order's first `burst` events, then the next ones… so the
 * orders' histories overlap in the log, as on a busy day. Appends of a round run concurrently
 * (the group commit batches them) with exact expected revisions.
 */
export async function writeOrderLog(
  store: EventStore,
  options: {
    readonly orders: number;
    readonly prefix: string;
    readonly start?: string;
    /** Called after each chunk of appends with the events written so far. */
    readonly onProgress?: (written: number) => void;
    /** Appends in flight at once (default 400). */
    readonly concurrency?: number;
    /**
     * Events of one order written together per round, as one append (default 1): an order's
     * events then sit in runs of this many consecutive positions, as when a customer's payment,
     * allocation and picking land within the same second.
     */
    readonly burst?: number;
  },
): Promise<OrderLog> {
  const orderIds = Array.from({ length: options.orders }, (_, i) => `${options.prefix}${String(i).padStart(6, '0')}`);
  const histories = orderIds.map((orderId, i) => eventfulOrder(orderId, `cust-${i % 97}`));
  const start = Date.parse(options.start ?? '2026-03-02T09:00:00.000Z');
  const concurrency = options.concurrency ?? 400;
  const burst = options.burst ?? 1;
  let written = 0;
  const longest = Math.max(...histories.map((h) => h.length));
  for (let from = 0; from < longest; from += burst) {
    const pending: { run: () => Promise<unknown>; count: number }[] = [];
    histories.forEach((history, i) => {
      const drafts = history.slice(from, from + burst);
      if (drafts.length === 0) return;
      const orderId = orderIds[i]!;
      const events: DomainEvent[] = drafts.map((draft, k) => ({
        eventId: randomUUID(),
        type: draft.type,
        data: draft.data,
        metadata: {
          schemaVersion: ORDER_EVENT_SCHEMA_VERSION,
          occurredAt: new Date(start + ((from + k) * options.orders + i) * 1_000).toISOString(),
          correlationId: `corr-${orderId}`,
          causationId: `cmd-${orderId}-${from + k + 1}`,
          actor: { kind: 'role', role: 'integration' },
        },
      }));
      const expected = from === 0 ? 'no-stream' : from;
      pending.push({ run: () => store.append(orderStreamId(orderId), events, expected), count: events.length });
    });
    for (let i = 0; i < pending.length; i += concurrency) {
      const chunk = pending.slice(i, i + concurrency);
      await Promise.all(chunk.map((append) => append.run()));
      written += chunk.reduce((sum, append) => sum + append.count, 0);
      options.onProgress?.(written);
    }
  }
  return { orderIds, events: written };
}
