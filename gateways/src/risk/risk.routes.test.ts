import { recordedRoutingOf } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

const RISK = { 'x-ordinal-role': 'risk', 'x-ordinal-actor-id': 'rita' };
const CS = { 'x-ordinal-role': 'cs', 'x-ordinal-actor-id': 'carl' };
const OPS = { 'x-ordinal-role': 'ops', 'x-ordinal-actor-id': 'olga' };
const STREETS = ['Praça da Sé 1', 'Rua Augusta 200', 'Avenida Paulista 1000'];

describe('risk control through the real API', () => {
  let api: TestApi;
  beforeAll(async () => {
    // The default rule (3 addresses, 24 h, every order with a coupon); routing on, one stocked warehouse.
    api = await startTestApi({ risk: {}, routing: true, headers: OPS });
    const warehouse = {
      locationId: 'wh-sp',
      name: 'São Paulo',
      kind: 'warehouse',
      coordinates: { lat: -23.7, lng: -46.55 },
      region: 'SP',
      country: 'BR',
      capabilities: [],
      dailyCapacity: 500,
      active: true,
    };
    expect((await api.request('POST', '/locations', { body: warehouse })).status).toBe(201);
    const stock = { type: 'ReceiveStock', locationId: 'wh-sp', quantity: 100, reference: 'PO-1' };
    expect((await api.request('POST', '/inventory/SKU-RED/commands', { body: stock })).status).toBe(200);
  });
  afterAll(async () => {
    await api.close();
  });

  /** Places an order of `customerId` to street `n` (postal code 0100n), with or without a coupon. */
  const place = async (orderId: string, customerId: string, n: number, coupon = true) => {
    const body = placeOrderBody({
      orderId,
      customer: { customerId },
      lines: [{ sku: 'SKU-RED', name: 'Red mug', quantity: 1, unitPrice: { amount: 1250, currency: 'BRL' } }],
      shippingAddress: {
        name: 'Ana Souza',
        line1: STREETS[n] ?? '',
        city: 'São Paulo',
        region: 'SP',
        postalCode: `0100${n + 1}`,
        country: 'BR',
      },
      shippingFee: { amount: 990, currency: 'BRL' },
      currency: 'BRL',
      ...(coupon ? { coupons: ['WELCOME10'] } : {}),
    });
    const response = await api.request('POST', '/orders', { body });
    expect(response.status, response.text).toBe(201);
    return response.body;
  };
  const types = async (orderId: string) =>
    ((await api.request('GET', `/orders/${orderId}/events`)).body.events as { type: string }[]).map((e) => e.type);
  const held = async (orderId: string) =>
    ((await api.request('GET', `/orders/${orderId}/events`)).body.events as { type: string; data: never }[]).find(
      (e) => e.type === 'OrderHeld',
    )?.data as { reason: string; facts: Record<string, unknown> } | undefined;
  const queue = async () => (await api.request('GET', '/risk/holds', { headers: RISK })).body;
  const untilQueue = async (check: (ids: string[]) => boolean) => {
    for (let i = 0; i < 500; i++) {
      const ids = (await queue()).items.map((item: { orderId: string }) => item.orderId);
      if (check(ids)) return ids;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the risk queue did not change in time');
  };

  it('holds the third order of one account to a third address within 24 h, all with coupons, and queues it', async () => {
    await place('rk-a1', 'cust-a', 0);
    await place('rk-a2', 'cust-a', 1);
    await place('rk-a3', 'cust-a', 2);
    expect(await held('rk-a1')).toBeUndefined();
    expect(await held('rk-a2')).toBeUndefined();
    const hold = await held('rk-a3');
    expect(hold?.reason).toBe('risk: 3 delivery addresses within 24 h, every one of 3 orders with a coupon');
    expect(hold?.facts).toMatchObject({
      source: 'risk',
      riskRuleVersion: 1,
      thresholds: { minDistinctAddresses: 3, windowHours: 24, allWithCoupons: true },
      window: { hours: 24 },
      facts: { distinctAddresses: 3, orders: 3, ordersWithCoupons: 3, coupons: ['WELCOME10'] },
      orders: ['rk-a1', 'rk-a2', 'rk-a3'],
      customerId: 'cust-a',
    });
    await untilQueue((ids) => ids.includes('rk-a3'));
    const item = (await queue()).items.find((i: { orderId: string }) => i.orderId === 'rk-a3');
    expect(item).toMatchObject({ customerId: 'cust-a', reason: hold?.reason, facts: hold?.facts });
  });

  it('does not hold two addresses, nor three when one order had no coupon, nor three over more than 24 h', async () => {
    await place('rk-b1', 'cust-b', 0);
    await place('rk-b2', 'cust-b', 1);
    await place('rk-b3', 'cust-b', 0);
    await place('rk-c1', 'cust-c', 0);
    await place('rk-c2', 'cust-c', 1, false);
    await place('rk-c3', 'cust-c', 2);
    await place('rk-d1', 'cust-d', 0);
    api.setTime(new Date(Date.parse(api.clock().toISOString()) + 25 * 3_600_000).toISOString());
    await place('rk-d2', 'cust-d', 1);
    await place('rk-d3', 'cust-d', 2);
    for (const id of ['rk-b3', 'rk-c3', 'rk-d3']) {
      expect(await held(id), id).toBeUndefined();
      expect(await types(id), id).toContain('OrderConfirmed');
    }
  });

  it('lets the risk role release a risk hold (confirmed, routed as usual) and refuses cs with order.risk-hold', async () => {
    await place('rk-e1', 'cust-e', 0);
    await place('rk-e2', 'cust-e', 1);
    await place('rk-e3', 'cust-e', 2);
    const refused = await api.request('POST', '/orders/rk-e3/commands', {
      headers: CS,
      body: { type: 'ReleaseOrder', reason: 'looks fine' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'order.risk-hold', details: { allowedRoles: ['risk', 'admin'] } });
    const viaQueue = await api.request('POST', '/risk/holds/rk-e3/release', { headers: CS, body: { reason: 'ok' } });
    expect(viaQueue.status).toBe(403);
    expect(viaQueue.body.error).toBe('auth.forbidden');

    const released = await api.request('POST', '/risk/holds/rk-e3/release', {
      headers: RISK,
      body: { reason: 'called the customer: gifts' },
    });
    expect(released.status, released.text).toBe(200);
    expect(released.body.events).toMatchObject([
      {
        type: 'OrderReleased',
        data: { reason: 'called the customer: gifts', decidedBy: { kind: 'user', id: 'rita', role: 'risk' } },
      },
    ]);
    const state = await api.request('GET', '/orders/rk-e3/state');
    expect(state.body.status.main).not.toBe('onHold');
    // The router takes the released order like any confirmed one: it is allocated to the warehouse.
    const routed = async () => (await api.events.readStream('order-rk-e3')).find((e) => recordedRoutingOf(e));
    for (let i = 0; i < 500 && (await routed()) === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await types('rk-e3')).slice(0, 4)).toEqual(['OrderPlaced', 'OrderHeld', 'OrderReleased', 'OrderAllocated']);
    await untilQueue((ids) => !ids.includes('rk-e3'));
  });

  it('records a cancel by the risk role with who did it, and takes the order off the queue', async () => {
    await place('rk-f1', 'cust-f', 0);
    await place('rk-f2', 'cust-f', 1);
    await place('rk-f3', 'cust-f', 2);
    await untilQueue((ids) => ids.includes('rk-f3'));
    const cancelled = await api.request('POST', '/risk/holds/rk-f3/cancel', {
      headers: RISK,
      body: { reason: 'reseller ring' },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.events).toMatchObject([
      {
        type: 'OrderCancelled',
        data: { reason: 'reseller ring' },
        metadata: { actor: { kind: 'user', id: 'rita', role: 'risk' } },
      },
    ]);
    await untilQueue((ids) => !ids.includes('rk-f3'));
    const again = await api.request('POST', '/risk/holds/rk-f3/release', { headers: RISK, body: { reason: 'x' } });
    expect(again.status).toBe(409);
  });

  it('answers the queue to risk, ops and admin only, and names a bad body field', async () => {
    expect((await api.request('GET', '/risk/holds', { headers: CS })).status).toBe(403);
    expect((await api.request('GET', '/risk/holds', { headers: { 'x-ordinal-role': 'admin' } })).status).toBe(200);
    const bad = await api.request('POST', '/risk/holds/rk-a3/release', { headers: RISK, body: {} });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('reason');
  });
});
