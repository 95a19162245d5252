import { inventoryStreamId } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { shanghaiWarehouse as shanghai } from '../testing/location-bodies.ts';

describe('inventory over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ headers: { 'x-ordinal-role': 'ops' } });
    const locations = [
      shanghai,
      { ...shanghai, locationId: 'wh-sh2', name: 'Shanghai North' },
      { ...shanghai, locationId: 'st-bj', name: 'Beijing Sanlitun', kind: 'store', region: 'CN-11' },
    ];
    for (const body of locations) expect((await api.request('POST', '/locations', { body })).status).toBe(201);
    for (const { locationId } of locations) await api.waitForRevision(`/locations/${locationId}`, 1);
  });
  afterAll(async () => {
    await api.close();
  });

  const send = (sku: string, body: unknown) => api.request('POST', `/inventory/${sku}/commands`, { body });
  const receive = (locationId: string, quantity: number) => ({
    type: 'ReceiveStock',
    locationId,
    quantity,
    reference: 'PO-7',
  });

  it('serves stock per location with its name, kind and region, per region and overall', async () => {
    expect((await send('TEA-01', receive('wh-sh', 10))).status).toBe(200);
    expect((await send('TEA-01', receive('wh-sh2', 5))).status).toBe(200);
    expect((await send('TEA-01', receive('st-bj', 2))).status).toBe(200);
    const adjusted = await send('TEA-01', { type: 'AdjustStock', locationId: 'wh-sh', delta: -1, reason: 'broken' });
    expect(adjusted.status).toBe(200);
    expect(adjusted.body).toMatchObject({
      revision: 4,
      events: [{ type: 'StockAdjusted', data: { delta: -1, onHand: 9, reserved: 0, available: 9 } }],
    });
    const view = await api.waitForRevision('/inventory/TEA-01', 4);
    expect(view.headers.get('x-ordinal-stream-revision')).toBe('4');
    expect(view.body).toEqual({
      sku: 'TEA-01',
      revision: 4,
      updatedAt: expect.any(String),
      locations: [
        {
          locationId: 'st-bj',
          name: 'Beijing Sanlitun',
          kind: 'store',
          region: 'CN-11',
          onHand: 2,
          reserved: 0,
          available: 2,
        },
        {
          locationId: 'wh-sh',
          name: 'Shanghai DC',
          kind: 'warehouse',
          region: 'CN-31',
          onHand: 9,
          reserved: 0,
          available: 9,
        },
        {
          locationId: 'wh-sh2',
          name: 'Shanghai North',
          kind: 'warehouse',
          region: 'CN-31',
          onHand: 5,
          reserved: 0,
          available: 5,
        },
      ],
      regions: [
        { region: 'CN-11', onHand: 2, reserved: 0, available: 2 },
        { region: 'CN-31', onHand: 14, reserved: 0, available: 14 },
      ],
      totals: { onHand: 16, reserved: 0, available: 16 },
    });
  });

  it('reserves, refuses more than is available with the figures, and commits', async () => {
    await send('CUP-02', receive('wh-sh', 3));
    const reserve = {
      type: 'ReserveStock',
      reservationId: 'r-1',
      orderId: 'o-1',
      lineId: '1',
      locationId: 'wh-sh',
      quantity: 2,
      expiresAt: '2030-01-01T00:00:00.000Z',
    };
    expect((await send('CUP-02', reserve)).status).toBe(200);
    const more = await send('CUP-02', { ...reserve, reservationId: 'r-2', orderId: 'o-2' });
    expect(more.status).toBe(409);
    expect(more.body).toMatchObject({
      error: 'inventory.insufficient-stock',
      details: { sku: 'CUP-02', locationId: 'wh-sh', requested: 2, available: 1 },
    });
    const below = await send('CUP-02', { type: 'AdjustStock', locationId: 'wh-sh', delta: -2, reason: 'count' });
    expect(below.status).toBe(409);
    expect(below.body.error).toBe('inventory.below-reserved');
    const commit = await send('CUP-02', { type: 'CommitReservation', reservationId: 'r-1', shipmentId: 's-1' });
    expect(commit.body.events[0].data).toMatchObject({ onHand: 1, reserved: 0, available: 1 });
    const unknown = await send('CUP-02', { type: 'ReleaseReservation', reservationId: 'r-9', reason: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('inventory.reservation-not-found');
    const view = await api.waitForRevision('/inventory/CUP-02', 3);
    expect(view.body.totals).toEqual({ onHand: 1, reserved: 0, available: 1 });
    expect(view.body.locations[0]).toMatchObject({ locationId: 'wh-sh', name: 'Shanghai DC' });
  });

  it('shows a location that was never registered without a name', async () => {
    await send('POT-03', receive('wh-x', 1));
    const view = await api.waitForRevision('/inventory/POT-03', 1);
    expect(view.body.locations).toEqual([
      { locationId: 'wh-x', name: null, kind: null, region: null, onHand: 1, reserved: 0, available: 1 },
    ]);
    expect(view.body.regions).toEqual([{ region: null, onHand: 1, reserved: 0, available: 1 }]);
  });

  it('answers 404 for a SKU with no stock ever recorded', async () => {
    const response = await api.request('GET', '/inventory/NONE-1');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      error: 'inventory.not-found',
      details: { sku: 'NONE-1', streamRevision: 0 },
    });
  });

  it.each([
    ['/quantity', receive('wh-sh', 0)],
    ['/quantity', receive('wh-sh', 1.5)],
    ['/delta', { type: 'AdjustStock', locationId: 'wh-sh', delta: 0, reason: 'x' }],
    ['/sku', { type: 'ReceiveStock', sku: 'OTHER', locationId: 'wh-sh', quantity: 1, reference: 'x' }],
    ['/type', { type: 'StealStock', locationId: 'wh-sh' }],
  ])('refuses a wrong %s with a 400, writing nothing', async (_field, body) => {
    const response = await send('BAD-1', body);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('request.invalid');
    expect(response.body.message.length).toBeGreaterThan(0);
    expect(await api.events.streamRevision(inventoryStreamId('BAD-1'))).toBe(0);
  });
});
