import { PARKED_CARRIER_PAYLOADS_COLLECTION } from '@ordinal/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { carrierFixture } from './carrier-fixtures.ts';
import {
  command,
  dispatch,
  dispatched,
  orderEvents,
  orderPicture,
  packedOrder,
  push,
  SECRETS,
  shuffled,
  signed,
} from './carrier-test-kit.ts';

type Day = { shipmentTrackingNumber: string; events: Record<string, unknown>[] };

describe('POST /carriers/:carrier/events', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ carriers: SECRETS });
  });
  afterAll(async () => {
    await api.close();
  });

  it('takes a day of SF Express scans to the door in one append: the shipment is delivered and shows every scan', async () => {
    const orderId = await dispatched(api, 'SF Express', 'SF1400000000001');
    const before = (await orderEvents(api, orderId)).length;
    const answer = await push(api, 'sf-express', carrierFixture('sf-express', 'one-day-to-the-door'));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ carrier: 'sf-express', mappingVersion: 1, duplicate: false });
    expect(answer.body.scans.map((s: { kind: string; applied: boolean }) => [s.kind, s.applied])).toEqual([
      ['handed-over', true],
      ['in-transit', true],
      ['in-transit', true],
      ['out-for-delivery', true],
      ['delivered', true],
    ]);
    const events = await orderEvents(api, orderId);
    const scans = events.slice(before);
    expect(scans.map((e) => e.type)).toEqual(Array(5).fill('CarrierScanRecorded'));
    // One append: one command, one position after another.
    expect(new Set(scans.map((e) => e.metadata.commandId)).size).toBe(1);
    expect(scans[3]?.data).toMatchObject({
      carrier: 'sf-express',
      carrierEventId: 'SFR-1004',
      kind: 'out-for-delivery',
      occurredAt: '2026-03-02T06:02:30.000Z',
      estimatedDelivery: { from: '2026-03-02T07:00:00.000Z', to: '2026-03-02T10:00:00.000Z' },
      mappingVersion: 1,
    });
    const view = await api.waitForOrder(orderId, events.length);
    // The tracking page shows the delivery and the scans (the receiver's name masked as every personal field).
    expect(view.body.shipments[0]).toMatchObject({ status: 'delivered', receivedBy: '本***', deliveryAttempts: 1 });
    expect(view.body.shipments[0].scans.map((s: { carrierEventId: string }) => s.carrierEventId)).toEqual([
      'SFR-1001',
      'SFR-1002',
      'SFR-1003',
      'SFR-1004',
      'SFR-1005',
    ]);
    expect(JSON.stringify(view.body)).not.toContain('本人');
  });

  it('answers the same payload twice as a duplicate: the events and the tracking document stay as they were', async () => {
    const orderId = await dispatched(api, 'dhl', 'JD014600006281005678');
    const payload = carrierFixture('dhl', 'closed-on-arrival');
    const first = await push(api, 'dhl', payload);
    expect(first.status, first.text).toBe(200);
    expect(first.body.scans.map((s: { shipmentStatus: string }) => s.shipmentStatus)).toEqual([
      'deliveryFailed',
      'deliveryFailed',
    ]);
    const events = await orderEvents(api, orderId);
    const view = await orderPicture(api, orderId, 'JD014600006281005678');
    const again = await push(api, 'dhl', payload);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    for (const scan of again.body.scans) expect(scan).toMatchObject({ duplicate: true, recorded: false });
    expect(await orderEvents(api, orderId)).toEqual(events);
    expect(await orderPicture(api, orderId, 'JD014600006281005678')).toEqual(view);
  });

  it('ends a day of scans pushed one by one in shuffled orders in the same order state and tracking view as in order', async () => {
    const day = carrierFixture('dhl', 'failed-attempt-day') as unknown as Day;
    expect(day.events.length).toBeGreaterThanOrEqual(6);
    // The same business clock for every order, so what does not come from the scans is the same too.
    const pushDay = async (tracking: string, order: readonly Record<string, unknown>[]) => {
      api.setTime('2026-03-03T05:00:00.000Z');
      const orderId = await dispatched(api, 'dhl', tracking);
      for (const event of order) {
        const answer = await push(api, 'dhl', { shipmentTrackingNumber: tracking, events: [event] });
        expect(answer.status, answer.text).toBe(200);
      }
      return orderPicture(api, orderId, tracking);
    };
    const expected = await pushDay('JD-IN-ORDER', day.events);
    expect(expected.view.shipments[0]).toMatchObject({
      status: 'delivered',
      deliveryAttempts: 2,
      failureReason: 'Recipient not at home',
      lastLocation: 'Berlin Mitte, DE',
    });
    expect(expected.view.shipments[0].scans).toHaveLength(7);
    for (const seed of [1, 7, 42, 2026]) {
      const order = shuffled(day.events, seed);
      expect(await pushDay(`JD-SHUFFLED-${seed}`, order), `seed ${seed}`).toEqual(expected);
    }
  });

  it('records a payload for an order whole or not at all: a refused second scan writes nothing and parks it', async () => {
    const orderId = await dispatched(api, 'dhl', 'JD-ALL-OR-NOTHING');
    const before = await orderEvents(api, orderId);
    const payload = {
      shipmentTrackingNumber: 'JD-ALL-OR-NOTHING',
      events: [
        { id: 'aon-1', timestamp: '2026-03-04T08:00:00Z', typeCode: 'AF', description: 'Arrived' },
        {
          id: 'aon-2',
          timestamp: '2026-03-04T09:00:00Z',
          typeCode: 'WC',
          description: 'With courier',
          // The window ends before it begins.
          estimatedDeliveryTimeFrame: {
            estimatedFrom: '2026-03-04T17:00:00Z',
            estimatedThrough: '2026-03-04T12:00:00Z',
          },
        },
      ],
    };
    const answer = await push(api, 'dhl', payload);
    expect(answer.status, answer.text).toBe(422);
    expect(answer.body).toMatchObject({
      error: 'carrier.scan-refused',
      details: {
        orderId,
        code: 'shipment.invalid-window',
        carrierEventId: 'aon-2',
        index: 1,
        field: '/scans/1/estimatedDelivery',
      },
    });
    expect(await orderEvents(api, orderId)).toEqual(before);
    const entry = await eventuallyParked(api, answer.body.details.parkId);
    expect(entry).toMatchObject({
      reason: 'scan-refused',
      details: { rejection: { code: 'shipment.invalid-window' } },
    });
  });

  it('answers scans of a closed order as not recorded, writing nothing, and still 200', async () => {
    const orderId = await dispatched(api, 'dhl', 'JD-CLOSED');
    const delivered = { id: 'cl-1', timestamp: '2026-03-04T10:00:00Z', typeCode: 'OK', signedBy: 'A. B.' };
    expect((await push(api, 'dhl', { shipmentTrackingNumber: 'JD-CLOSED', events: [delivered] })).status).toBe(200);
    await command(api, orderId, { type: 'CompleteOrder' });
    await command(api, orderId, { type: 'CloseOrder' });
    const before = await orderEvents(api, orderId);
    const late = { id: 'cl-0', timestamp: '2026-03-04T08:00:00Z', typeCode: 'AF', description: 'Arrived' };
    const answer = await push(api, 'dhl', { shipmentTrackingNumber: 'JD-CLOSED', events: [late] });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.scans).toEqual([
      expect.objectContaining({ recorded: false, applied: false, duplicate: false, reason: 'order-closed' }),
    ]);
    expect(await orderEvents(api, orderId)).toEqual(before);
  });

  it('refuses an unknown carrier (404) and a missing or wrong signature (401), writing and parking nothing', async () => {
    const orderId = await packedOrder(api);
    await dispatch(api, orderId, 'dhl', 'JD014600006281001234');
    const payload = carrierFixture('dhl', 'one-day-to-the-door');
    const head = await api.events.headPosition();
    const revision = (await orderEvents(api, orderId)).length;
    const parkedBefore = await api.readStore.collection(PARKED_CARRIER_PAYLOADS_COLLECTION).find();
    const unknown = await push(api, 'ups', payload, signed('dhl'));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'carrier.unknown', details: { carrier: 'ups' } });
    const missing = await push(api, 'dhl', payload, () => ({}));
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({
      error: 'carrier.signature-missing',
      details: { field: 'x-ordinal-signature' },
    });
    const wrongSecret = await push(api, 'dhl', payload, signed('sf-express'));
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toMatchObject({ error: 'carrier.signature-invalid' });
    const raw = JSON.stringify(payload);
    const tampered = await api.request('POST', '/carriers/dhl/events', {
      raw: raw.replace('"OK"', '"NH"'),
      headers: signed('dhl')(raw),
    });
    expect(tampered.status).toBe(401);
    expect(await api.events.headPosition()).toBe(head);
    expect(await orderEvents(api, orderId)).toHaveLength(revision);
    expect(await api.readStore.collection(PARKED_CARRIER_PAYLOADS_COLLECTION).find()).toEqual(parkedBefore);
  });
});

async function eventuallyParked(api: TestApi, parkId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const list = await api.request('GET', '/carriers/parked', { headers: { 'x-ordinal-role': 'ops' } });
    const entry = list.body.items.find((item: { id: string }) => item.id === parkId);
    if (entry !== undefined) return entry;
    if (Date.now() > deadline) throw new Error(`${parkId} was never listed`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
