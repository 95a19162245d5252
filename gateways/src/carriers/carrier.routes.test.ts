import { foldOrder, type OrderEvent, orderStreamId, type RecordedEvent } from '@ordinal/domain';
import { SHIPMENTS_BY_TRACKING_COLLECTION } from '@ordinal/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';
import { carrierFixture } from './carrier-fixtures.ts';
import { signBody } from './carrier-signature.ts';

const SECRETS = new Map([
  ['sf-express', 'sf-secret-1'],
  ['dhl', 'dhl-secret-1'],
]);

describe('POST /carriers/:carrier/events', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ carriers: SECRETS });
  });
  afterAll(async () => {
    await api.close();
  });

  const post = (carrier: string, payload: unknown, sign: (raw: string) => Record<string, string> = signed(carrier)) => {
    const raw = JSON.stringify(payload);
    return api.request('POST', `/carriers/${carrier}/events`, { raw, headers: sign(raw) });
  };
  const signed = (carrier: string) => (raw: string) => ({
    'x-ordinal-signature': signBody(SECRETS.get(carrier) ?? '', raw),
  });

  /** An order with one shipment dispatched under the tracking number, filed on the read side. */
  async function dispatched(carrier: string, trackingNumber: string): Promise<string> {
    const placed = await api.request('POST', '/orders', { body: placeOrderBody() });
    const { orderId } = placed.body;
    const commands = [
      {
        type: 'AllocateOrder',
        allocations: [
          {
            shipmentId: 's1',
            locationId: 'wh-1',
            lines: [
              { lineId: '1', quantity: 2 },
              { lineId: '2', quantity: 1 },
            ],
          },
        ],
      },
      { type: 'StartPicking', shipmentId: 's1' },
      { type: 'PackShipment', shipmentId: 's1', parcels: 1 },
      { type: 'DispatchShipment', shipmentId: 's1', carrier, trackingNumber },
    ];
    for (const body of commands) {
      const answer = await api.request('POST', `/orders/${orderId}/commands`, { body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    }
    const filed = api.readStore.collection(SHIPMENTS_BY_TRACKING_COLLECTION);
    const deadline = Date.now() + 10_000;
    while ((await filed.get(trackingNumber)) === undefined) {
      if (Date.now() > deadline) throw new Error(`${trackingNumber} was never filed`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return orderId;
  }

  async function orderEvents(orderId: string): Promise<RecordedEvent[]> {
    return api.events.readStream(orderStreamId(orderId));
  }

  /** The shipment's status and the scans noted on the order by note id, the order's own tracking number written `TRK`. */
  async function tracked(orderId: string, trackingNumber: string) {
    const state = foldOrder((await orderEvents(orderId)) as unknown as OrderEvent[]);
    const shipment = Object.values(state.context.shipments)[0];
    const neutral = (text: string) => text.replaceAll(trackingNumber, 'TRK');
    const notes = state.context.notes
      .map(({ noteId, text }) => ({ noteId: neutral(noteId), text: neutral(text) }))
      .sort((a, b) => a.noteId.localeCompare(b.noteId));
    return { status: shipment?.status, receivedBy: shipment?.receivedBy, notes };
  }

  it('takes a day of SF Express scans to the door: the shipment is delivered and every scan noted', async () => {
    const orderId = await dispatched('SF Express', 'SF1400000000001');
    const answer = await post('sf-express', carrierFixture('sf-express', 'one-day-to-the-door'));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.duplicate).toBe(false);
    expect(answer.body.scans.map((s: { kind: string; applied: boolean }) => [s.kind, s.applied])).toEqual([
      ['handed-over', false],
      ['in-transit', true],
      ['in-transit', true],
      ['out-for-delivery', true],
      ['delivered', true],
    ]);
    const types = (await orderEvents(orderId)).map((e) => e.type);
    expect(types.slice(types.indexOf('ShipmentDispatched') + 1)).toEqual([
      'NoteAdded',
      'ShipmentInTransit',
      'NoteAdded',
      'ShipmentInTransit',
      'NoteAdded',
      'ShipmentOutForDelivery',
      'NoteAdded',
      'ShipmentDelivered',
      'NoteAdded',
    ]);
    const events = await orderEvents(orderId);
    const outForDelivery = events.find((e) => e.type === 'ShipmentOutForDelivery');
    expect(outForDelivery?.data).toMatchObject({
      estimatedDelivery: { from: '2026-03-02T07:00:00.000Z', to: '2026-03-02T10:00:00.000Z' },
    });
    expect(outForDelivery?.metadata.occurredAt).toBe('2026-03-02T06:02:30.000Z');
    const view = await api.waitForOrder(orderId, events.length);
    // The tracking page shows the delivery (the receiver's name masked as every personal field).
    expect(view.body.shipments[0]).toMatchObject({ status: 'delivered', receivedBy: '本***' });
    expect(events.find((e) => e.type === 'ShipmentDelivered')?.data).toEqual({ shipmentId: 's1', receivedBy: '本人' });
  });

  it('answers a resent scan as a duplicate and writes nothing', async () => {
    const orderId = await dispatched('dhl', 'JD014600006281005678');
    const payload = carrierFixture('dhl', 'closed-on-arrival');
    const first = await post('dhl', payload);
    expect(first.status, first.text).toBe(200);
    expect(first.body.scans.map((s: { shipmentStatus: string }) => s.shipmentStatus)).toEqual([
      'outForDelivery',
      'deliveryFailed',
    ]);
    const before = await orderEvents(orderId);
    const again = await post('dhl', payload);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true });
    expect(again.body.scans.every((s: { duplicate: boolean; applied: boolean }) => s.duplicate && !s.applied)).toBe(
      true,
    );
    expect(await orderEvents(orderId)).toEqual(before);
  });

  it('ends a shuffled day in the same shipment status and noted scans as the day in order, and a delivered scan sent twice changes nothing', async () => {
    const day = carrierFixture('dhl', 'one-day-to-the-door') as { shipmentTrackingNumber: string; events: unknown[] };
    const inOrder = await dispatched('dhl', 'JD-ORDERED');
    await post('dhl', {
      shipmentTrackingNumber: 'JD-ORDERED',
      events: day.events.map((e) => renamed(e, 'JD-ORDERED')),
    });
    const expected = await tracked(inOrder, 'JD-ORDERED');
    expect(expected.status).toBe('delivered');
    expect(expected.notes).toHaveLength(5);
    const shuffles = [
      [4, 0, 1, 2, 3],
      [3, 4, 2, 1, 0],
      [2, 0, 4, 4, 3, 1],
      [1, 3, 0, 4, 2],
    ];
    for (const [n, order] of shuffles.entries()) {
      const tracking = `JD-SHUFFLED-${n}`;
      const orderId = await dispatched('dhl', tracking);
      // One scan per request, as carriers push them, each in the shuffled order.
      for (const index of order) {
        const answer = await post('dhl', {
          shipmentTrackingNumber: tracking,
          events: [renamed(day.events[index], tracking)],
        });
        expect(answer.status, answer.text).toBe(200);
      }
      expect(await tracked(orderId, tracking)).toEqual(expected);
    }
  });

  it('refuses an unknown carrier (404) and a missing or wrong signature (401), writing nothing', async () => {
    const orderId = await dispatched('dhl', 'JD014600006281001234');
    const payload = carrierFixture('dhl', 'one-day-to-the-door');
    const head = await api.events.headPosition();
    const unknown = await post('ups', payload, signed('dhl'));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'carrier.unknown', details: { carrier: 'ups' } });
    const missing = await post('dhl', payload, () => ({}));
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({
      error: 'carrier.signature-missing',
      details: { field: 'x-ordinal-signature' },
    });
    const wrongSecret = await post('dhl', payload, signed('sf-express'));
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toMatchObject({ error: 'carrier.signature-invalid' });
    const raw = JSON.stringify(payload);
    const tampered = await api.request('POST', '/carriers/dhl/events', {
      raw: raw.replace('"OK"', '"NH"'),
      headers: signed('dhl')(raw),
    });
    expect(tampered.status).toBe(401);
    expect(await api.events.headPosition()).toBe(head);
    expect((await orderEvents(orderId)).at(-1)?.type).toBe('ShipmentDispatched');
  });

  it('refuses scans of a tracking number nobody dispatched, and payloads the mapping cannot read, with 422', async () => {
    const head = await api.events.headPosition();
    const unknown = await post('sf-express', carrierFixture('sf-express', 'nobody-home'));
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      error: 'carrier.unknown-tracking-number',
      details: { trackingNumbers: ['SF1400000000002'], field: 'trackingNumber' },
    });
    const unmappable = await post('sf-express', { WaybillRoute: [{ id: 'x', mailno: 'SF1', opCode: '99' }] });
    expect(unmappable.status).toBe(422);
    expect(unmappable.body.error).toBe('carrier.unmappable');
    expect(unmappable.body.details.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'WaybillRoute.0.kind' }),
        expect.objectContaining({ field: 'WaybillRoute.0.occurredAt', reason: 'is missing' }),
      ]),
    );
    expect(await api.events.headPosition()).toBe(head);
  });
});

/** A scan with its event id made unique to one parcel: carriers never reuse an event id for another parcel. */
function renamed(scan: unknown, suffix: string): unknown {
  const event = scan as { id: string };
  return { ...event, id: `${event.id}-${suffix}` };
}
