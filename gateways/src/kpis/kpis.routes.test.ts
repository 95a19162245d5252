import { orderStreamId } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';
import { kpiViewDays } from './kpi-views.routes.ts';

const T0 = Date.parse('2025-03-01T09:00:00.000Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();
const TOTAL = 2 * 1250 + 1500 + 490;
const address = (region: string) => ({
  name: 'Jane Doe',
  line1: '1 Main St',
  city: 'Lyon',
  region,
  postalCode: '69001',
  country: 'FR',
});

describe('GET /kpis', () => {
  let api: TestApi;
  const orders: Record<string, string> = {};
  beforeAll(async () => {
    api = await startTestApi({ headers: { 'x-ordinal-role': 'ops' }, kpis: { timeZone: 'Europe/Paris' } });
  });
  afterAll(async () => {
    await api.close();
  });

  const send = async (orderId: string, body: Record<string, unknown>) => {
    const response = await api.request('POST', `/orders/${orderId}/commands`, { body });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.revision as number;
  };
  async function place(hours: number, overrides: Record<string, unknown>): Promise<string> {
    api.setTime(at(hours));
    const response = await api.request('POST', '/orders', { body: placeOrderBody(overrides) });
    expect(response.status).toBe(201);
    return response.body.orderId;
  }
  async function deliver(orderId: string, locationId: string, hours: number): Promise<number> {
    const lines = [
      { lineId: '1', quantity: 2 },
      { lineId: '2', quantity: 1 },
    ];
    await send(orderId, { type: 'AllocateOrder', allocations: [{ shipmentId: 's1', locationId, lines }] });
    await send(orderId, { type: 'StartPicking', shipmentId: 's1' });
    await send(orderId, { type: 'PackShipment', shipmentId: 's1', parcels: 1 });
    await send(orderId, {
      type: 'DispatchShipment',
      shipmentId: 's1',
      carrier: 'colissimo',
      trackingNumber: `T-${orderId}`,
    });
    await send(orderId, { type: 'RecordShipmentInTransit', shipmentId: 's1' });
    await send(orderId, { type: 'RecordOutForDelivery', shipmentId: 's1' });
    api.setTime(at(hours));
    return send(orderId, { type: 'RecordDelivery', shipmentId: 's1' });
  }
  /** Placed and delivered times as recorded, in hours between them. */
  async function cycleHours(orderId: string): Promise<number> {
    const events = await api.events.readStream(orderStreamId(orderId));
    const placed = events.find((e) => e.type === 'OrderPlaced')?.data as { placedAt: string };
    const delivered = events.find((e) => e.type === 'ShipmentDelivered')?.metadata.occurredAt as string;
    return (Date.parse(delivered) - Date.parse(placed.placedAt)) / 3_600_000;
  }
  async function kpis(query: string) {
    return api.request('GET', `/kpis?${query}`);
  }

  it('serves orders, GMV, cycle time and rates per business day and dimension, the same as the orders recorded', async () => {
    // 23:30 UTC on 1 March is already 2 March in Paris.
    orders.onTime = await place(0, { shippingAddress: address('ARA'), promisedBy: at(72) });
    orders.cancelled = await place(1, { channel: { salesChannel: 'pos' }, shippingAddress: address('IDF') });
    orders.late = await place(14.5, { shippingAddress: address('ARA'), promisedBy: at(24) });
    await send(orders.cancelled, { type: 'CancelOrder', reason: 'customer asked' });
    const onTimeRevision = await deliver(orders.onTime, 'wh-1', 48);
    const lateRevision = await deliver(orders.late, 'wh-2', 110);
    await api.waitForOrder(orders.onTime, onTimeRevision);
    await api.waitForOrder(orders.late, lateRevision);
    const early = await cycleHours(orders.onTime);
    const late = await cycleHours(orders.late);

    // The kpis projection may trail the tracking view: wait for both deliveries.
    let body: Record<string, unknown> = {};
    for (let i = 0; i < 200; i++) {
      const response = await kpis('from=2025-03-01&to=2025-03-02&groupBy=channel');
      expect(response.status).toBe(200);
      body = response.body;
      const web = (body.groups as { key: string; delivered: number }[]).find((g) => g.key === 'webshop');
      if (web?.delivered === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(body).toMatchObject({ from: '2025-03-01', to: '2025-03-02', groupBy: 'channel', timeZone: 'Europe/Paris' });
    expect(body.groups).toEqual([
      {
        key: 'pos',
        orders: 1,
        gmv: TOTAL,
        averageOrderValue: TOTAL,
        currencies: ['EUR'],
        delivered: 0,
        cycleTimeHours: null,
        promised: 0,
        onTimeRate: null,
        cancelled: 1,
        cancellationRate: 1,
        returned: 0,
        returnRate: null,
      },
      {
        key: 'webshop',
        orders: 2,
        gmv: 2 * TOTAL,
        averageOrderValue: TOTAL,
        currencies: ['EUR'],
        delivered: 2,
        cycleTimeHours: { mean: (early + late) / 2, median: (early + late) / 2, p90: late },
        promised: 2,
        onTimeRate: 0.5,
        cancelled: 0,
        cancellationRate: 0,
        returned: 0,
        returnRate: 0,
      },
    ]);

    const days = await kpis('from=2025-03-01&to=2025-03-02');
    expect(days.body.groups.map((g: { key: string; orders: number }) => [g.key, g.orders])).toEqual([
      ['2025-03-01', 2],
      ['2025-03-02', 1],
    ]);
    const locations = await kpis('from=2025-03-01&to=2025-03-02&groupBy=location&region=ARA');
    expect(locations.body.groups.map((g: { key: string; orders: number }) => [g.key, g.orders])).toEqual([
      ['wh-1', 1],
      ['wh-2', 1],
    ]);
    const categories = await kpis('from=2025-03-01&to=2025-03-02&groupBy=category&channel=pos');
    expect(categories.body.groups.map((g: { key: string; orders: number }) => [g.key, g.orders])).toEqual([
      ['uncategorised', 1],
    ]);
    expect((await kpis('from=2025-03-03&to=2025-03-09')).body.groups).toEqual([]);
  });

  it('refuses a day that does not exist, a span backwards or too long, and an unknown groupBy, naming the field', async () => {
    const bad = await kpis('from=2025-02-30&to=2025-03-02');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'kpis.invalid-date', details: { field: '/from' } });
    const backwards = await kpis('from=2025-03-02&to=2025-03-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({
      error: 'kpis.invalid-range',
      details: { field: '/to', reason: 'before from' },
    });
    expect((await kpis('from=2023-01-01&to=2025-03-01')).body).toMatchObject({ error: 'kpis.invalid-range' });
    const groupBy = await kpis('from=2025-03-01&to=2025-03-02&groupBy=customer');
    expect(groupBy.status).toBe(400);
    expect(groupBy.body).toMatchObject({ error: 'request.invalid' });
    expect(JSON.stringify(groupBy.body)).toContain('groupBy');
    expect((await kpis('from=2025-3-1&to=2025-03-02')).status).toBe(400);
  });

  it('serves KPIs to staff only', async () => {
    const customer = await api.request('GET', '/kpis?from=2025-03-01&to=2025-03-02', {
      headers: { 'x-ordinal-role': 'customer', 'x-ordinal-actor-id': 'cust-1' },
    });
    expect(customer.status).toBe(403);
    const finance = await api.request('GET', '/kpis?from=2025-03-01&to=2025-03-02', {
      headers: { 'x-ordinal-role': 'finance' },
    });
    expect(finance.status).toBe(200);
  });
});

