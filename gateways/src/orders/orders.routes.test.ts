import { randomUUID } from 'node:crypto';
import { ORDER_TRACKING_COLLECTION, type OrderTrackingDocument } from '@ordinal/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

/** The counts are for staff: the floor asks them. */
const AS_OPS = { headers: { 'x-ordinal-role': 'ops' } };

describe('order views over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  async function place(customerId: string, salesChannel: string, time: string): Promise<string> {
    api.setTime(time);
    const body = placeOrderBody({ customer: { customerId, email: 'jane@example.com' }, channel: { salesChannel } });
    const response = await api.request('POST', '/orders', { body });
    expect(response.status).toBe(201);
    await api.waitForOrder(response.body.orderId, response.body.revision);
    return response.body.orderId;
  }

  async function command(orderId: string, body: unknown): Promise<number> {
    const response = await api.request('POST', `/orders/${orderId}/commands`, { body });
    expect(response.status).toBe(200);
    await api.waitForOrder(orderId, response.body.revision);
    return response.body.revision;
  }

  describe('GET /orders/:orderId', () => {
    it('returns the tracking document, masked, without the machine’s internals', async () => {
      const orderId = await place(`c-${randomUUID()}`, 'webshop', '2025-03-03T08:00:00.000Z');
      const response = await api.request('GET', `/orders/${orderId}`);
      expect(response.status).toBe(200);
      const document = (await api.readStore.collection('orderTracking').get(orderId)) as unknown;
      const { machine: _internal, ...stored } = document as { machine: unknown };
      expect(response.body).toEqual(stored);
      expect(response.body).toMatchObject({ orderId, revision: 2, status: { main: 'confirmed' }, stage: 'confirmed' });
      expect(response.body.customer.email).toBe('j***@example.com');
      expect(response.body.machine).toBeUndefined();
      expect(response.headers.get('x-ordinal-stream-revision')).toBe('2');
      expect(response.headers.get('x-ordinal-view-behind')).toBe('false');
    });

    it('serves a document holding values today’s input bounds would refuse', async () => {
      const orderId = await place(`c-${randomUUID()}`, 'webshop', '2025-03-03T09:00:00.000Z');
      const tracking = api.readStore.collection<OrderTrackingDocument>(ORDER_TRACKING_COLLECTION);
      const doc = (await tracking.get(orderId)) as OrderTrackingDocument;
      // As a channel import or an older API version may have recorded them.
      const legacy = {
        ...doc,
        id: `legacy-${orderId}`,
        customer: { customerId: 'c 1', name: 'Jane\u0007' },
        channel: { salesChannel: ' ' },
        shippingAddress: doc.shippingAddress && { ...doc.shippingAddress, country: 'fr' },
      };
      await tracking.put(legacy);
      const response = await api.request('GET', `/orders/legacy-${orderId}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ customer: legacy.customer, channel: legacy.channel });
      expect(response.body.shippingAddress.country).toBe('fr');
    });

    it('answers an unknown order with 404', async () => {
      const response = await api.request('GET', '/orders/never-placed');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: 'order.not-found', details: { streamRevision: 0 } });
    });
  });

  describe('GET /orders', () => {
    const customer = `c-${randomUUID()}`;
    const other = `c-${randomUUID()}`;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      ids.a = await place(customer, 'webshop', '2025-03-04T08:00:00.000Z');
      ids.b = await place(customer, 'pos', '2025-03-04T09:00:00.000Z');
      ids.c = await place(customer, 'webshop', '2025-03-04T10:00:00.000Z');
      ids.d = await place(customer, 'webshop', '2025-03-04T11:00:00.000Z');
      ids.e = await place(other, 'webshop', '2025-03-04T12:00:00.000Z');
      await command(ids.c, {
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
      });
      await command(ids.c, { type: 'StartPicking', shipmentId: 's1' });
      await command(ids.d, { type: 'CancelOrder', reason: 'fraud' });
    });

    const list = async (query: string) => {
      const response = await api.request('GET', `/orders?${query}`);
      expect(response.status).toBe(200);
      return response.body as { items: { orderId: string; status: { main: string } }[]; nextCursor: string | null };
    };
    const idsOf = (body: { items: { orderId: string }[] }) => body.items.map((item) => item.orderId);

    it('lists a customer’s orders newest first, as summaries', async () => {
      const body = await list(`customerId=${customer}`);
      expect(idsOf(body)).toEqual([ids.d, ids.c, ids.b, ids.a]);
      expect(body.nextCursor).toBeNull();
      expect(body.items[0]).toEqual({
        orderId: ids.d,
        revision: 3,
        status: { main: 'cancelled', payment: expect.any(String), returns: expect.any(String) },
        stage: 'cancelled',
        customerId: customer,
        channel: { salesChannel: 'webshop' },
        total: { amount: 4490, currency: 'EUR' },
        placedAt: expect.stringMatching(/^2025-03-04T11:00:/),
        updatedAt: expect.any(String),
      });
    });

    it('filters by status prefix, channel and placedAt range', async () => {
      expect(idsOf(await list(`customerId=${customer}&status=fulfilment`))).toEqual([ids.c]);
      expect(idsOf(await list(`customerId=${customer}&status=fulfilment.picking`))).toEqual([ids.c]);
      expect(idsOf(await list(`customerId=${customer}&status=fulfilment.packed`))).toEqual([]);
      expect(idsOf(await list(`customerId=${customer}&status=confirmed`))).toEqual([ids.b, ids.a]);
      expect(idsOf(await list(`customerId=${customer}&channel=pos`))).toEqual([ids.b]);
      const range = `from=${encodeURIComponent('2025-03-04T09:00:00Z')}&to=${encodeURIComponent('2025-03-04T10:30:00Z')}`;
      expect(idsOf(await list(`customerId=${customer}&${range}`))).toEqual([ids.c, ids.b]);
      expect(idsOf(await list(`channel=webshop&from=${encodeURIComponent('2025-03-04T10:30:00Z')}`))).toEqual(
        expect.arrayContaining([ids.e, ids.d]),
      );
    });

    it('pages with an opaque cursor without skipping or repeating', async () => {
      const first = await list(`customerId=${customer}&limit=3`);
      expect(idsOf(first)).toEqual([ids.d, ids.c, ids.b]);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await list(`customerId=${customer}&limit=3&cursor=${first.nextCursor}`);
      expect(idsOf(second)).toEqual([ids.a]);
      expect(second.nextCursor).toBeNull();
    });

    it('refuses a status the order never has with 400 naming the field and listing the allowed values', async () => {
      for (const status of ['weird', 'fulfilment.nowhere', 'new', 'settling', 'FULFILMENT']) {
        const response = await api.request('GET', `/orders?status=${status}`);
        expect([status, response.status, response.body.error]).toEqual([status, 400, 'request.invalid']);
        expect(response.body.details).toMatchObject({
          field: '/status',
          location: 'querystring',
          reason: expect.stringContaining('must be one of placed, onHold, awaitingApproval, confirmed'),
          allowedValues: expect.arrayContaining(['cancelled', 'fulfilment', 'fulfilment.inTransit', 'closed']),
        });
        expect(response.body.message).toContain('fulfilment.delivered');
      }
    });

    it('refuses a bad cursor, a bad status and a limit over 500 with 400', async () => {
      const cases: [string, string][] = [
        ['cursor=garbage', '/cursor'],
        ['status=fulfilment.', '/status'],
        ['limit=501', '/limit'],
        ['limit=0', '/limit'],
        ['from=yesterday', '/from'],
      ];
      for (const [query, field] of cases) {
        const response = await api.request('GET', `/orders?${query}`);
        expect([query, response.status]).toEqual([query, 400]);
        expect(response.body.details).toMatchObject({ field, location: 'querystring' });
      }
    });
  });

  describe('GET /orders/counts', () => {
    const countOf = (body: { counts: { value: string | null; count: number }[] }, value: string) =>
      body.counts.find((c) => c.value === value)?.count ?? 0;

    it('counts orders per stage and per channel, and the counts move with the orders', async () => {
      const before = (await api.request('GET', '/orders/counts?by=status', AS_OPS)).body;
      const channel = `shop-${randomUUID().slice(0, 8)}`;
      await place(`c-${randomUUID()}`, channel, '2025-03-05T08:00:00.000Z');
      const held = await place(`c-${randomUUID()}`, channel, '2025-03-05T08:01:00.000Z');
      await command(held, { type: 'HoldOrder', reason: 'address check' });

      const byStatus = await api.request('GET', '/orders/counts?by=status', AS_OPS);
      expect(byStatus.status).toBe(200);
      expect(byStatus.body.by).toBe('status');
      expect(countOf(byStatus.body, 'confirmed')).toBe(countOf(before, 'confirmed') + 1);
      expect(countOf(byStatus.body, 'onHold')).toBe(countOf(before, 'onHold') + 1);
      expect(byStatus.body.total).toBe(before.total + 2);
      expect(byStatus.body.total).toBe(await api.readStore.collection(ORDER_TRACKING_COLLECTION).count());

      const byChannel = await api.request('GET', '/orders/counts?by=channel', AS_OPS);
      expect(byChannel.status).toBe(200);
      expect(byChannel.body.counts).toContainEqual({ value: channel, count: 2 });
      expect(byChannel.body.total).toBe(byStatus.body.total);
    });

    it('refuses a missing or unknown grouping with 400 naming by', async () => {
      for (const query of ['', '?by=customer']) {
        const response = await api.request('GET', `/orders/counts${query}`, AS_OPS);
        expect([query, response.status]).toEqual([query, 400]);
        expect(response.body.details).toMatchObject({ field: '/by', location: 'querystring' });
      }
    });
  });
});
