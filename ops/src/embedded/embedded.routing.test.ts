import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { steppingClock, type TempDataDir, tempDataDir, testConfig } from '../testing/data-dir.ts';
import { type ApiClient, apiClient } from '../testing/http-client.ts';
import { type EmbeddedSystem, startEmbedded } from './embedded.ts';

const location = (locationId: string, name: string, coordinates: { lat: number; lng: number }, region: string) => ({
  locationId,
  name,
  kind: 'warehouse',
  coordinates,
  region,
  country: 'FR',
  capabilities: ['fragile'],
  dailyCapacity: 800,
  active: true,
});

const ORDER = {
  customer: { customerId: 'cust-route', name: 'Jeanne Martin' },
  channel: { salesChannel: 'webshop' },
  lines: [
    { lineId: '1', sku: 'SKU-RED', name: 'Red mug', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } },
    { lineId: '2', sku: 'SKU-BLUE', name: 'Blue mug', quantity: 1, unitPrice: { amount: 1500, currency: 'EUR' } },
  ],
  shippingAddress: {
    name: 'Jeanne Martin',
    line1: '3 Rue de la République',
    city: 'Lyon',
    region: 'ARA',
    postalCode: '69002',
    country: 'FR',
  },
  currency: 'EUR',
};

interface Decisions {
  readonly decisions: readonly {
    readonly kind: string;
    readonly decidedBy: string;
    readonly summary: string;
    readonly explanation: readonly string[];
    readonly routing?: { readonly attempt: number; readonly plan: readonly { readonly locationId: string }[] };
  }[];
}

