import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

// A body the schema accepts reaches the domain, which answers 404 for an order that does not
// exist: so 404 here proves the schema let the body through, 400 that it stopped it.
const NO_ORDER = 'no-such-order';
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const lines = (quantity: number) => [{ lineId: '1', quantity }];

describe('command bodies the schemas refuse over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  async function expectRefused(path: string, body: unknown, field: string, reason?: string) {
    const response = await api.request('POST', path, { body });
    expect([field, response.status, response.body?.error]).toEqual([field, 400, 'request.invalid']);
    expect(response.body.details).toMatchObject({ field, location: 'body', ...(reason ? { reason } : {}) });
  }

  async function expectPassed(path: string, body: unknown) {
    const response = await api.request('POST', path, { body });
    expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), 404]);
  }

  const command = `/orders/${NO_ORDER}/commands`;

  it('refuses negative parcels and weights, and zero parcels', async () => {
    const pack = { type: 'PackShipment', shipmentId: 's1' };
    await expectRefused(command, { ...pack, parcels: -1 }, '/parcels', 'must be >= 1');
    await expectRefused(command, { ...pack, parcels: 0 }, '/parcels', 'must be >= 1');
    await expectRefused(command, { ...pack, weightGrams: -5 }, '/weightGrams', 'must be >= 0');
    await expectPassed(command, { ...pack, parcels: 1, weightGrams: 0 });
  });

  it('refuses a line quantity below one in every command that has lines', async () => {
    const allocation = { shipmentId: 's1', locationId: 'wh-1' };
    for (const quantity of [0, -1]) {
      await expectRefused(
        command,
        { type: 'AllocateOrder', allocations: [{ ...allocation, lines: lines(quantity) }] },
        '/allocations/0/lines/0/quantity',
        'must be >= 1',
      );
      await expectRefused(
        command,
        { type: 'CancelOrderLines', lines: lines(quantity), reason: 'out of stock' },
        '/lines/0/quantity',
      );
      await expectRefused(
        command,
        { type: 'RequestReturn', returnId: 'r1', lines: lines(quantity), reason: 'too small' },
        '/lines/0/quantity',
      );
    }
    await expectPassed(command, { type: 'CancelOrderLines', lines: lines(1), reason: 'out of stock' });
  });

  it('refuses text that is blank or holds control characters, and keeps line breaks', async () => {
    const blank = 'must contain a non-space character and no control characters but tab and line breaks';
    for (const reason of ['', '   ', '\t\n', 'a\u0000b', 'bell\u0007']) {
      await expectRefused(command, { type: 'CancelOrder', reason }, '/reason');
    }
    await expectRefused(command, { type: 'CancelOrder', reason: ' \n ' }, '/reason', blank);
    await expectRefused(command, { type: 'AddNote', noteId: 'n1', text: '  ', visibility: 'internal' }, '/text');
    await expectPassed(command, { type: 'CancelOrder', reason: 'first line\nsecond line\twith a tab' });
  });

  it('refuses labels with control characters or line breaks, or blank', async () => {
    const reason = 'must contain a non-space character and no control characters or line breaks';
    for (const tag of ['\u0000', 'vip\u0000', 'vip\n', ' ', 'a\u2028b', 'x\u009b']) {
      await expectRefused(command, { type: 'TagOrder', tag }, '/tag', reason);
    }
    const dispatch = { type: 'DispatchShipment', shipmentId: 's1', trackingNumber: '1Z' };
    await expectRefused(command, { ...dispatch, carrier: 'ups\u001b[31m' }, '/carrier', reason);
    await expectPassed(command, { type: 'TagOrder', tag: 'très important ✓' });
  });

  it('refuses negative or fractional amounts and malformed currencies', async () => {
    const refund = { type: 'RefundPayment', refundId: 'r1', reason: 'goodwill' };
    await expectRefused(command, { ...refund, amount: eur(-100) }, '/amount/amount', 'must be >= 0');
    await expectRefused(command, { ...refund, amount: { amount: 100, currency: 'eur' } }, '/amount/currency');
    const authorize = { type: 'AuthorizePayment', paymentId: 'p1', method: 'card' };
    await expectRefused(command, { ...authorize, amount: eur(1.5) }, '/amount/amount', 'must be integer');
    await expectRefused(command, { ...authorize, amount: eur(2 ** 60) }, '/amount/amount');
    await expectPassed(command, { ...authorize, amount: eur(4490) });
  });

  it('refuses instants that are not ISO 8601 date-times with a time zone', async () => {
    const dispatch = { type: 'DispatchShipment', shipmentId: 's1', carrier: 'ups', trackingNumber: '1Z' };
    for (const from of ['tomorrow', '2025-03-01', '2025-03-01T10:00:00', '2025-02-30T10:00:00Z']) {
      await expectRefused(
        command,
        { ...dispatch, estimatedDelivery: { from, to: '2025-03-02T10:00:00Z' } },
        '/estimatedDelivery/from',
        expect.stringContaining('ISO 8601'),
      );
    }
  });

  it('refuses a blank address line, a lower-case country and coordinates out of range', async () => {
    const address = placeOrderBody().shippingAddress;
    const change = (patch: object) => ({ type: 'ChangeShippingAddress', address: { ...address, ...patch } });
    await expectRefused(command, change({ line1: '  ' }), '/address/line1');
    await expectRefused(command, change({ line2: 'flat\r\n2' }), '/address/line2');
    await expectRefused(command, change({ country: 'fr' }), '/address/country', expect.stringContaining('ISO 3166'));
    await expectPassed(command, change({ line2: '' }));
    await expectPassed(command, change({ coordinates: { lat: 48.8566, lng: 2.3522 } }));
    await expectRefused(command, change({ coordinates: { lat: 91, lng: 2.3522 } }), '/address/coordinates/lat');
    await expectRefused(command, change({ coordinates: { lat: 48.8566 } }), '/address/coordinates/lng');
  });

  it('refuses a placed order with a line quantity below one, or negative money, with 400', async () => {
    const line = placeOrderBody().lines[0]!;
    const withLine = (patch: object) => placeOrderBody({ lines: [{ ...line, ...patch }] });
    await expectRefused('/orders', withLine({ quantity: 0 }), '/lines/0/quantity', 'must be >= 1');
    await expectRefused('/orders', withLine({ quantity: -3 }), '/lines/0/quantity', 'must be >= 1');
    await expectRefused('/orders', withLine({ unitPrice: eur(-1) }), '/lines/0/unitPrice/amount');
    await expectRefused('/orders', placeOrderBody({ shippingFee: eur(-490) }), '/shippingFee/amount');
    await expectRefused('/orders', placeOrderBody({ currency: 'EURO' }), '/currency');
    const customer = { customerId: 'c-1', email: 'jane@example.com\r\nBcc: x@example.com' };
    await expectRefused('/orders', placeOrderBody({ customer }), '/customer/email');
  });
});
