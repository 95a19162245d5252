import { describe, expect, it } from 'vitest';
import type { ActorRef } from '../shared/actor.ts';
import { deciderSpec } from '../testing/decider-spec.ts';
import { carrierParkedDecider, carrierParkIdFor } from './carrier-parked.decider.ts';
import type { CarrierParkedEvent, ParkCarrierPayload } from './carrier-parked.events.ts';

const SYSTEM: ActorRef = { kind: 'system', component: 'carrier:dhl' };
const NOW = '2026-03-02T09:00:00.000Z';
const facts = () => ({ now: NOW, metadata: { commandId: 'c', correlationId: 'k', actor: SYSTEM } });
const record = (draft: { type: string; data: unknown }, index: number) =>
  ({ ...draft, eventId: `e${index}`, metadata: { occurredAt: NOW } }) as unknown as CarrierParkedEvent;
const spec = deciderSpec(carrierParkedDecider, facts, record);
const payload = { events: [{ id: 'ev-1', trackingNumber: 'JD1' }] };
const park: ParkCarrierPayload = {
  type: 'ParkCarrierPayload',
  parkId: carrierParkIdFor('dhl', payload),
  carrier: 'dhl',
  mappingVersion: 1,
  payload,
  reason: 'unknown-tracking-number',
  details: { trackingNumbers: ['JD1'] },
};
const parked = record(
  {
    type: 'CarrierPayloadParked',
    data: {
      carrier: 'dhl',
      mappingVersion: 1,
      payload,
      reason: 'unknown-tracking-number',
      details: { trackingNumbers: ['JD1'] },
      receivedAt: NOW,
    },
  },
  0,
);
const take = { type: 'TakeCarrierPayload', parkId: park.parkId, mappingVersion: 1, orderIds: ['o-1'] } as const;

describe('parked carrier payloads', () => {
  it('parks a payload with why, once: the same payload parked again for the same reason changes nothing', () => {
    spec
      .given([])
      .when(park)
      .then([{ type: parked.type, data: parked.data }]);
    spec.given([parked]).when(park).then([]);
    spec
      .given([parked])
      .when({ ...park, reason: 'scan-refused', details: {} })
      .then([{ type: 'CarrierPayloadParked', data: { ...parked.data, reason: 'scan-refused', details: {} } }]);
  });

  it('takes a parked payload once, and refuses to take what was never parked', () => {
    spec
      .given([parked])
      .when(take)
      .then([{ type: 'CarrierPayloadTaken', data: { mappingVersion: 1, orderIds: ['o-1'] } }]);
    spec
      .given([parked, record({ type: 'CarrierPayloadTaken', data: { mappingVersion: 1, orderIds: ['o-1'] } }, 1)])
      .when(take)
      .then([]);
    spec.given([]).when(take).thenRejects('carrier.parked-not-found');
  });

  it('parks a resent payload under the same id, whatever the order of its keys', () => {
    expect(carrierParkIdFor('dhl', { b: 1, a: [2] })).toBe(carrierParkIdFor('dhl', { a: [2], b: 1 }));
    expect(carrierParkIdFor('dhl', payload)).toMatch(/^dhl-h[0-9a-z]+$/);
  });
});
