import { randomUUID } from 'node:crypto';
import { CUSTOMER_ORDERS_COLLECTION, type CustomerOrdersDocument } from '@ordinal/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

describe('a customer’s orders over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  async function place(customerId: string, time: string, salesChannel = 'webshop'): Promise<string> {
    api.setTime(time);
    const body = placeOrderBody({ customer: { customerId, name: 'Jane Doe' }, channel: { salesChannel } });
    const response = await api.request('POST', '/orders', { body });
    expect(response.status).toBe(201);
    return response.body.orderId;
  }

  /** Polls the route until the projection lists exactly these orders at these revisions. */
  async function waitForList(customerId: string, revisions: Record<string, number>) {
    const expected = JSON.stringify(Object.entries(revisions).sort());
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await api.request('GET', `/customers/${customerId}/orders`);
      const orders: { orderId: string; revision: number }[] = response.body?.orders ?? [];
      const listed = JSON.stringify(orders.map((o) => [o.orderId, o.revision]).sort());
      if (response.status === 200 && listed === expected) return response;
      if (Date.now() > deadline) throw new Error(`customer ${customerId} not projected: ${response.text}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('lists the customer’s orders newest first, as the projection holds them', async () => {
    const customerId = `c-${randomUUID()}`;
    const older = await place(customerId, '2025-03-06T08:00:00.000Z', 'pos');
    const newer = await place(customerId, '2025-03-06T09:00:00.000Z');
    await place(`c-${randomUUID()}`, '2025-03-06T10:00:00.000Z');
    const cancel = await api.request('POST', `/orders/${older}/commands`, {
      body: { type: 'CancelOrder', reason: 'changed mind' },
    });
    expect(cancel.status).toBe(200);

    const response = await waitForList(customerId, { [older]: 3, [newer]: 2 });
    expect(response.body).toEqual({
      customerId,
      orders: [
        {
          orderId: newer,
          status: { main: 'confirmed', payment: 'pending', returns: 'none' },
          placedAt: expect.stringMatching(/^2025-03-06T09:00:/),
          total: { amount: 4490, currency: 'EUR' },
          channel: { salesChannel: 'webshop' },
          revision: 2,
        },
        {
          orderId: older,
          status: { main: 'cancelled', payment: 'pending', returns: 'none' },
          placedAt: expect.stringMatching(/^2025-03-06T08:00:/),
          total: { amount: 4490, currency: 'EUR' },
          channel: { salesChannel: 'pos' },
          revision: 3,
        },
      ],
    });
    const stored = await api.readStore.collection<CustomerOrdersDocument>(CUSTOMER_ORDERS_COLLECTION).get(customerId);
    expect(response.body.orders).toEqual(stored?.orders);
  });

  it('answers a customer with no known order with 404', async () => {
    const response = await api.request('GET', `/customers/c-${randomUUID()}/orders`);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: 'customer.not-found', details: {} });
  });

  it('refuses a customer id that is not an identifier with 400 naming the field', async () => {
    const response = await api.request('GET', '/customers/bad%20id/orders');
    expect(response.status).toBe(400);
    expect(response.body.details).toMatchObject({ field: '/customerId', location: 'params' });
  });

  it('documents the route, its roles and its answers in OpenAPI', async () => {
    const { body } = await api.request('GET', '/docs/json');
    const operation = body.paths['/customers/{customerId}/orders'].get;
    expect(operation['x-ordinal-roles']).toEqual(['customer', 'cs', 'auditor', 'ops', 'admin']);
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '404']);
    const schema = operation.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(['customerId', 'orders']);
    expect(Object.keys(schema.properties.orders.items.properties).sort()).toEqual(
      ['channel', 'orderId', 'placedAt', 'revision', 'status', 'total'].sort(),
    );
  });
});
