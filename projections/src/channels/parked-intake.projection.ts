import {
  type ChannelIntakeEvent,
  CUSTOMER_CATEGORY,
  type CustomerErased,
  ERASED_MARKER,
  INTAKE_CATEGORY,
  type Json,
  type MappingError,
  type ReadStore,
  type RecordedEvent,
  streamCategory,
  streamEntityId,
} from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { eraseKeptPayloads, keptPayload } from './kept-payload.erasure.ts';
import { foldStreamEvent, type StreamDocument } from './stream-fold.ts';

/** Collection of parked channel payloads (one per `intake-<id>` stream, id = intake id). */
export const PARKED_INTAKE_COLLECTION = 'parkedIntake';

/**
 * A channel payload that could not be mapped: parked until a retry places it (`accepted`), or
 * until the erasure of a customer it names (`erased`). Its payload reads as the erased marker
 * once it was placed, since the order holds what it said.
 */
export interface ParkedIntakeDocument extends StreamDocument {
  readonly channel: string;
  readonly status: 'parked' | 'accepted' | 'erased';
  /** The mapping version of the latest attempt. */
  readonly mappingVersion: number;
  readonly errors: readonly MappingError[];
  readonly payload: Json;
  readonly firstReceivedAt: string;
  readonly receivedAt: string;
  /** How many times it was parked (first intake and failed retries). */
  readonly attempts: number;
  readonly orderId?: string;
  readonly acceptedAt?: string;
  readonly erasedAt?: string;
}

function fold(doc: ParkedIntakeDocument | undefined, recorded: RecordedEvent): ParkedIntakeDocument {
  const event = recorded as RecordedEvent<ChannelIntakeEvent>;
  const id = streamEntityId(event.streamId);
  if (event.type === 'ChannelPayloadParked') {
    const { channel, mappingVersion, errors, payload, receivedAt } = event.data;
    return {
      id,
      channel,
      status: doc?.status === 'accepted' ? 'accepted' : 'parked',
      mappingVersion,
      errors,
      payload: keptPayload(payload),
      firstReceivedAt: doc?.firstReceivedAt ?? receivedAt,
      receivedAt,
      attempts: (doc?.attempts ?? 0) + 1,
      revision: event.revision,
    };
  }
  if (doc === undefined) throw new Error(`${event.streamId}: accepted before it was parked`);
  const { erasedAt: _erasedAt, ...kept } = doc;
  return {
    ...kept,
    status: 'accepted',
    payload: ERASED_MARKER,
    mappingVersion: event.data.mappingVersion,
    orderId: event.data.orderId,
    acceptedAt: event.metadata.occurredAt,
    revision: event.revision,
  };
}

/** Answers "which channel payloads are parked, why, and which were placed since?". */
export const parkedIntakeProjection: Projection = {
  name: 'parkedIntake',
  categories: [INTAKE_CATEGORY, CUSTOMER_CATEGORY],
  collections: [PARKED_INTAKE_COLLECTION],
  async setup(store: ReadStore) {
    const collection = store.collection(PARKED_INTAKE_COLLECTION);
    await collection.ensureIndex(['status', 'channel']);
  },
  apply(event, context) {
    if (streamCategory(event.streamId) === CUSTOMER_CATEGORY) {
      if (event.type !== 'CustomerErased') return Promise.resolve('duplicate');
      return eraseKeptPayloads(event as CustomerErased, context.store, PARKED_INTAKE_COLLECTION, `${INTAKE_CATEGORY}-`);
    }
    return foldStreamEvent(event, context, PARKED_INTAKE_COLLECTION, streamEntityId(event.streamId), fold);
  },
};
