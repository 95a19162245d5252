import { describe, expect, it } from 'vitest';
import { projectionSpec } from '../testing/projection-spec.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import {
  PARKED_CARRIER_PAYLOADS_COLLECTION,
  parkedCarrierPayloadsProjection,
} from './parked-carrier-payloads.projection.ts';

const spec = projectionSpec(parkedCarrierPayloadsProjection, {
  collection: PARKED_CARRIER_PAYLOADS_COLLECTION,
  idOf: (event) => event.streamId.slice('carrier-parked-'.length),
});
const streamId = 'carrier-parked-dhl-habc';
const parked = (revision: number, reason: 'unknown-tracking-number' | 'unmappable') =>
  recordedEvent({
    streamId,
    revision,
    position: revision * 10,
    type: 'CarrierPayloadParked',
    data: {
      carrier: 'dhl',
      mappingVersion: 1,
      payload: { events: [] },
      reason,
      details: reason === 'unmappable' ? { errors: [] } : { trackingNumbers: ['JD1'] },
      receivedAt: `2026-03-0${revision}T00:00:00.000Z`,
    },
  });
const taken = (revision: number) =>
  recordedEvent({
    streamId,
    revision,
    position: revision * 10,
    type: 'CarrierPayloadTaken',
    data: { mappingVersion: 1, orderIds: ['o-1'] },
    occurredAt: '2026-03-05T00:00:00.000Z',
  });

describe('parkedCarrierPayloads projection', () => {
  it('CarrierPayloadParked lists the payload with why and the tracking numbers to wait for', async () => {
    await spec
      .given([])
      .when(parked(1, 'unknown-tracking-number'))
      .then({
        id: 'dhl-habc',
        carrier: 'dhl',
        status: 'parked',
        reason: 'unknown-tracking-number',
        trackingNumbers: ['JD1'],
        attempts: 1,
        firstReceivedAt: '2026-03-01T00:00:00.000Z',
        revision: 1,
      });
  });

  it('CarrierPayloadParked again counts the attempt and keeps the latest reason', async () => {
    await spec
      .given([parked(1, 'unknown-tracking-number')])
      .when(parked(2, 'unmappable'))
      .then({ attempts: 2, reason: 'unmappable', trackingNumbers: [], firstReceivedAt: '2026-03-01T00:00:00.000Z' });
  });

  it('CarrierPayloadTaken resolves the entry with its orders', async () => {
    await spec
      .given([parked(1, 'unknown-tracking-number')])
      .when(taken(2))
      .then({ status: 'taken', orderIds: ['o-1'], takenAt: '2026-03-05T00:00:00.000Z', revision: 2 });
  });

  it('each event applied twice leaves the document unchanged; mapping streams are passed over', async () => {
    const once = await spec
      .given([parked(1, 'unknown-tracking-number')])
      .when(taken(2))
      .then({ status: 'taken' });
    const twice = await spec
      .given([parked(1, 'unknown-tracking-number'), taken(2)])
      .when(parked(1, 'unknown-tracking-number'), taken(2))
      .then({ revision: 2 });
    expect(twice.outcomes).toEqual(['duplicate', 'duplicate']);
    expect(twice.stored).toEqual(once.stored);
    const mapping = recordedEvent({
      streamId: 'carrier-mapping-dhl',
      revision: 1,
      position: 5,
      type: 'CarrierMappingPublished',
      data: { carrier: 'dhl', version: 1 },
    });
    const passed = await spec
      .given([])
      .when(mapping)
      .then(({ stored }) => expect(stored.size).toBe(0));
    expect(passed.outcomes).toEqual(['applied']);
  });

  it('a taken payload reads as erased; an erasure naming a parked one takes it out of the queue', async () => {
    const tracked = projectionSpec(parkedCarrierPayloadsProjection, {
      collection: PARKED_CARRIER_PAYLOADS_COLLECTION,
      idOf: () => 'dhl-habc',
    });
    await tracked
      .given([parked(1, 'unknown-tracking-number')])
      .when(taken(2))
      .then({ status: 'taken', payload: '[erased]', orderIds: ['o-1'] });
    const erased = recordedEvent({
      streamId: 'customer-c-1',
      revision: 1,
      position: 100,
      type: 'CustomerErased',
      data: {
        customerId: 'c-1',
        reason: 'r',
        erasedBy: { kind: 'system' },
        erasedAt: '2026-03-09T00:00:00.000Z',
        payloads: [streamId],
      },
    });
    const result = await tracked
      .given([parked(1, 'unknown-tracking-number')])
      .when(erased)
      .then({ status: 'erased', payload: '[erased]', erasedAt: '2026-03-09T00:00:00.000Z', trackingNumbers: ['JD1'] });
    expect(result.outcomes).toEqual(['applied']);
  });
});
