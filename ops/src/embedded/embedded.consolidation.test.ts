import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chinaWarehouse, embeddedBed, stockUp } from '../testing/embedded-bed.ts';
import type { ApiClient } from '../testing/http-client.ts';

const SHANGHAI = {
  name: '孙悦',
  line1: '南京西路 1515 号',
  city: '上海市',
  region: 'CN-31',
  postalCode: '200040',
  country: 'CN',
};

const order = (shippingAddress = SHANGHAI) => ({
  customer: { customerId: 'cust-parcel', name: '孙悦' },
  channel: { salesChannel: 'tmall' },
  lines: [{ lineId: '1', sku: 'SKU-RED', name: 'Red mug', quantity: 1, unitPrice: { amount: 4_900, currency: 'CNY' } }],
  shippingAddress,
  currency: 'CNY',
});

interface Decision {
  readonly kind: string;
  readonly decidedBy: string;
  readonly summary: string;
  readonly consolidation?: { readonly consolidationId: string; readonly memberCount: number };
}

interface Shipment {
  readonly shipmentId: string;
  readonly status: string;
  readonly consolidation?: { readonly consolidationId: string; readonly memberCount: number };
}

describe('orders of one customer to one address, consolidated by the running OMS', () => {
  const bed = embeddedBed({ beforeEach, afterEach });

  async function stocked(): Promise<ApiClient> {
    const { api } = await bed.start({ ORDINAL_CONSOLIDATION_WINDOW_MINUTES: '60' });
    const shanghai = chinaWarehouse('wh-shanghai', 'Shanghai DC', { lat: 31.23, lng: 121.47 }, 'CN-31');
    await stockUp(api, [shanghai], [['SKU-RED', 'wh-shanghai']], { reference: 'PO-9' });
    return api;
  }

  const place = async (api: ApiClient, key: string, address = SHANGHAI) => {
    const placed = await api.post<{ orderId: string }>('/orders', order(address), { 'idempotency-key': key });
    expect(placed.status).toBe(201);
    return placed.body.orderId;
  };

  const decisionsOf = async (api: ApiClient, orderId: string) =>
    (await api.get<{ decisions: Decision[] }>(`/orders/${orderId}/decisions`)).body.decisions;

  it('routes, consolidates, explains and shows it; refuses picking one alone; undoes it when one is cancelled', async () => {
    const api = await stocked();
    const first = await place(api, 'parcel-1');
    const second = await place(api, 'parcel-2', { ...SHANGHAI, line1: ' 南京西路  1515 号 ' });
    const elsewhere = await place(api, 'parcel-3', { ...SHANGHAI, line1: '淮海中路 1 号', postalCode: '200021' });

    const consolidated = await eventually(async () => {
      const found = (await decisionsOf(api, first)).find((d) => d.kind === 'consolidation');
      expect(found).toBeDefined();
      return found as Decision;
    });
    expect(consolidated).toMatchObject({ decidedBy: 'system:order-consolidation', consolidation: { memberCount: 2 } });
    expect(consolidated.summary).toMatch(/in one parcel \(parcel-[0-9a-f]+\) with 1 other order\(s\)/);
    const id = consolidated.consolidation?.consolidationId;
    const parcelOf = async (orderId: string) => {
      const view = await api.get<{ shipments: Shipment[] }>(`/orders/${orderId}`);
      return view.body.shipments.find((s) => s.status !== 'cancelled');
    };
    const secondShipment = await eventually(async () => {
      const shipment = await parcelOf(second);
      expect(shipment?.consolidation).toMatchObject({ consolidationId: id, memberCount: 2 });
      return shipment as Shipment;
    });
    expect((await decisionsOf(api, elsewhere)).map((d) => d.kind)).toEqual(['routing']);

    const alone = await api.post<{ error: string; details: Record<string, unknown> }>(`/orders/${second}/commands`, {
      type: 'StartPicking',
      shipmentId: secondShipment.shipmentId,
    });
    expect(alone.status).toBe(409);
    expect(alone.body).toMatchObject({ error: 'shipment.consolidated', details: { consolidationId: id } });

    await api.command(first, { type: 'CancelOrder', reason: 'changed mind' });
    const undone = await eventually(async () => {
      const found = (await decisionsOf(api, second)).find((d) => d.kind === 'consolidation-undone');
      expect(found).toBeDefined();
      return found as Decision;
    });
    expect(undone.summary).toBe(
      `Consolidation ${id} was undone: member ${first} was cancelled (changed mind). Shipment ${secondShipment.shipmentId} is its own parcel again.`,
    );
    await eventually(async () => expect((await parcelOf(second))?.consolidation).toBeUndefined());
    await api.command(second, { type: 'StartPicking', shipmentId: secondShipment.shipmentId });
  });
});
