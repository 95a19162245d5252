import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import { channelIntakeDecider } from './channel-intake.decider.ts';
import type { ChannelIntakeEvent, ChannelPayloadParked } from './channel-intake.events.ts';
import { intakeIdFor } from './channel-intake.ids.ts';

const actor = { kind: 'role', role: 'integration' } as const;
const now = '2025-11-11T00:00:00.000Z';
const meta = { schemaVersion: 1, occurredAt: now, correlationId: 'c', causationId: 'c', actor };
const facts = () => ({ now, metadata: { commandId: 'c', correlationId: 'c', actor } });
const spec = deciderSpec(
  channelIntakeDecider,
  facts,
  (draft, index) =>
    ({
      ...(draft as Pick<ChannelIntakeEvent, 'type' | 'data'>),
      eventId: `e${index}`,
      metadata: meta,
    }) as ChannelIntakeEvent,
);

const errors = [{ field: 'currency', path: 'cur', reason: 'is missing' }];
const park = (payload: unknown, mappingVersion = 1) => ({
  type: 'ParkChannelPayload' as const,
  intakeId: 'tmall-42',
  channel: 'tmall',
  mappingVersion,
  payload: payload as never,
  errors,
});
const parked = (payload: unknown, mappingVersion = 1): ChannelPayloadParked => ({
  eventId: 'p',
  type: 'ChannelPayloadParked',
  data: { channel: 'tmall', mappingVersion, payload: payload as never, errors, receivedAt: now },
  metadata: meta,
});
const accept = { type: 'AcceptChannelPayload' as const, intakeId: 'tmall-42', orderId: 'o-1', mappingVersion: 2 };

describe('channel intake decider', () => {
  it('parks a payload with its errors and the time it came in', () => {
    spec
      .given([])
      .when(park({ tid: 42 }))
      .then([
        {
          type: 'ChannelPayloadParked',
          data: { channel: 'tmall', mappingVersion: 1, payload: { tid: 42 }, errors, receivedAt: now },
        },
      ]);
  });

  it('records nothing for the same payload under the same mapping version, whatever its key order', () => {
    spec
      .given([parked({ tid: 42, a: 1 })])
      .when(park({ a: 1, tid: 42 }))
      .then([]);
  });

  it('parks again when the payload or the mapping version changed', () => {
    const state = spec
      .given([parked({ tid: 42 })])
      .when(park({ tid: 42 }, 2))
      .then([
        {
          type: 'ChannelPayloadParked',
          data: { channel: 'tmall', mappingVersion: 2, payload: { tid: 42 }, errors, receivedAt: now },
        },
      ]);
    expect(state.status).toBe('parked');
  });

  it('accepts a parked payload once, then answers nothing new', () => {
    const state = spec
      .given([parked({ tid: 42 })])
      .when(accept)
      .then([{ type: 'ChannelPayloadAccepted', data: { orderId: 'o-1', mappingVersion: 2 } }]);
    expect(state).toMatchObject({ status: 'accepted', orderId: 'o-1' });
    const acceptedEvent = { eventId: 'a', type: 'ChannelPayloadAccepted', data: accept, metadata: meta } as const;
    spec
      .given([parked({ tid: 42 }), acceptedEvent])
      .when(accept)
      .then([]);
    spec
      .given([parked({ tid: 42 }), acceptedEvent])
      .when(park({ tid: 42 }))
      .thenRejects('channel.payload-accepted');
  });

  it('refuses to accept what was never parked', () => {
    spec.given([]).when(accept).thenRejects('channel.parked-not-found');
  });

  it('parks under the external id when it is readable and safe, else under a hash of the payload', () => {
    expect(intakeIdFor('tmall', {}, '3861204477315286021')).toBe('tmall-3861204477315286021');
    const hashed = intakeIdFor('tmall', { b: 1, a: 2 }, 'has space');
    expect(hashed).toMatch(/^tmall-h[0-9a-f]{16}$/);
    expect(intakeIdFor('tmall', { a: 2, b: 1 })).toBe(hashed);
  });
});