describe('orders routed by the running OMS', () => {
  let dir: TempDataDir;
  let system: EmbeddedSystem | undefined;

  beforeEach(async () => {
    dir = await tempDataDir();
  });
  afterEach(async () => {
    await system?.close();
    system = undefined;
    await dir.remove();
  });

  async function stocked(env: Record<string, string> = {}): Promise<ApiClient> {
    system = await startEmbedded(testConfig(dir.path, env), steppingClock());
    const api = apiClient(system.url);
    for (const body of [
      location('wh-lyon', 'Lyon DC', { lat: 45.76, lng: 4.84 }, 'ARA'),
      location('wh-paris', 'Paris DC', { lat: 48.86, lng: 2.35 }, 'IDF'),
    ]) {
      expect((await api.post('/locations', body)).status).toBe(201);
    }
    for (const [sku, locationId] of [
      ['SKU-RED', 'wh-lyon'],
      ['SKU-BLUE', 'wh-lyon'],
      ['SKU-RED', 'wh-paris'],
    ] as const) {
      const received = await api.post(`/inventory/${sku}/commands`, {
        type: 'ReceiveStock',
        locationId,
        quantity: 10,
        reference: 'PO-7',
      });
      expect(received.status).toBe(200);
    }
    return api;
  }

  it('routes a placed order to the location that serves it best, reserves its stock and explains why', async () => {
    const api = await stocked();
    const placed = await api.post<{ orderId: string }>('/orders', ORDER, { 'idempotency-key': 'route-e2e-1' });
    expect(placed.status).toBe(201);
    const { orderId } = placed.body;

    const decisions = await eventually(async () => {
      const found = await api.get<Decisions>(`/orders/${orderId}/decisions`);
      expect(found.status).toBe(200);
      expect(found.body.decisions).toHaveLength(1);
      return found.body.decisions;
    });
    expect(decisions[0]).toMatchObject({ kind: 'routing', decidedBy: 'system:order-router' });
    expect(decisions[0]?.routing?.plan.map((s) => s.locationId)).toEqual(['wh-lyon']);
    expect(decisions[0]?.explanation[0]).toMatch(/^Chose wh-lyon/);

    const stock = await eventually(async () => {
      const view = await api.get<{ locations: { locationId: string; reserved: number }[] }>('/inventory/SKU-RED');
      expect(view.body.locations.find((l) => l.locationId === 'wh-lyon')?.reserved).toBe(2);
      return view.body;
    });
    expect(stock.locations.find((l) => l.locationId === 'wh-paris')?.reserved).toBe(0);

    // Cancelling gives the stock back.
    const cancelled = await api.post(`/orders/${orderId}/commands`, { type: 'CancelOrder', reason: 'changed my mind' });
    expect(cancelled.status).toBe(200);
    await eventually(async () => {
      const view = await api.get<{ totals: { reserved: number } }>('/inventory/SKU-RED');
      expect(view.body.totals.reserved).toBe(0);
    });
  });

  it('routes the order again without a location that rejects its shipment, and says so', async () => {
    const api = await stocked();
    const blue = await api.post('/inventory/SKU-BLUE/commands', {
      type: 'ReceiveStock',
      locationId: 'wh-paris',
      quantity: 10,
      reference: 'PO-8',
    });
    expect(blue.status).toBe(200);
    const placed = await api.post<{ orderId: string }>('/orders', ORDER, { 'idempotency-key': 'route-e2e-2' });
    const { orderId } = placed.body;
    await eventually(async () => {
      expect((await api.get<Decisions>(`/orders/${orderId}/decisions`)).body.decisions).toHaveLength(1);
    });
    const rejected = await api.post(`/orders/${orderId}/commands`, {
      type: 'RejectAllocation',
      shipmentId: 'r1-s1',
      locationId: 'wh-lyon',
      kind: 'rejected',
      reason: 'no staff today',
    });
    expect(rejected.status).toBe(200);
    const decisions = await eventually(async () => {
      const found = await api.get<Decisions>(`/orders/${orderId}/decisions`);
      expect(found.body.decisions).toHaveLength(3);
      return found.body.decisions;
    });
    expect(decisions.map((d) => d.kind)).toEqual(['routing', 'rejection', 'routing']);
    expect(decisions[1]?.summary).toMatch(/^wh-lyon rejected shipment r1-s1 \(no staff today\)/);
    expect(decisions[2]?.summary).toMatch(
      /^Routing attempt 2 under policy .* \(without wh-lyon\): 1 shipment\(s\) from wh-paris\.$/,
    );
    await eventually(async () => {
      const view = await api.get<{ locations: { locationId: string; reserved: number }[] }>('/inventory/SKU-RED');
      const reserved = Object.fromEntries(view.body.locations.map((l) => [l.locationId, l.reserved]));
      expect(reserved).toEqual({ 'wh-lyon': 0, 'wh-paris': 2 });
    });
  });

  it('lets a reservation expire on schedule, fails the allocation that rested on it and routes again', async () => {
    // The clock moves a second per reading, so a one-second reservation is soon due.
    const api = await stocked({ ORDINAL_RESERVATION_TTL_MS: '1000', ORDINAL_RESERVATION_EXPIRY_INTERVAL_MS: '20' });
    const placed = await api.post<{ orderId: string }>('/orders', ORDER, { 'idempotency-key': 'route-e2e-3' });
    const { orderId } = placed.body;
    const decisions = await eventually(async () => {
      const found = await api.get<Decisions>(`/orders/${orderId}/decisions`);
      expect(found.body.decisions).toHaveLength(3);
      return found.body.decisions;
    });
    expect(decisions.map((d) => [d.kind, d.decidedBy])).toEqual([
      ['routing', 'system:order-router'],
      ['rejection', 'system:reservation-expiry'],
      ['routing', 'system:order-router'],
    ]);
    expect(decisions[1]?.summary).toMatch(/^Shipment r1-s1 failed at wh-lyon \(reservation expired\)/);
    // Only wh-lyon holds SKU-BLUE: without it no plan exists and the order is held.
    expect(decisions[2]?.summary).toBe('Routing attempt 2 (without wh-lyon) found no plan; the order was put on hold.');
    await eventually(async () => {
      const view = await api.get<{ totals: { reserved: number } }>('/inventory/SKU-RED');
      expect(view.body.totals.reserved).toBe(0);
    });
  });

  it('answers 404 for the decisions of an order that does not exist', async () => {
    const api = await stocked();
    const missing = await api.get<{ error: string }>('/orders/no-such-order/decisions');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('order.not-found');
  });
});
