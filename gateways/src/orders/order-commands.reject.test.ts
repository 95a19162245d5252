import { orderStreamId } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

const ALLOCATE = {
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
};
const REJECT = { type: 'RejectAllocation', shipmentId: 's1', locationId: 'wh-1', kind: 'rejected', reason: 'no staff' };

describe('RejectAllocation over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ headers: { 'x-ordinal-role': 'ops' } });
  });
  afterAll(async () => {
    await api.close();
  });

  const send = (orderId: string, body: unknown) => api.request('POST', `/orders/${orderId}/commands`, { body });

  async function allocated(): Promise<string> {
    const placed = await api.request('POST', '/orders', { body: placeOrderBody() });
    expect(placed.status).toBe(201);
    const orderId: string = placed.body.orderId;
    expect((await send(orderId, ALLOCATE)).status).toBe(200);
    return orderId;
  }

  it('withdraws the allocation: the order is confirmed again and the shipment says why it was cancelled', async () => {
    const orderId = await allocated();
    const response = await send(orderId, REJECT);
    expect(response.status).toBe(200);
    expect(response.body.events).toMatchObject([
      {
        type: 'AllocationRejected',
        data: { shipmentId: 's1', locationId: 'wh-1', kind: 'rejected', reason: 'no staff' },
        metadata: { actor: { kind: 'role', role: 'ops' } },
      },
    ]);
    const view = await api.waitForOrder(orderId, response.body.revision);
    expect(view.body.status.main).toBe('confirmed');
    expect(view.body.shipments).toMatchObject([
      { shipmentId: 's1', status: 'cancelled', cancellationReason: 'rejected by wh-1: no staff' },
    ]);
    const decisions = await api.request('GET', `/orders/${orderId}/decisions`);
    expect(decisions.status).toBe(200);
    expect(decisions.body.decisions.map((d: { kind: string }) => d.kind)).toEqual(['allocation', 'rejection']);
    expect(decisions.body.decisions[1].summary).toBe(
      'wh-1 rejected shipment s1 (no staff); the allocation (s1) was withdrawn and the order is to be routed again without wh-1.',
    );
  });

  it('names the field: another location is 422 on /locationId, an unknown kind 400 on /kind', async () => {
    const orderId = await allocated();
    const elsewhere = await send(orderId, { ...REJECT, locationId: 'wh-2' });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body).toMatchObject({
      error: 'shipment.location-mismatch',
      details: { field: '/locationId', allocatedTo: 'wh-1' },
    });
    const unknown = await send(orderId, { ...REJECT, shipmentId: 's9' });
    expect([unknown.status, unknown.body.error, unknown.body.details.field]).toEqual([
      422,
      'shipment.unknown',
      '/shipmentId',
    ]);
    const lost = await send(orderId, { ...REJECT, kind: 'lost' });
    expect(lost.status).toBe(400);
    expect(lost.body.details).toMatchObject({ field: '/kind', location: 'body' });
    expect(await api.events.streamRevision(orderStreamId(orderId))).toBe(3);
  });

  it('refuses a dispatched shipment with 409, its status and what the order accepts', async () => {
    const orderId = await allocated();
    for (const step of [
      { type: 'StartPicking', shipmentId: 's1' },
      { type: 'PackShipment', shipmentId: 's1' },
      { type: 'DispatchShipment', shipmentId: 's1', carrier: 'ups', trackingNumber: '1Z9' },
    ]) {
      expect((await send(orderId, step)).status).toBe(200);
    }
    const late = await send(orderId, REJECT);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({
      error: 'shipment.already-dispatched',
      details: { shipmentStatus: 'shipped', allowedCommands: expect.any(Array) },
    });
    expect(late.body.details.allowedCommands).not.toContain('RejectAllocation');
  });
});
