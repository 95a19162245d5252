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
});
