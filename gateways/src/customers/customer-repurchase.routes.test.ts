import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

const day = (n: number) => new Date(Date.parse('2025-03-01T09:00:00.000Z') + n * 86_400_000).toISOString();

interface RepurchaseBody {
  readonly customerId: string;
  readonly asOf: string;
  readonly skus: { sku: string; purchases: number; withinDays?: number; expectedNext?: string }[];
}

describe('a customer’s repurchase estimates over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ headers: { 'x-ordinal-role': 'cs' } });
  });
  afterAll(async () => {
    await api.close();
  });

  /** Places an order on that day and answers its placedAt as recorded (the test clock moves a second per read). */
  async function place(customerId: string, on: number, sku = 'SKU-RED'): Promise<string> {
    api.setTime(day(on));
    const lines = [{ sku, name: sku, quantity: 1, unitPrice: { amount: 1250, currency: 'EUR' } }];
    const response = await api.request('POST', '/orders', {
      body: placeOrderBody({ customer: { customerId }, lines }),
    });
    expect(response.status).toBe(201);
    const [placed] = await api.events.readStream(`order-${response.body.orderId}`);
    return (placed?.data as { placedAt: string } | undefined)?.placedAt ?? '';
  }

  /** Reads the estimates once the projection has counted `purchases` of SKU-RED. */
  async function estimates(customerId: string, purchases: number): Promise<RepurchaseBody> {
    for (let i = 0; i < 200; i++) {
      const response = await api.request('GET', `/customers/${customerId}/repurchase`);
      if (
        response.status === 200 &&
        response.body.skus.find((s: { sku: string }) => s.sku === 'SKU-RED')?.purchases === purchases
      )
        return response.body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`the estimates of ${customerId} never counted ${purchases} purchases`);
  }

  it('serves each SKU’s purchases, and from the third its estimate and the hint at the server’s clock', async () => {
    const customerId = `c-${randomUUID()}`;
    const first = await place(customerId, 0);
    const second = await place(customerId, 10);
    const two = await estimates(customerId, 2);
    expect(two.skus).toEqual([{ sku: 'SKU-RED', purchases: 2, lastPurchase: second }]);
    const third = await place(customerId, 20);
    const blue = await place(customerId, 21, 'SKU-BLUE');
    // The intervals differ by the seconds the test clock moved: the median of two is their mean.
    const medianMs = (Date.parse(third) - Date.parse(first)) / 2;
    await estimates(customerId, 3);
    api.setTime(day(29.5));
    const body = await estimates(customerId, 3);
    expect(body).toEqual({
      customerId,
      asOf: expect.stringMatching(/^2025-03-30T21:00/),
      skus: [
        { sku: 'SKU-BLUE', purchases: 1, lastPurchase: blue },
        {
          sku: 'SKU-RED',
          purchases: 3,
          lastPurchase: third,
          medianDays: 10,
          expectedNext: new Date(Date.parse(third) + medianMs).toISOString(),
          withinDays: 1,
        },
      ],
    });
  });

  it('answers 404 customer.not-found for a customer with no order, and 403 to a customer', async () => {
    const missing = await api.request('GET', `/customers/c-${randomUUID()}/repurchase`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: 'customer.not-found' });
    const customer = await api.request('GET', '/customers/c-1/repurchase', {
      headers: { 'x-ordinal-role': 'customer', 'x-ordinal-actor-id': 'c-1' },
    });
    expect(customer.status).toBe(403);
  });
});
