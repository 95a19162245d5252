import { describe, expect, it } from 'vitest';
import { projectionSpec } from '../testing/projection-spec.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import { PARKED_INTAKE_COLLECTION, parkedIntakeProjection } from './parked-intake.projection.ts';

const spec = projectionSpec(parkedIntakeProjection, { collection: PARKED_INTAKE_COLLECTION });
const streamId = 'intake-tmall-42';
const errors = [{ field: 'currency', path: 'cur', reason: 'is missing' }];
const parked = (revision: number, mappingVersion: number) =>
  recordedEvent({
    streamId,
    revision,
    position: revision * 10,
    type: 'ChannelPayloadParked',
    data: {
      channel: 'tmall',
      mappingVersion,
      payload: { tid: 42 },
      errors,
      receivedAt: `2025-11-1${revision}T00:00:00Z`,
    },
  });
const accepted = (revision: number) =>
  recordedEvent({
    streamId,
    revision,
    position: revision * 10,
    type: 'ChannelPayloadAccepted',
    data: { orderId: 'o-1', mappingVersion: 2 },
    occurredAt: '2025-11-15T00:00:00.000Z',
  });

describe('parkedIntake projection', () => {
  it('ChannelPayloadParked lists the payload with its errors', async () => {
    await spec
      .given([])
      .when(parked(1, 1))
      .then({
        id: 'tmall-42',
        channel: 'tmall',
        status: 'parked',
        mappingVersion: 1,
        errors,
        payload: { tid: 42 },
        attempts: 1,
        firstReceivedAt: '2025-11-11T00:00:00Z',
        revision: 1,
      });
  });

  it('ChannelPayloadParked again counts the attempt and keeps the latest errors', async () => {
    await spec
      .given([parked(1, 1)])
      .when(parked(2, 2))
      .then({ attempts: 2, mappingVersion: 2, revision: 2 });
  });

  it('ChannelPayloadAccepted resolves the entry with the order id', async () => {
    await spec
      .given([parked(1, 1)])
      .when(accepted(2))
      .then({
        status: 'accepted',
        // The order holds what the payload said; its key went with the acceptance.
        payload: '[erased]',
        orderId: 'o-1',
        mappingVersion: 2,
        acceptedAt: '2025-11-15T00:00:00.000Z',
        revision: 2,
      });
  });

  it('each event applied twice leaves the document unchanged', async () => {
    const once = await spec
      .given([parked(1, 1)])
      .when(accepted(2))
      .then({ status: 'accepted' });
    const twice = await spec
      .given([parked(1, 1), accepted(2)])
      .when(parked(1, 1), accepted(2))
      .then({ revision: 2 });
    expect(twice.outcomes).toEqual(['duplicate', 'duplicate']);
    expect(twice.stored).toEqual(once.stored);
  });

  it('fills a gap from the log instead of skipping it', async () => {
    await spec
      .given([])
      .when(accepted(2))
      .withLog([parked(1, 1)])
      .then({ status: 'accepted', attempts: 1 });
  });

  const erased = (payloads: string[], position = 100) =>
    recordedEvent({
      streamId: 'customer-c-1',
      revision: 1,
      position,
      type: 'CustomerErased',
      data: {
        customerId: 'c-1',
        reason: 'request',
        erasedBy: { kind: 'system' },
        erasedAt: '2025-11-20T00:00:00Z',
        payloads,
      },
    });

  // The document the erasures are about, whichever stream the last event came from.
  const tracked = projectionSpec(parkedIntakeProjection, {
    collection: PARKED_INTAKE_COLLECTION,
    idOf: () => 'tmall-42',
  });

  it('CustomerErased naming a parked payload takes it out of the queue with the payload erased', async () => {
    const result = await tracked
      .given([parked(1, 1)])
      .when(erased([streamId, 'carrier-parked-sf-h1', 'intake-tmall-other']))
      .then({ status: 'erased', payload: '[erased]', erasedAt: '2025-11-20T00:00:00Z', revision: 1, attempts: 1 });
    expect(result.outcomes).toEqual(['applied']);
    const again = await tracked
      .given([parked(1, 1), erased([streamId])])
      .when(erased([streamId]))
      .then({ status: 'erased' });
    expect(again.outcomes).toEqual(['duplicate']);
  });

  it('CustomerErased naming other payloads changes nothing; a later park of the stream lists it again', async () => {
    const other = await tracked
      .given([parked(1, 1)])
      .when(erased(['intake-tmall-43']))
      .then({ status: 'parked', payload: { tid: 42 } });
    expect(other.outcomes).toEqual(['duplicate']);
    await tracked
      .given([parked(1, 1), erased([streamId])])
      .when(parked(2, 2))
      .then((result) => {
        expect(result.doc).toMatchObject({ status: 'parked', payload: { tid: 42 }, attempts: 2 });
        expect(result.doc).not.toHaveProperty('erasedAt');
      });
  });

  it('a payload whose key is gone reads as the marker', async () => {
    const opened = parked(1, 1);
    const { payload: _payload, ...data } = opened.data as Record<string, unknown>;
    await spec
      .given([])
      .when({ ...opened, data })
      .then({ status: 'parked', payload: '[erased]' });
  });
});
