import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chinaWarehouse, embeddedBed, stockUp } from '../testing/embedded-bed.ts';
import type { ApiClient } from '../testing/http-client.ts';

const location = (locationId: string, name: string, coordinates: { lat: number; lng: number }, region: string) =>
  chinaWarehouse(locationId, name, coordinates, region, { capabilities: ['fragile'] });

const ORDER = {
  customer: { customerId: 'cust-route', name: '孙悦' },
  channel: { salesChannel: 'tmall' },
  lines: [
    { lineId: '1', sku: 'SKU-RED', name: 'Red mug', quantity: 2, unitPrice: { amount: 4_900, currency: 'CNY' } },
    { lineId: '2', sku: 'SKU-BLUE', name: 'Blue mug', quantity: 1, unitPrice: { amount: 5_900, currency: 'CNY' } },
  ],
  shippingAddress: {
    name: '孙悦',
    line1: '南京西路 1515 号',
    city: '上海市',
    region: 'CN-31',
    postalCode: '200040',
    country: 'CN',
  },
  currency: 'CNY',
};

interface Decisions {
  readonly decisions: readonly {
    readonly kind: string;
    readonly decidedBy: string;
    readonly summary: string;
    readonly explanation: readonly string[];
    readonly routing?: {
      readonly attempt: number;
      readonly outcome: string;
      readonly destination: { readonly country: string; readonly region: string; readonly locatedBy: string };
      readonly plan: readonly { readonly locationId: string; readonly shippingCost: string }[];
    };
  }[];
}

