import { randomUUID } from 'node:crypto';
import type { EventMetadata, RecordedEvent } from '@ordinal/domain';

/** What a test says about an event; everything else gets a valid default. */
export interface RecordedEventInit {
  readonly streamId: string;
  readonly type?: string;
  readonly data?: unknown;
  readonly revision?: number;
  readonly position?: number;
  readonly eventId?: string;
  readonly occurredAt?: string;
  readonly metadata?: Partial<EventMetadata>;
}

/** A complete, valid RecordedEvent envelope for tests. */
export function recordedEvent(init: RecordedEventInit): RecordedEvent {
  const occurredAt = init.occurredAt ?? '2025-01-01T00:00:00.000Z';
  const eventId = init.eventId ?? randomUUID();
  return {
    eventId,
    type: init.type ?? 'TestEventHappened',
    data: init.data ?? {},
    metadata: {
      schemaVersion: 1,
      occurredAt,
      correlationId: `corr-${eventId}`,
      causationId: `cause-${eventId}`,
      actor: { kind: 'system', component: 'test' },
      ...init.metadata,
    },
    streamId: init.streamId,
    revision: init.revision ?? 1,
    position: init.position ?? 1,
    recordedAt: occurredAt,
  };
}