describe('/kpis/views/:role', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ headers: { 'x-ordinal-role': 'admin' }, kpis: { timeZone: 'UTC' } });
  });
  afterAll(async () => {
    await api.close();
  });
  const view = { widgets: ['orders', 'gmv'], filters: ['dateRange', 'channel'], groupBy: 'channel', days: 7 };

  it('answers the built-in default until an admin saves a view, then the saved one with its version', async () => {
    const initial = await api.request('GET', '/kpis/views/finance');
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ role: 'finance', version: 0, groupBy: 'day', days: 30, updatedBy: null });
    expect(initial.body.opensOn).toEqual(kpiViewDays(30, api.clock(), 'UTC'));
    expect(initial.body.widgets).toContain('cycleTime');

    const saved = await api.request('PUT', '/kpis/views/finance', {
      body: { ...view, expectedVersion: 0 },
      headers: { 'x-ordinal-actor-id': 'ada' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ role: 'finance', version: 1, ...view, updatedBy: 'ada (admin)' });
    const read = await api.request('GET', '/kpis/views/finance', { headers: { 'x-ordinal-role': 'finance' } });
    expect(read.body).toEqual(saved.body);
    // Other roles keep their own.
    expect((await api.request('GET', '/kpis/views/ops')).body).toMatchObject({ version: 0 });

    const stale = await api.request('PUT', '/kpis/views/finance', { body: { ...view, expectedVersion: 0 } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'kpis.view-version-conflict', details: { version: 1 } });
  });

  it('lets only an admin change a view, and refuses unknown roles and widgets', async () => {
    const ops = await api.request('PUT', '/kpis/views/ops', { body: view, headers: { 'x-ordinal-role': 'ops' } });
    expect(ops.status).toBe(403);
    const unknown = await api.request('GET', '/kpis/views/janitor');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'kpis.unknown-role', details: { field: '/role' } });
    const widget = await api.request('PUT', '/kpis/views/ops', { body: { ...view, widgets: ['weather'] } });
    expect(widget.status).toBe(400);
  });
});

describe('the days a view opens on', () => {
  it('ends today in the business time zone, not in UTC', () => {
    const lateEvening = new Date('2025-03-01T23:30:00Z');
    expect(kpiViewDays(7, lateEvening, 'Asia/Shanghai')).toEqual({
      from: '2025-02-24',
      to: '2025-03-02',
      timeZone: 'Asia/Shanghai',
    });
    expect(kpiViewDays(1, new Date('2025-03-01T05:00:00Z'), 'America/Los_Angeles')).toMatchObject({
      from: '2025-02-28',
      to: '2025-02-28',
    });
    // 366 days across a leap day.
    expect(kpiViewDays(366, new Date('2024-12-31T12:00:00Z'), 'UTC')).toMatchObject({ from: '2024-01-01' });
  });
});
