import {
  type ChannelIntakeEvent,
  INTAKE_CATEGORY,
  type Json,
  type MappingError,
  type ReadStore,
  type RecordedEvent,
  streamEntityId,
} from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { foldStreamEvent, type StreamDocument } from './stream-fold.ts';

/** Collection of parked channel payloads (one per `intake-<id>` stream, id = intake id). */
export const PARKED_INTAKE_COLLECTION = 'parkedIntake';

/** A channel payload that could not be mapped: parked until a retry places it. */
export interface ParkedIntakeDocument extends StreamDocument {
  readonly channel: string;
  readonly status: 'parked' | 'accepted';
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
      payload,
      firstReceivedAt: doc?.firstReceivedAt ?? receivedAt,
      receivedAt,
      attempts: (doc?.attempts ?? 0) + 1,
      revision: event.revision,
    };
  }
  if (doc === undefined) throw new Error(`${event.streamId}: accepted before it was parked`);
  return {
    ...doc,
    status: 'accepted',
    mappingVersion: event.data.mappingVersion,
    orderId: event.data.orderId,
    acceptedAt: event.metadata.occurredAt,
    revision: event.revision,
  };
}

/** Answers "which channel payloads are parked, why, and which were placed since?". */
export const parkedIntakeProjection: Projection = {
  name: 'parkedIntake',
  categories: [INTAKE_CATEGORY],
  collections: [PARKED_INTAKE_COLLECTION],
  async setup(store: ReadStore) {
    const collection = store.collection(PARKED_INTAKE_COLLECTION);
    await collection.ensureIndex(['status', 'channel']);
  },
  apply: (event, context) =>
    foldStreamEvent(event, context, PARKED_INTAKE_COLLECTION, streamEntityId(event.streamId), fold),
};
