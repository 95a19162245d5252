import type { RecordedEvent } from '@ordinal/domain';
import type { Static } from 'typebox';
import type { RecordedEventSchema } from './orders.schemas.ts';

/** An event as the API shows it. */
export type EventView = Static<typeof RecordedEventSchema>;

/** A recorded event in the API's shape (business time lifted next to the store's time). */
export function eventView(event: RecordedEvent): EventView {
  return {
    eventId: event.eventId,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    data: event.data as Record<string, unknown>,
    metadata: event.metadata as EventView['metadata'],
    ...(event.hash === undefined ? {} : { hash: event.hash }),
  };
}
