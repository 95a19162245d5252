import type { Location, LocationEvent, RecordedEvent } from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { applyToStreamDocument, type StreamDocument } from './stream-document.ts';

/** Collection of the location documents (one per location, id = locationId). */
export const LOCATIONS_COLLECTION = 'locations';

/** A warehouse or store as last registered or updated. */
export type LocationDocument = StreamDocument &
  Location & {
    /** Business time of the registration. */
    readonly registeredAt: string;
    /** Business time of the last event applied. */
    readonly updatedAt: string;
  };

/** The document after a location's events; each carries the whole location, so the last one is it. */
export function renderLocation(
  locationId: string,
  current: LocationDocument | undefined,
  events: readonly RecordedEvent[],
): LocationDocument {
  const last = events[events.length - 1] as RecordedEvent<LocationEvent>;
  const first = events[0] as RecordedEvent<LocationEvent>;
  const registeredAt = current?.registeredAt ?? first.metadata.occurredAt;
  return {
    ...last.data,
    id: locationId,
    revision: last.revision,
    registeredAt,
    updatedAt: last.metadata.occurredAt,
  };
}

/** Answers "which warehouses and stores are there, where, and what can they do?": the `locations` documents. */
export const locationsProjection: Projection = {
  name: 'locations',
  categories: ['location'],
  collections: [LOCATIONS_COLLECTION],
  async setup(store) {
    await store.collection(LOCATIONS_COLLECTION).ensureIndex(['region']);
  },
  apply: (event, context) => applyToStreamDocument(event, context, LOCATIONS_COLLECTION, renderLocation),
};
