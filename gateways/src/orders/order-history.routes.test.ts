import {
  allowedOrderCommands,
  foldOrder,
  type OrderEvent,
  orderStatus,
  orderStreamId,
  toPersistedOrderState,
} from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

describe('order history and replay over HTTP', () => {
  let api: TestApi;
  let orderId: string;
  beforeAll(async () => {
    api = await startTestApi({ headers: { 'x-ordinal-role': 'ops' } });
    api.setTime('2025-03-02T10:00:00.000Z');
    const placed = await api.request('POST', '/orders', {
      body: placeOrderBody(),
      headers: { 'x-correlation-id': 'corr-history', 'x-ordinal-role': 'ops' },
    });
    orderId = placed.body.orderId;
    api.setTime('2025-03-02T11:00:00.000Z');
    await api.request('POST', `/orders/${orderId}/commands`, { body: { type: 'TagOrder', tag: 'vip' } });
    api.setTime('2025-03-02T12:00:00.000Z');
    const allocated = await api.request('POST', `/orders/${orderId}/commands`, {
      body: {
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
    });
    expect(allocated.body.revision).toBe(4);
  });
  afterAll(async () => {
    await api.close();
  });

  describe('GET /orders/:orderId/events', () => {
    it('returns every event as recorded, with positions and metadata', async () => {
      const response = await api.request('GET', `/orders/${orderId}/events`);
      expect(response.status).toBe(200);
      const stored = await api.events.readStream(orderStreamId(orderId));
      expect(response.body.orderId).toBe(orderId);
      expect(response.body.revision).toBe(4);
      expect(response.body.events).toEqual(
        stored.map((event) => ({ ...event, occurredAt: event.metadata.occurredAt })),
      );
      expect(response.body.events.map((e: { type: string }) => e.type)).toEqual([
        'OrderPlaced',
        'OrderConfirmed',
        'OrderTagged',
        'OrderAllocated',
      ]);
      expect(response.body.events[0].metadata).toMatchObject({
        actor: { kind: 'role', role: 'ops' },
        correlationId: 'corr-history',
        causationId: expect.any(String),
        commandId: expect.any(String),
        schemaVersion: 1,
      });
    });

    it('answers an order without events with 404', async () => {
      const response = await api.request('GET', '/orders/never-placed/events');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: 'order.not-found' });
    });
  });

  describe('GET /orders/:orderId/state', () => {
    async function expectedAt(revision: number) {
      const events = (await api.events.readStream(orderStreamId(orderId))) as OrderEvent[];
      const state = foldOrder(events.slice(0, revision));
      return { state, occurredAt: events[revision - 1]?.metadata.occurredAt };
    }

    it('replays to ?revision=N exactly as folding the first N events', async () => {
      for (const revision of [1, 2, 3, 4]) {
        const response = await api.request('GET', `/orders/${orderId}/state?revision=${revision}`);
        const { state, occurredAt } = await expectedAt(revision);
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          orderId,
          revision,
          occurredAt,
          ...toPersistedOrderState(state),
          status: orderStatus(state),
          allowedCommands: allowedOrderCommands(state),
        });
      }
      const first = await api.request('GET', `/orders/${orderId}/state?revision=1`);
      expect(first.body.status.main).toBe('placed');
      expect(first.body.allowedCommands).toContain('ConfirmOrder');
      const third = await api.request('GET', `/orders/${orderId}/state?revision=3`);
      expect(third.body.context.tags).toEqual(['vip']);
    });

    it('answers the latest state without parameters', async () => {
      const response = await api.request('GET', `/orders/${orderId}/state`);
      expect(response.body.revision).toBe(4);
      expect(response.body.status.main).toBe('allocated');
    });

    it('replays to ?at=<instant>: the state after the events up to that instant', async () => {
      const events = await api.events.readStream(orderStreamId(orderId));
      const at = (instant: string) => api.request('GET', `/orders/${orderId}/state?at=${encodeURIComponent(instant)}`);
      expect((await at('2025-03-02T11:30:00.000Z')).body.revision).toBe(3);
      expect((await at('2025-03-02T10:30:00+00:00')).body.revision).toBe(2);
      expect((await at(events[2]?.metadata.occurredAt ?? '')).body.revision).toBe(3);
      expect((await at('2030-01-01T00:00:00Z')).body.revision).toBe(4);
      const before = await at('2025-03-02T09:00:00Z');
      expect(before.status).toBe(404);
      expect(before.body.error).toBe('order.not-found-at');
    });

    it('takes ?at as the longest prefix whose events all happened by then, when business time runs backwards', async () => {
      api.setTime('2025-03-05T10:00:00.000Z');
      const placed = await api.request('POST', '/orders', { body: placeOrderBody() });
      const id = placed.body.orderId;
      const tag = async (time: string, tagName: string) => {
        api.setTime(time);
        const response = await api.request('POST', `/orders/${id}/commands`, {
          body: { type: 'TagOrder', tag: tagName },
        });
        expect(response.status).toBe(200);
      };
      await tag('2025-03-05T12:00:00.000Z', 'late'); // revision 3
      await tag('2025-03-05T11:00:00.000Z', 'early'); // revision 4, stamped before revision 3
      const stamps = (await api.events.readStream(orderStreamId(id))).map((e) => e.metadata.occurredAt.slice(11, 16));
      expect(stamps).toEqual(['10:00', '10:00', '12:00', '11:00']);
      const at = (instant: string) => api.request('GET', `/orders/${id}/state?at=${encodeURIComponent(instant)}`);
      // The last event not after 11:30 is revision 4, but revision 3 (12:00) must not be pulled in with it.
      const beforeLate = await at('2025-03-05T11:30:00Z');
      expect([beforeLate.status, beforeLate.body.revision, beforeLate.body.context.tags]).toEqual([200, 2, []]);
      expect(beforeLate.body.occurredAt).toMatch(/^2025-03-05T10:00/);
      expect((await at('2025-03-05T11:59:59.999Z')).body.revision).toBe(2);
      const all = await at('2025-03-05T12:00:30Z');
      expect([all.body.revision, all.body.context.tags]).toEqual([4, ['late', 'early']]);
      expect((await at('2025-03-05T09:59:59Z')).status).toBe(404);
    });

    it('answers a revision beyond the stream with 404 naming the latest', async () => {
      const response = await api.request('GET', `/orders/${orderId}/state?revision=9`);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: 'order.revision-not-found', details: { requested: 9, latest: 4 } });
    });

    it('refuses both revision and at, and malformed values, with 400', async () => {
      const both = await api.request('GET', `/orders/${orderId}/state?revision=1&at=2025-03-02T11:30:00Z`);
      expect(both.status).toBe(400);
      expect(both.body.details).toMatchObject({ field: '/at', location: 'querystring' });
      for (const query of ['revision=0', 'revision=two', 'at=yesterday']) {
        const response = await api.request('GET', `/orders/${orderId}/state?${query}`);
        expect([query, response.status, response.body.error]).toEqual([query, 400, 'request.invalid']);
      }
    });

    it('answers an unknown order with 404', async () => {
      expect((await api.request('GET', '/orders/never-placed/state')).status).toBe(404);
    });
  });
});