describe('orders routed by the running OMS', () => {
  const bed = embeddedBed({ beforeEach, afterEach });

  async function stocked(env: Record<string, string> = {}): Promise<ApiClient> {
    const { api } = await bed.start(env);
    await stockUp(
      api,
      [
        location('wh-shanghai', 'Shanghai DC', { lat: 31.23, lng: 121.47 }, 'CN-31'),
        location('wh-beijing', 'Beijing DC', { lat: 39.9, lng: 116.41 }, 'CN-11'),
      ],
      [
        ['SKU-RED', 'wh-shanghai'],
        ['SKU-BLUE', 'wh-shanghai'],
        ['SKU-RED', 'wh-beijing'],
      ],
      { reference: 'PO-7' },
    );
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
    expect(decisions[0]?.routing?.plan.map((s) => s.locationId)).toEqual(['wh-shanghai']);
    expect(decisions[0]?.explanation[0]).toMatch(/^Chose wh-shanghai \(CN-31\): .+ ¥ \d+\.\d\d standard/);
    // No geocoding table is configured: the address is placed at the middle of CN-31's locations.
    expect(decisions[0]?.routing?.destination).toEqual({
      country: 'CN',
      region: 'CN-31',
      locatedBy: 'region-centroid',
    });

    const stock = await eventually(async () => {
      const view = await api.get<{ locations: { locationId: string; reserved: number }[] }>('/inventory/SKU-RED');
      expect(view.body.locations.find((l) => l.locationId === 'wh-shanghai')?.reserved).toBe(2);
      return view.body;
    });
    expect(stock.locations.find((l) => l.locationId === 'wh-beijing')?.reserved).toBe(0);

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
      locationId: 'wh-beijing',
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
      locationId: 'wh-shanghai',
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
    expect(decisions[1]?.summary).toMatch(/^wh-shanghai rejected shipment r1-s1 \(no staff today\)/);
    expect(decisions[2]?.summary).toMatch(
      /^Routing attempt 2 under policy .* \(without wh-shanghai\): 1 shipment\(s\) from wh-beijing\.$/,
    );
    await eventually(async () => {
      const view = await api.get<{ locations: { locationId: string; reserved: number }[] }>('/inventory/SKU-RED');
      const reserved = Object.fromEntries(view.body.locations.map((l) => [l.locationId, l.reserved]));
      expect(reserved).toEqual({ 'wh-shanghai': 0, 'wh-beijing': 2 });
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
    expect(decisions[1]?.summary).toMatch(/^Shipment r1-s1 failed at wh-shanghai \(reservation expired\)/);
    // Only wh-shanghai holds SKU-BLUE: without it no plan exists and the order is held.
    expect(decisions[2]?.summary).toBe(
      'Routing attempt 2 (without wh-shanghai) found no plan; the order was put on hold.',
    );
    await eventually(async () => {
      const view = await api.get<{ totals: { reserved: number } }>('/inventory/SKU-RED');
      expect(view.body.totals.reserved).toBe(0);
    });
  });

  it('places an address by its postal code from the configured table, and prices it in yuan', async () => {
    const table = join(bed.dir, 'postal-codes.csv');
    await writeFile(table, 'country,postalPrefix,lat,lng,region\nCN,100,39.9042,116.4074,CN-11\n');
    const api = await stocked({ ORDINAL_GEOCODE_FILE: table });
    const toBeijing = {
      ...ORDER,
      lines: [ORDER.lines[0]!],
      // The region as a channel writes it: the table's CN-11 is what the locations use.
      shippingAddress: { ...ORDER.shippingAddress, city: '北京市', region: '北京市', postalCode: '100027' },
    };
    const placed = await api.post<{ orderId: string }>('/orders', toBeijing, { 'idempotency-key': 'route-e2e-2' });
    expect(placed.status).toBe(201);
    const [decision] = await eventually(async () => {
      const found = await api.get<Decisions>(`/orders/${placed.body.orderId}/decisions`);
      expect(found.body.decisions).toHaveLength(1);
      return found.body.decisions;
    });
    expect(decision?.routing?.destination).toEqual({ country: 'CN', region: 'CN-11', locatedBy: 'postal-table' });
    // Beijing DC is in the postal area: the economy service's first zone, ¥8 up to a kilogram
    // (two mugs the catalogue does not describe, 500 g each).
    expect(decision?.routing?.plan).toMatchObject([{ locationId: 'wh-beijing', shippingCost: '¥ 8.00' }]);
    expect(decision?.explanation.at(-1)).toBe('Distances are measured from the centre of postal code 100027.');
  });

  it('holds an order to a country the routing policy has no tariff to, and says so', async () => {
    const api = await stocked();
    const toLyon = {
      ...ORDER,
      shippingAddress: {
        ...ORDER.shippingAddress,
        city: 'Lyon',
        region: 'ARA',
        postalCode: '69002',
        country: 'FR',
        // Located by the coordinates it carries: nothing else could place it (no location in FR).
        coordinates: { lat: 45.7578, lng: 4.832 },
      },
      lines: ORDER.lines.map((line) => ({ ...line, unitPrice: { ...line.unitPrice, currency: 'EUR' } })),
      currency: 'EUR',
    };
    const placed = await api.post<{ orderId: string }>('/orders', toLyon, { 'idempotency-key': 'route-e2e-3' });
    expect(placed.status).toBe(201);
    const [decision] = await eventually(async () => {
      const found = await api.get<Decisions>(`/orders/${placed.body.orderId}/decisions`);
      expect(found.body.decisions).toHaveLength(1);
      return found.body.decisions;
    });
    expect(decision?.routing).toMatchObject({
      outcome: 'unroutable',
      destination: { country: 'FR', region: 'ARA', locatedBy: 'address' },
    });
    expect(decision?.explanation).toEqual([
      'Line 1 (SKU SKU-RED) cannot be routed: the policy has no tariff to FR (it has BR, CN).',
      'Line 2 (SKU SKU-BLUE) cannot be routed: the policy has no tariff to FR (it has BR, CN).',
    ]);
  });

  it('answers 404 for the decisions of an order that does not exist', async () => {
    const api = await stocked();
    const missing = await api.get<{ error: string }>('/orders/no-such-order/decisions');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('order.not-found');
  });
});
