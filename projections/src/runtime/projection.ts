import type { EventStore, ReadStore, RecordedEvent } from '@ordinal/domain';

/** The reads of the log a projection may make (to fill a gap in a stream, or to rebuild). */
export type EventLog = Pick<EventStore, 'readStream' | 'readAll' | 'headPosition'>;

/** What a projection gets besides the event. */
export interface ProjectionContext {
  readonly store: ReadStore;
  readonly events: EventLog;
}

/** `applied` when the read model changed; `duplicate` when the event was already in it. */
export type ApplyOutcome = 'applied' | 'duplicate';

/**
 * A read model fed by events. `apply` must be idempotent and order-tolerant: it is called
 * at least once per event, possibly after later events of other streams (see DESIGN.md, the
 * per-stream revision guard).
 */
export interface Projection {
  /** Also the durable subscription name and the name in logs: `orderTracking`. */
  readonly name: string;
  /** Stream categories it reads (`order`); all when empty. */
  readonly categories: readonly string[];
  /** Collections it owns; a rebuild clears exactly these. */
  readonly collections: readonly string[];
  /** Creates its indexes; idempotent, called before the first event and after a rebuild's clear. */
  setup?(store: ReadStore): Promise<void>;
  apply(event: RecordedEvent, context: ProjectionContext): Promise<ApplyOutcome>;
}
