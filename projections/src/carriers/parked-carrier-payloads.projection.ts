import {
  CARRIER_PARKED_CATEGORY,
  type CarrierParkDetails,
  type CarrierParkedEvent,
  type CarrierParkReason,
  CUSTOMER_CATEGORY,
  type CustomerErased,
  ERASED_MARKER,
  type Json,
  type ReadStore,
  type RecordedEvent,
  streamCategory,
} from '@ordinal/domain';
import { eraseKeptPayloads, keptPayload } from '../channels/kept-payload.erasure.ts';
import { foldStreamEvent, type StreamDocument } from '../channels/stream-fold.ts';
import type { Projection } from '../runtime/projection.ts';

/** Collection of parked carrier payloads (one per `carrier-parked-<id>` stream, id = park id). */
export const PARKED_CARRIER_PAYLOADS_COLLECTION = 'parkedCarrierPayloads';

/**
 * A carrier payload that could not be recorded: parked until a retry records it (`taken`), or
 * until the erasure of a customer it names (`erased`). Its payload reads as the erased marker
 * once taken, since the orders hold what it said.
 */
export interface ParkedCarrierPayloadDocument extends StreamDocument {
  readonly carrier: string;
  readonly status: 'parked' | 'taken' | 'erased';
  readonly reason: CarrierParkReason;
  readonly details: CarrierParkDetails;
  /** The tracking numbers still unknown when it was last parked (empty for other reasons), for the retry. */
  readonly trackingNumbers: readonly string[];
  /** The mapping version of the latest attempt. */
  readonly mappingVersion: number;
  readonly payload: Json;
  readonly firstReceivedAt: string;
  readonly receivedAt: string;
  /** How many times it was parked (first push, resends and failed retries). */
  readonly attempts: number;
  readonly orderIds?: readonly string[];
  readonly takenAt?: string;
  readonly erasedAt?: string;
}

const PREFIX = `${CARRIER_PARKED_CATEGORY}-`;

function fold(doc: ParkedCarrierPayloadDocument | undefined, recorded: RecordedEvent): ParkedCarrierPayloadDocument {
  const event = recorded as RecordedEvent<CarrierParkedEvent>;
  const id = event.streamId.slice(PREFIX.length);
  if (event.type === 'CarrierPayloadParked') {
    const { carrier, mappingVersion, payload, reason, details, receivedAt } = event.data;
    return {
      id,
      carrier,
      status: 'parked',
      reason,
      details,
      trackingNumbers: details.trackingNumbers ?? [],
      mappingVersion,
      payload: keptPayload(payload),
      firstReceivedAt: doc?.firstReceivedAt ?? receivedAt,
      receivedAt,
      attempts: (doc?.attempts ?? 0) + 1,
      revision: event.revision,
    };
  }
  if (doc === undefined) throw new Error(`${event.streamId}: taken before it was parked`);
  const { erasedAt: _erasedAt, ...kept } = doc;
  return {
    ...kept,
    status: 'taken',
    payload: ERASED_MARKER,
    mappingVersion: event.data.mappingVersion,
    orderIds: event.data.orderIds,
    takenAt: event.metadata.occurredAt,
    revision: event.revision,
  };
}

/** Answers "which carrier payloads are parked, why, and which were recorded since?". */
export const parkedCarrierPayloadsProjection: Projection = {
  name: 'parkedCarrierPayloads',
  // `carrier-mapping-…` streams share the category; only `carrier-parked-…` ones are folded.
  categories: [streamCategory(PREFIX), CUSTOMER_CATEGORY],
  collections: [PARKED_CARRIER_PAYLOADS_COLLECTION],
  async setup(store: ReadStore) {
    await store.collection(PARKED_CARRIER_PAYLOADS_COLLECTION).ensureIndex(['status', 'carrier']);
  },
  apply(event, context) {
    if (streamCategory(event.streamId) === CUSTOMER_CATEGORY) {
      if (event.type !== 'CustomerErased') return Promise.resolve('duplicate');
      return eraseKeptPayloads(event as CustomerErased, context.store, PARKED_CARRIER_PAYLOADS_COLLECTION, PREFIX);
    }
    if (!event.streamId.startsWith(PREFIX)) return Promise.resolve('applied');
    return foldStreamEvent(
      event,
      context,
      PARKED_CARRIER_PAYLOADS_COLLECTION,
      event.streamId.slice(PREFIX.length),
      fold,
    );
  },
};

/** The projections of carrier intake: parked payloads. */
export const CARRIER_PROJECTIONS: readonly Projection[] = [parkedCarrierPayloadsProjection];
