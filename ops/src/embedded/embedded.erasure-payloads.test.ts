import { SIGNATURE_HEADER, signBody } from '@ordinal/gateways';
import { PARKED_CARRIER_PAYLOADS_COLLECTION, PARKED_INTAKE_COLLECTION } from '@ordinal/projections';
import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runVerify } from '../cli/verify.command.ts';
import { embeddedBed } from '../testing/embedded-bed.ts';
import { apiClient } from '../testing/http-client.ts';
import { leaks } from '../testing/leaks.ts';

// Strings no other test data holds, so finding one anywhere means it leaked.
const NAME = 'Wendeline Ozymandrova';
const EMAIL = 'wendeline.ozy@qrx-post.example';
const PHONE = '+49 1523 7766554';
const STREET = 'Quendelpfad 9191';
// Said only by the parked payloads: the order never held them.
const NICKNAME = 'wendy-ozy-1987';
const CARRIER_NOTE = 'Hinterhof links bei Ozymandrova';
const OTHER_BUYER = 'Bartholomew Quincefield';
const DHL_SECRET = 'dhl-secret-0123456789';

const money = (amount: number) => ({ amount, currency: 'EUR' });

/** A web shop payload the shop's mapping refuses (no items), naming a buyer. */
function unmappable(orderNumber: string, buyer: Record<string, string>, street: string) {
  return {
    orderNumber,
    placedAt: '2025-03-01T10:00:00Z',
    currency: 'EUR',
    customer: buyer,
    shipTo: { name: buyer.name ?? '', street, city: 'Berlin', postcode: '10115', country: 'de' },
    items: [],
    shippingCents: 490,
  };
}

describe('erasing a customer reaches the payloads parked by channel and carrier intake', () => {
  const bed = embeddedBed({ beforeEach, afterEach });

  it('seals parked payloads, erases those that name the customer, and leaves no byte of them behind', async () => {
    const oms = await bed.start({ ORDINAL_ROUTER: 'off', ORDINAL_CARRIER_SECRETS: `dhl=${DHL_SECRET}` });
    const { system, config, api } = oms;
    const placed = await api.post<{ orderId: string }>('/orders', {
      customer: { customerId: 'cust-wendy', name: NAME, email: EMAIL, phone: PHONE },
      channel: { salesChannel: 'webshop' },
      lines: [{ lineId: '1', sku: 'SKU-RED', name: 'Red mug', quantity: 1, unitPrice: money(1250) }],
      shippingAddress: { name: NAME, line1: STREET, city: 'Berlin', postalCode: '10115', country: 'DE', phone: PHONE },
      shippingFee: money(490),
      currency: 'EUR',
    });
    expect(placed.status).toBe(201);

    // Two channel payloads the mapping cannot map: one names the customer by e-mail, one someone else.
    const integration = apiClient(system.url, config, { role: 'integration' });
    const theirs = await integration.post<{ details: { intakeId: string } }>(
      '/channels/webshop/orders',
      unmappable('WS-9001', { id: NICKNAME, name: 'W. O.', email: EMAIL.toUpperCase() }, STREET),
    );
    const others = await integration.post<{ details: { intakeId: string } }>(
      '/channels/webshop/orders',
      unmappable('WS-9002', { id: 'b-2', name: OTHER_BUYER, email: 'bart@example.org' }, 'Elm Row 2'),
    );
    expect([theirs.status, others.status]).toEqual([422, 422]);
    // A carrier push for a parcel nobody dispatched, with the customer's phone in a note.
    const body = JSON.stringify({
      shipmentTrackingNumber: 'JD-UNKNOWN-77',
      receiver: { phone: PHONE.replace(/ /g, ''), note: CARRIER_NOTE },
      events: [{ id: 'x-1', timestamp: '2025-03-01T09:00:00+00:00', typeCode: 'PU' }],
    });
    const pushed = await fetch(`${system.url}/carriers/dhl/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(DHL_SECRET, body) },
      body,
    });
    expect(pushed.status).toBe(202);

    const intakeViews = system.readStore.collection<{ id: string; status: string; payload: unknown }>(
      PARKED_INTAKE_COLLECTION,
    );
    const carrierViews = system.readStore.collection<{ id: string; status: string; payload: unknown }>(
      PARKED_CARRIER_PAYLOADS_COLLECTION,
    );
    await eventually(async () => {
      expect((await intakeViews.find({ status: 'parked' })).length).toBe(2);
      expect((await carrierViews.find({ status: 'parked' })).length).toBe(1);
    });
    // The log holds the payloads sealed; only the parked views hold them readable.
    const before = await leaks(bed.dir, [NICKNAME, CARRIER_NOTE, OTHER_BUYER]);
    expect(before.length).toBeGreaterThan(0);
    expect(before.filter((leak) => !leak.includes('read.db'))).toEqual([]);

    // The access request shows what is parked about them, and nothing about anyone else.
    const privacy = apiClient(system.url, config, { role: 'privacy', sub: 'dpo-7' });
    const exported = await privacy.get<{ parkedPayloads: { streamId: string; source: string; payload: unknown }[] }>(
      '/customers/cust-wendy/export',
    );
    expect(exported.status).toBe(200);
    const theirStreams = [`intake-${theirs.body.details.intakeId}`, expect.stringMatching(/^carrier-parked-dhl-h/)];
    expect(exported.body.parkedPayloads.map((found) => found.streamId)).toEqual(theirStreams);
    expect(JSON.stringify(exported.body.parkedPayloads)).toContain(NICKNAME);
    expect(JSON.stringify(exported.body.parkedPayloads)).not.toContain(OTHER_BUYER);

    const erased = await privacy.post<{ payloads: string[]; keysDestroyed: number }>('/customers/cust-wendy/erase', {
      reason: 'request 2025-31',
    });
    expect(erased.status).toBe(200);
    expect(erased.body.payloads).toEqual([...theirStreams].reverse());
    expect(erased.body.keysDestroyed).toBe(3);

    // Out of the queues, unreadable in the log, not to be retried; the other buyer's stays as it was.
    await eventually(async () => {
      expect(await intakeViews.get(theirs.body.details.intakeId)).toMatchObject({
        status: 'erased',
        payload: '[erased]',
      });
      expect(await carrierViews.find({ status: 'erased' })).toMatchObject([{ payload: '[erased]' }]);
    });
    expect(await intakeViews.get(others.body.details.intakeId)).toMatchObject({
      status: 'parked',
      payload: { customer: { name: OTHER_BUYER } },
    });
    const [parkedEvent] = await system.events.readStream(`intake-${theirs.body.details.intakeId}`);
    expect(parkedEvent?.data).not.toHaveProperty('payload');
    const listed = await api.get<{ items: { id: string }[] }>('/channels/parked');
    expect(listed.body.items.map((item) => item.id)).toEqual([others.body.details.intakeId]);
    const retried = await api.post<{ error: string }>(`/channels/parked/${theirs.body.details.intakeId}/retry`, {});
    expect([retried.status, retried.body.error]).toEqual([409, 'channel.payload-erased']);

    await system.close();
    expect(await leaks(bed.dir, [NAME, EMAIL, PHONE, STREET, NICKNAME, CARRIER_NOTE])).toEqual([]);
    expect((await leaks(bed.dir, [OTHER_BUYER])).length).toBeGreaterThan(0);
    const printed = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await runVerify(config, { json: true })).toBe(0);
    } finally {
      printed.mockRestore();
    }
  });
});
