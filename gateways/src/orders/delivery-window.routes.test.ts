import { orderStreamId } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

const as = (role: string, id?: string) => ({
  'x-ordinal-role': role,
  ...(id === undefined ? {} : { 'x-ordinal-actor-id': id }),
});

describe('POST /orders/:orderId/delivery-window', () => {
  let api: TestApi;
  let orderId: string;
  beforeAll(async () => {
    api = await startTestApi();
    api.setTime('2026-03-02T09:00:00.000Z');
    const placed = await api.request('POST', '/orders', { body: placeOrderBody() });
    orderId = placed.body.orderId;
  });
  afterAll(async () => {
    await api.close();
  });

  const choose = (body: unknown, headers: Record<string, string>) =>
    api.request('POST', `/orders/${orderId}/delivery-window`, { body, headers });
  const window = { from: '2026-03-04T08:00:00.000Z', to: '2026-03-04T12:00:00.000Z' };

  it('records the window the order’s customer chose, shown on the tracking page', async () => {
    const answer = await choose(window, as('customer', 'cust-1'));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.events).toEqual([
      expect.objectContaining({
        type: 'DeliveryWindowChosen',
        data: { window, chosenBy: { kind: 'user', id: 'cust-1', role: 'customer' } },
      }),
    ]);
    const view = await api.waitForOrder(orderId, answer.body.revision);
    expect(view.body.deliveryWindow).toMatchObject({ window, chosenBy: { id: 'cust-1', role: 'customer' } });
  });

  it('answers another customer as if the order did not exist, refuses customer service, and writes nothing', async () => {
    const before = await api.events.readStream(orderStreamId(orderId));
    for (const headers of [as('customer', 'cust-2'), as('customer')]) {
      const answer = await choose(window, headers);
      expect(answer.status, answer.text).toBe(404);
      expect(answer.body.error).toBe('order.not-found');
    }
    const staff = await choose(window, as('cs', 'agent-7'));
    expect(staff.status, staff.text).toBe(403);
    expect(staff.body).toMatchObject({ error: 'auth.forbidden', details: { role: 'cs', allowedRoles: ['customer'] } });
    expect(await api.events.readStream(orderStreamId(orderId))).toHaveLength(before.length);
  });

  it('refuses a bad window with 422 naming the field', async () => {
    const cases = [
      [{ from: '2026-03-04T12:00:00.000Z', to: '2026-03-04T08:00:00.000Z' }, '/to'],
      [{ from: '2026-03-04T12:00:00.000Z', to: '2026-03-04T12:30:00.000Z' }, '/to'],
      [{ from: '2026-03-01T12:00:00.000Z', to: '2026-03-04T12:00:00.000Z' }, '/from'],
      [{ from: '2026-03-04T08:00:00.000Z', to: '2026-03-20T08:00:00.000Z' }, '/to'],
    ] as const;
    for (const [body, field] of cases) {
      const answer = await choose(body, as('customer', 'cust-1'));
      expect(answer.status, answer.text).toBe(422);
      expect(answer.body).toMatchObject({ error: 'order.invalid-delivery-window', details: { field } });
    }
    const notAnInstant = await choose({ from: 'soon', to: window.to }, as('customer', 'cust-1'));
    expect(notAnInstant.status).toBe(400);
    expect(JSON.stringify(notAnInstant.body.details)).toContain('from');
  });
});
