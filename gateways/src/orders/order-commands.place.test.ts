import { orderStreamId } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

describe('placing orders over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  describe('POST /orders', () => {
    it('places an order: 201 with its id, revision and location; events carry who and why', async () => {
      const response = await api.request('POST', '/orders', {
        body: placeOrderBody(),
        headers: { 'x-ordinal-actor-id': 'agent-7', 'x-ordinal-role': 'cs', 'x-correlation-id': 'corr-place-1' },
      });
      expect(response.status).toBe(201);
      const { orderId, revision } = response.body;
      expect(response.body).toEqual({ orderId: expect.any(String), revision: 2 });
      expect(response.headers.get('location')).toBe(`/orders/${orderId}`);
      const events = await api.events.readStream(orderStreamId(orderId));
      expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
      expect(events.at(-1)?.revision).toBe(revision);
      expect(events[0]?.metadata).toMatchObject({
        actor: { kind: 'user', id: 'agent-7', role: 'cs' },
        correlationId: 'corr-place-1',
        channel: 'webshop',
      });
    });

    it('uses the given order id, and refuses to place it twice with 409', async () => {
      const orderId = `given-${Date.now()}`;
      expect((await api.request('POST', '/orders', { body: placeOrderBody({ orderId }) })).body.orderId).toBe(orderId);
      const again = await api.request('POST', '/orders', { body: placeOrderBody({ orderId }) });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        error: 'order.already-placed',
        details: { state: expect.any(Object), allowedCommands: expect.arrayContaining(['AllocateOrder']) },
      });
    });

    it('answers a retry with the same Idempotency-Key and body as the first time, recording nothing new', async () => {
      const headers = { 'idempotency-key': `place-${Date.now()}` };
      const first = await api.request('POST', '/orders', { body: placeOrderBody(), headers });
      const second = await api.request('POST', '/orders', { body: placeOrderBody(), headers });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(await api.events.streamRevision(orderStreamId(first.body.orderId))).toBe(2);
    });

    it('records the coupons redeemed, and answers a malformed or repeated one with the field', async () => {
      const placed = await api.request('POST', '/orders', { body: placeOrderBody({ coupons: ['WELCOME-10'] }) });
      expect(placed.status, placed.text).toBe(201);
      const [event] = await api.events.readStream(orderStreamId(placed.body.orderId));
      expect(event?.data).toMatchObject({ coupons: ['WELCOME-10'] });
      const malformed = await api.request('POST', '/orders', { body: placeOrderBody({ coupons: ['no spaces'] }) });
      expect(malformed.status).toBe(400);
      expect(malformed.body.details).toMatchObject({ field: '/coupons/0' });
      const twice = await api.request('POST', '/orders', { body: placeOrderBody({ coupons: ['A1', 'A1'] }) });
      expect(twice.status).toBe(422);
      expect(twice.body).toMatchObject({ error: 'order.invalid-coupon', details: { field: '/coupons/1' } });
    });

    it('refuses the same Idempotency-Key with another body: 422', async () => {
      const headers = { 'idempotency-key': `place-conflict-${Date.now()}` };
      const first = await api.request('POST', '/orders', { body: placeOrderBody(), headers });
      const other = await api.request('POST', '/orders', {
        body: placeOrderBody({ promisedBy: '2025-04-01T00:00:00Z' }),
        headers,
      });
      expect(first.status).toBe(201);
      expect(other.status).toBe(422);
      expect(other.body.error).toBe('command.idempotency-conflict');
      expect(await api.events.streamRevision(orderStreamId(first.body.orderId))).toBe(2);
    });

    it('refuses the same Idempotency-Key for an order with another explicit id: 422', async () => {
      const headers = { 'idempotency-key': `place-moved-${Date.now()}` };
      expect((await api.request('POST', '/orders', { body: placeOrderBody(), headers })).status).toBe(201);
      const moved = await api.request('POST', '/orders', {
        body: placeOrderBody({ orderId: `moved-${Date.now()}` }),
        headers,
      });
      expect(moved.status).toBe(422);
      expect(moved.body.error).toBe('command.idempotency-conflict');
    });

    it('refuses an Idempotency-Key with spaces or control characters with 400', async () => {
      const response = await api.request('POST', '/orders', {
        body: placeOrderBody(),
        headers: { 'idempotency-key': 'two words' },
      });
      expect(response.status).toBe(400);
      expect(response.body.details).toMatchObject({ field: '/idempotency-key', location: 'headers' });
    });

    it('names the field of an invalid body: missing, wrong type, extra', async () => {
      const { customer: _omitted, ...withoutCustomer } = placeOrderBody();
      const cases: [unknown, string][] = [
        [withoutCustomer, '/customer'],
        [{ ...placeOrderBody(), lines: [{ ...placeOrderBody().lines[0], quantity: '2' }] }, '/lines/0/quantity'],
        [{ ...placeOrderBody(), coupon: 'FREE' }, '/coupon'],
        [
          { ...placeOrderBody(), shippingAddress: { ...placeOrderBody().shippingAddress, country: 'France' } },
          '/shippingAddress/country',
        ],
      ];
      for (const [body, field] of cases) {
        const response = await api.request('POST', '/orders', { body });
        expect([field, response.status, response.body.error]).toEqual([field, 400, 'request.invalid']);
        expect(response.body.details).toMatchObject({ field, location: 'body', reason: expect.any(String) });
        expect(response.body.message).toContain(field);
      }
    });

    it('answers a well-formed order that breaks a rule with 422 and the domain’s code', async () => {
      const body = placeOrderBody({
        lines: [{ sku: 'S', name: 'n', quantity: 1, unitPrice: { amount: 100, currency: 'USD' } }],
      });
      const response = await api.request('POST', '/orders', { body });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        error: 'order.currency-mismatch',
        details: { field: '/lines/0/unitPrice/currency' },
      });
    });
  });
});
