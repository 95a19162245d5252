import type { InventoryEvent, RecordedEvent, StockFigures } from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { applyToStreamDocument, type StreamDocument } from './stream-document.ts';

/** Collection of the available-to-promise documents (one per SKU, id = sku). */
export const AVAILABLE_TO_PROMISE_COLLECTION = 'availableToPromise';

/** What can be promised of one SKU: figures per location and over all of them. */
export interface AvailableToPromiseDocument extends StreamDocument {
  readonly sku: string;
  /** Figures per location id, as the SKU's last event at that location left them. */
  readonly locations: Readonly<Record<string, StockFigures>>;
  readonly totals: StockFigures;
  /** Business time of the last event applied. */
  readonly updatedAt: string;
}

function totalsOf(locations: Readonly<Record<string, StockFigures>>): StockFigures {
  let onHand = 0;
  let reserved = 0;
  for (const figures of Object.values(locations)) {
    onHand += figures.onHand;
    reserved += figures.reserved;
  }
  return { onHand, reserved, available: onHand - reserved };
}

/** The document after events of the SKU's stream; every event carries its location's figures after it. */
export function renderAvailableToPromise(
  sku: string,
  current: AvailableToPromiseDocument | undefined,
  events: readonly RecordedEvent[],
): AvailableToPromiseDocument {
  let locations: Record<string, StockFigures> = { ...current?.locations };
  for (const event of events) {
    const { locationId, onHand, reserved, available } = (event as RecordedEvent<InventoryEvent>).data;
    locations = { ...locations, [locationId]: { onHand, reserved, available } };
  }
  const last = events[events.length - 1];
  return {
    id: sku,
    sku,
    revision: last?.revision ?? current?.revision ?? 0,
    locations,
    totals: totalsOf(locations),
    updatedAt: last?.metadata.occurredAt ?? current?.updatedAt ?? '',
  };
}

/** Answers "how many of this SKU can we promise, and where?": the `availableToPromise` documents. */
export const availableToPromiseProjection: Projection = {
  name: 'availableToPromise',
  categories: ['inventory'],
  collections: [AVAILABLE_TO_PROMISE_COLLECTION],
  apply: (event, context) =>
    applyToStreamDocument(event, context, AVAILABLE_TO_PROMISE_COLLECTION, renderAvailableToPromise),
};
