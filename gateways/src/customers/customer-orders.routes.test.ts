import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../orders/orders.queries.ts';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

interface ListBody {
  readonly customerId: string;
  readonly items: { orderId: string; placedAt: string }[];
  readonly nextCursor: string | null;
}

describe('a customer’s orders over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ headers: { 'x-ordinal-role': 'cs' } });
  });
  afterAll(async () => {
    await api.close();
  });

  /** Places an order at that business time and waits until orderTracking holds it. */
  async function place(customerId: string, time: string, salesChannel = 'webshop'): Promise<string> {
    api.setTime(time);
    const body = placeOrderBody({ customer: { customerId, name: 'Jane Doe' }, channel: { salesChannel } });
    const response = await api.request('POST', '/orders', { body });
    expect(response.status).toBe(201);
    await api.waitForOrder(response.body.orderId, response.body.revision);
    return response.body.orderId;
  }

  async function list(customerId: string, query = ''): Promise<ListBody> {
    const response = await api.request('GET', `/customers/${customerId}/orders${query}`);
    expect([response.status, response.text]).toEqual([200, expect.any(String)]);
    return response.body;
  }

  it('lists the customer’s orders newest first, as the summaries of GET /orders', async () => {
    const customerId = `c-${randomUUID()}`;
    const older = await place(customerId, '2025-03-06T08:00:00.000Z', 'pos');
    const newer = await place(customerId, '2025-03-06T09:00:00.000Z');
    await place(`c-${randomUUID()}`, '2025-03-06T10:00:00.000Z');
    const cancel = await api.request('POST', `/orders/${older}/commands`, {
      body: { type: 'CancelOrder', reason: 'changed mind' },
    });
    expect(cancel.status).toBe(200);
    await api.waitForOrder(older, cancel.body.revision);

    const body = await list(customerId);
    expect(body).toEqual({
      customerId,
      items: [
        {
          orderId: newer,
          revision: 2,
          status: { main: 'confirmed', payment: 'pending', returns: 'none' },
          stage: 'confirmed',
          customerId,
          channel: { salesChannel: 'webshop' },
          total: { amount: 4490, currency: 'EUR' },
          placedAt: expect.stringMatching(/^2025-03-06T09:00:/),
          updatedAt: expect.any(String),
        },
        {
          orderId: older,
          revision: 3,
          status: { main: 'cancelled', payment: 'pending', returns: 'none' },
          stage: 'cancelled',
          customerId,
          channel: { salesChannel: 'pos' },
          total: { amount: 4490, currency: 'EUR' },
          placedAt: expect.stringMatching(/^2025-03-06T08:00:/),
          updatedAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });
    const orders = await api.request('GET', `/orders?customerId=${customerId}`);
    expect(body.items).toEqual(orders.body.items);
  });

  it('pages with the keyset cursor of GET /orders: ties by id, never skipping or repeating', async () => {
    const customerId = `c-${randomUUID()}`;
    const times = ['08', '09', '09', '09', '10'].map((hour) => `2025-03-07T${hour}:00:00.000Z`);
    const placed: { orderId: string; time: string }[] = [];
    for (const time of times) placed.push({ orderId: await place(customerId, time), time });
    const expected = placed
      .sort((a, b) => b.time.localeCompare(a.time) || b.orderId.localeCompare(a.orderId))
      .map((order) => order.orderId);

    const first = await list(customerId, '?limit=2');
    const orders = await api.request('GET', `/orders?customerId=${customerId}&limit=2`);
    expect(first.nextCursor).toBe(orders.body.nextCursor);
    // Orders placed meanwhile are newer than the cursor: later pages neither show nor shift for them.
    await place(customerId, '2025-03-07T11:00:00.000Z');
    const pages = [first];
    while (pages.at(-1)?.nextCursor) pages.push(await list(customerId, `?limit=2&cursor=${pages.at(-1)?.nextCursor}`));
    expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((page) => page.items.map((item) => item.orderId))).toEqual(expected);
    expect(pages.every((page) => page.customerId === customerId)).toBe(true);
  });

  it('answers a page past the end of a known customer’s list with no items', async () => {
    const customerId = `c-${randomUUID()}`;
    await place(customerId, '2025-03-08T08:00:00.000Z');
    const cursor = encodeCursor({ placedAt: '2025-03-08T00:00:00.000Z', id: '' });
    expect(await list(customerId, `?cursor=${cursor}`)).toEqual({ customerId, items: [], nextCursor: null });
  });

  it('answers a customer with no known order with 404, with or without a cursor', async () => {
    const known = `c-${randomUUID()}`;
    await place(known, '2025-03-09T08:00:00.000Z');
    await place(known, '2025-03-09T09:00:00.000Z');
    const { nextCursor } = await list(known, '?limit=1');
    for (const query of ['', `?cursor=${nextCursor}`]) {
      const response = await api.request('GET', `/customers/c-${randomUUID()}/orders${query}`);
      expect([query, response.status]).toEqual([query, 404]);
      expect(response.body).toMatchObject({ error: 'customer.not-found', details: {} });
    }
  });

  it('refuses a bad customer id, cursor or limit and an unknown query parameter with 400 naming the field', async () => {
    const cases: [string, string, string][] = [
      ['/customers/bad%20id/orders', '/customerId', 'params'],
      ['/customers/c-1/orders?cursor=garbage', '/cursor', 'querystring'],
      ['/customers/c-1/orders?limit=0', '/limit', 'querystring'],
      ['/customers/c-1/orders?limit=501', '/limit', 'querystring'],
      ['/customers/c-1/orders?status=placed', '/status', 'querystring'],
    ];
    for (const [path, field, location] of cases) {
      const response = await api.request('GET', path);
      expect([path, response.status, response.body.error]).toEqual([path, 400, 'request.invalid']);
      expect(response.body.details).toMatchObject({ field, location });
    }
  });

  it('documents the route, its roles, its paging and its answers in OpenAPI', async () => {
    const { body } = await api.request('GET', '/docs/json');
    const operation = body.paths['/customers/{customerId}/orders'].get;
    expect(operation['x-ordinal-roles']).toEqual(['customer', 'cs', 'auditor', 'ops', 'admin']);
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '404']);
    const query = (operation.parameters as { in: string; name: string }[]).filter((p) => p.in === 'query');
    expect(query.map((p) => p.name).sort()).toEqual(['cursor', 'limit']);
    const schema = operation.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(['customerId', 'items', 'nextCursor']);
    const orders = body.paths['/orders'].get.responses['200'].content['application/json'].schema;
    expect(schema.properties.items).toEqual(orders.properties.items);
  });
});
