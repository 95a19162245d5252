import { orderStreamId } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

describe('order commands over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  const send = (orderId: string, body: unknown, headers: Record<string, string> = {}) =>
    api.request('POST', `/orders/${orderId}/commands`, { body, headers });

  async function place(overrides = {}): Promise<string> {
    const response = await api.request('POST', '/orders', { body: placeOrderBody(overrides) });
    expect(response.status).toBe(201);
    return response.body.orderId;
  }

  describe('POST /orders/:orderId/commands', () => {
    it('runs an order from allocation through delivery to closing', async () => {
      const orderId = await place();
      const confirm = await send(orderId, { type: 'ConfirmOrder' });
      // PlaceOrder confirms an unscreened order at once, so a second confirmation is a state conflict.
      expect(confirm.status).toBe(409);
      expect(confirm.body).toMatchObject({ error: 'order.not-confirmable' });
      const steps: [unknown, string[]][] = [
        [
          {
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
          ['OrderAllocated'],
        ],
        [{ type: 'StartPicking', shipmentId: 's1' }, ['PickingStarted']],
        [{ type: 'PackShipment', shipmentId: 's1', parcels: 1 }, ['ShipmentPacked']],
        [
          { type: 'DispatchShipment', shipmentId: 's1', carrier: 'ups', trackingNumber: '1Z999' },
          ['ShipmentDispatched'],
        ],
        [{ type: 'RecordShipmentInTransit', shipmentId: 's1', location: 'Paris hub' }, ['ShipmentInTransit']],
        [{ type: 'RecordOutForDelivery', shipmentId: 's1' }, ['ShipmentOutForDelivery']],
        [{ type: 'RecordDelivery', shipmentId: 's1', receivedBy: 'J. Doe' }, ['ShipmentDelivered']],
        [{ type: 'CompleteOrder' }, ['OrderCompleted']],
        [{ type: 'CloseOrder' }, ['OrderClosed']],
      ];
      let revision = 2;
      for (const [command, types] of steps) {
        const response = await send(orderId, command);
        expect([response.status, response.body.events?.map((e: { type: string }) => e.type)]).toEqual([200, types]);
        revision += types.length;
        expect(response.body.revision).toBe(revision);
        expect(response.body.events[0]).toMatchObject({
          streamId: orderStreamId(orderId),
          revision,
          occurredAt: expect.any(String),
          recordedAt: expect.any(String),
          metadata: { actor: { kind: 'role', role: 'integration' }, correlationId: expect.any(String) },
        });
      }
      const view = await api.waitForOrder(orderId, revision);
      expect(view.body.status.main).toBe('closed');
    });

    it('cancels an order, after which fulfilment is a 409 with the state and allowed commands', async () => {
      const orderId = await place();
      const cancel = await send(orderId, { type: 'CancelOrder', reason: 'customer changed their mind' });
      expect(cancel.status).toBe(200);
      expect(cancel.body.events.map((e: { type: string }) => e.type)).toEqual(['OrderCancelled']);
      const allocate = await send(orderId, {
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
      expect(allocate.status).toBe(409);
      expect(allocate.body.error).toBe('order.not-allocatable');
      expect(allocate.body.details.state).toMatchObject({ main: 'cancelled' });
      expect(allocate.body.details.allowedCommands).toContain('CloseOrder');
      expect(allocate.body.details.allowedCommands).not.toContain('AllocateOrder');
    });

    it('refuses a refund beyond what was captured with 422', async () => {
      const orderId = await place();
      const eur = (amount: number) => ({ amount, currency: 'EUR' });
      expect(
        (await send(orderId, { type: 'AuthorizePayment', paymentId: 'p1', amount: eur(4490), method: 'card' })).status,
      ).toBe(200);
      expect((await send(orderId, { type: 'CapturePayment', paymentId: 'p1' })).status).toBe(200);
      const refund = await send(orderId, {
        type: 'RefundPayment',
        refundId: 'r1',
        amount: eur(5000),
        reason: 'goodwill',
      });
      expect(refund.status).toBe(422);
      expect(refund.body).toMatchObject({
        error: 'payment.refund-exceeds-captured',
        details: { allowedCommands: expect.any(Array) },
      });
      const partial = await send(orderId, {
        type: 'RefundPayment',
        refundId: 'r1',
        amount: eur(1000),
        reason: 'goodwill',
      });
      expect(partial.body.events.map((e: { type: string }) => e.type)).toEqual(['RefundIssued']);
    });

    it('answers a command with an Idempotency-Key once, and a reused key with another command 422', async () => {
      const orderId = await place();
      const headers = { 'idempotency-key': `tag-${orderId}` };
      const first = await send(orderId, { type: 'TagOrder', tag: 'vip' }, headers);
      const again = await send(orderId, { type: 'TagOrder', tag: 'vip' }, headers);
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const other = await send(orderId, { type: 'TagOrder', tag: 'gift' }, headers);
      expect(other.status).toBe(422);
      expect(other.body.error).toBe('command.idempotency-conflict');
      expect(await api.events.streamRevision(orderStreamId(orderId))).toBe(3);
    });

    it('answers a refused command retried with its Idempotency-Key exactly as the first time', async () => {
      const orderId = await place();
      const headers = { 'idempotency-key': `close-${orderId}` };
      const first = await send(orderId, { type: 'CloseOrder' }, headers);
      expect([first.status, first.body.error]).toEqual([409, 'order.not-closable']);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      // Closing is allowed now, but the same key and body still get the first answer.
      expect((await send(orderId, { type: 'CancelOrder', reason: 'customer asked' })).status).toBe(200);
      const again = await send(orderId, { type: 'CloseOrder' }, headers);
      expect([again.status, again.body]).toEqual([first.status, first.body]);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await api.events.streamRevision(orderStreamId(orderId))).toBe(3);
      const other = await send(orderId, { type: 'CloseOrder', reason: 'done' }, headers);
      expect([other.status, other.body.error]).toEqual([422, 'command.idempotency-conflict']);
    });

    it('answers a command to an unknown order with 404', async () => {
      const response = await send('no-such-order', { type: 'CancelOrder', reason: 'x' });
      expect(response.status).toBe(404);
      expect(response.body.error).toBe('order.not-found');
    });

    it('names the field of an invalid command for the command type it names', async () => {
      const cases: [unknown, string, string][] = [
        [{ type: 'DispatchShipment', shipmentId: 's1', trackingNumber: 'x' }, '/carrier', 'is required'],
        [{ type: 'PackShipment', shipmentId: 's1', parcels: 'one' }, '/parcels', 'must be integer'],
        [{ type: 'TagOrder', tag: 'a', colour: 'red' }, '/colour', 'is not an allowed property'],
        [{ type: 'Teleport' }, '/type', expect.stringContaining('must be one of ConfirmOrder')],
        [{ tag: 'a' }, '/type', 'is required'],
        [{ type: 'PlaceOrder' }, '/type', expect.stringContaining('must be one of')],
      ];
      for (const [body, field, reason] of cases) {
        const response = await send('any-order', body);
        expect([field, response.status]).toEqual([field, 400]);
        expect(response.body.details).toMatchObject({ field, reason, location: 'body' });
      }
    });

    it('refuses an order id that is not an identifier in the path with 400', async () => {
      const response = await send('bad%20id', { type: 'CancelOrder', reason: 'x' });
      expect(response.status).toBe(400);
      expect(response.body.details).toMatchObject({ field: '/orderId', location: 'params' });
    });
  });
});
