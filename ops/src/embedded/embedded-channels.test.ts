import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embeddedBed } from '../testing/embedded-bed.ts';

const WEBSHOP_ORDER = {
  orderNumber: 'WS-2025-000901',
  placedAt: '2025-11-10T21:15:03Z',
  currency: 'EUR',
  customer: { id: 'cus_e2e', name: 'Lena Hoffmann' },
  shipTo: { street: 'Oranienstraße 164', city: 'Berlin', postcode: '10969', country: 'DE' },
  items: [{ sku: 'TEA-LJ-250', name: 'Longjing 250g', quantity: 2, unitPriceCents: 2490 }],
  attribution: { firstTouch: { source: 'instagram' } },
};

describe('channel intake in the embedded profile', () => {
  const bed = embeddedBed({ beforeEach, afterEach });

  it('places a channel order, parks an unmappable one and lists it', async () => {
    const { api } = await bed.start();
    const placed = await api.post<{ orderId: string; revision: number; mappingVersion: number }>(
      '/channels/webshop/orders',
      WEBSHOP_ORDER,
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.mappingVersion).toBe(1);
    const view = await api.viewAt(placed.body.orderId, placed.body.revision);
    expect(view.totals).toMatchObject({ total: { amount: 4980, currency: 'EUR' } });

    const { currency: _, ...withoutCurrency } = { ...WEBSHOP_ORDER, orderNumber: 'WS-2025-000902' };
    const refused = await api.post('/channels/webshop/orders', withoutCurrency);
    expect(refused.status).toBe(422);
    const parked = await eventually(async () => {
      const list = await api.get<{ count: number; items: { id: string }[] }>('/channels/parked?channel=webshop');
      if (list.body.count !== 1) throw new Error(`parked: ${JSON.stringify(list.body)}`);
      return list.body;
    }, 5_000);
    expect(parked.items[0]?.id).toBe('webshop-WS-2025-000902');
  });
});
