import {
  ERASED_MARKER,
  type OrderEvent,
  orderDecider,
  type RecordedEvent,
  toPersistedOrderState,
} from '@ordinal/domain';
import {
  eraseOrderContext,
  ORDER_TRACKING_COLLECTION,
  REPURCHASE_ORDERS_COLLECTION,
  readRepurchaseEstimates,
} from '@ordinal/projections';
import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runVerify } from '../cli/verify.command.ts';
import { embeddedBed, type StartedOms } from '../testing/embedded-bed.ts';
import { apiClient } from '../testing/http-client.ts';
import { filesUnder, leaks } from '../testing/leaks.ts';

// Strings no other test data holds, so finding one anywhere means it leaked.
const NAME = 'Xanthippe Quorvandel-Brumm';
const PHONE = '+49 1577 9988776';
const EMAIL = 'xanthippe.quorvandel@zyx-mail.example';
const STREET = 'Vrubelstrasse 4711';
const NEW_STREET = 'Oktaviangasse 88b';
const SIGNER = 'Ottokar Zwielichtmann';
const SECRETS = [NAME, PHONE, EMAIL, STREET, NEW_STREET, SIGNER];
const OTHER_NAME = 'Philippa Kornblumenfeld';

const money = (amount: number) => ({ amount, currency: 'EUR' });

function placeOrder(customerId: string, name: string, street: string) {
  const erased = customerId === 'cust-erased';
  const phone = erased ? PHONE : '+49 30 1234567';
  return {
    customer: { customerId, name, email: erased ? EMAIL : 'kept@example.org', phone },
    channel: { salesChannel: 'webshop' },
    lines: [{ lineId: '1', sku: 'SKU-RED', name: 'Red mug', quantity: 2, unitPrice: money(1250) }],
    shippingAddress: {
      name,
      line1: street,
      city: 'Berlin',
      region: 'BE',
      postalCode: '10115',
      country: 'DE',
      phone,
      coordinates: { lat: 52.53, lng: 13.38 },
    },
    shippingFee: money(490),
    currency: 'EUR',
  };
}

const fold = (events: readonly RecordedEvent[]) =>
  toPersistedOrderState(
    events.reduce((state, event) => orderDecider.evolve(state, event as OrderEvent), orderDecider.initialState()),
  );

describe('erasing a customer on the embedded profile', () => {
  const bed = embeddedBed({ beforeEach, afterEach });
  let oms: StartedOms;

  async function lifecycle(customerId: string, name: string, street: string): Promise<string[]> {
    const { api } = oms;
    const orderIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const placed = await api.post<{ orderId: string }>('/orders', placeOrder(customerId, name, street));
      expect(placed.status).toBe(201);
      orderIds.push(placed.body.orderId);
    }
    const [first, second] = orderIds as [string, string];
    const steps = [
      { type: 'AuthorizePayment', paymentId: 'pay-1', amount: money(2990), method: 'card' },
      {
        type: 'AllocateOrder',
        allocations: [{ shipmentId: 's1', locationId: 'wh-1', lines: [{ lineId: '1', quantity: 2 }] }],
      },
      { type: 'CapturePayment', paymentId: 'pay-1' },
      { type: 'StartPicking', shipmentId: 's1' },
      { type: 'PackShipment', shipmentId: 's1', parcels: 1 },
      { type: 'DispatchShipment', shipmentId: 's1', carrier: 'dhl', trackingNumber: `T-${first}` },
      { type: 'RecordShipmentInTransit', shipmentId: 's1' },
      { type: 'RecordOutForDelivery', shipmentId: 's1' },
      { type: 'RecordDelivery', shipmentId: 's1', receivedBy: SIGNER },
    ];
    for (const step of steps) await api.command(first, step);
    const moved = { ...placeOrder(customerId, name, NEW_STREET).shippingAddress };
    await api.command(second, { type: 'ChangeShippingAddress', address: moved, reason: 'moved house' });
    await api.command(second, { type: 'CancelOrder', reason: 'changed mind' });
    return orderIds;
  }

  beforeEach(async () => {
    oms = await bed.start({ ORDINAL_ROUTER: 'off', ORDINAL_SNAPSHOT_EVERY: '2' });
  });

  it('leaves no byte of their name, phone, e-mail or street under the data directory, yet their orders replay and count', async () => {
    const { system, config } = oms;
    const erasedOrders = await lifecycle('cust-erased', NAME, STREET);
    const keptOrders = await lifecycle('cust-kept', OTHER_NAME, 'Lindenweg 3');
    const head = await system.events.headPosition();
    const tracking = system.readStore.collection<{
      id: string;
      orderId: string;
      revision: number;
      totals: { total: unknown };
    }>(ORDER_TRACKING_COLLECTION);
    await eventually(async () => {
      for (const orderId of [...erasedOrders, ...keptOrders]) {
        expect((await tracking.get(orderId))?.revision).toBe(await system.events.streamRevision(`order-${orderId}`));
      }
    });
    expect(head).toBeGreaterThan(0);
    const before = new Map(
      await Promise.all(erasedOrders.map(async (id) => [id, await system.events.readStream(`order-${id}`)] as const)),
    );
    const totalsBefore = await tracking.find({ customerId: 'cust-erased' });
    const ops = apiClient(system.url, config, { role: 'ops' });
    const kpisByRegion = async () => {
      const answer = await ops.get<{ groups: { orders: number }[] }>(
        // The bed's clock starts on 1 March 2025 and moves a second per reading.
        '/kpis?from=2025-03-01&to=2025-03-02&groupBy=region',
      );
      expect(answer.status).toBe(200);
      return answer.body.groups;
    };
    const kpisBefore = await eventually(async () => {
      const groups = await kpisByRegion();
      expect(groups.reduce((sum, group) => sum + group.orders, 0)).toBe(erasedOrders.length + keptOrders.length);
      return groups;
    });
    const repurchaseBefore = await eventually(async () => {
      const orders = system.readStore.collection<{ id: string; revision: number }>(REPURCHASE_ORDERS_COLLECTION);
      for (const orderId of erasedOrders) {
        expect((await orders.get(orderId))?.revision).toBe(await system.events.streamRevision(`order-${orderId}`));
      }
      const estimates = await readRepurchaseEstimates(system.readStore, 'cust-erased');
      expect(estimates?.skus.length).toBeGreaterThan(0);
      return estimates;
    });
    // The scan finds what is there: the risk view keeps the street in its address fingerprints until the erasure.
    expect((await leaks(bed.dir, [STREET])).some((leak) => leak.includes('read.db'))).toBe(true);
    expect(await leaks(bed.dir, [NAME, EMAIL, SIGNER])).toEqual([]);

    const privacy = apiClient(system.url, config, { role: 'privacy', sub: 'dpo-1' });
    const erased = await privacy.post<{ keysDestroyed: number; erasedBy: unknown }>('/customers/cust-erased/erase', {
      reason: 'GDPR art. 17 request 2025-118',
    });
    expect([erased.status, erased.body.keysDestroyed]).toEqual([200, 1]);
    expect(erased.body.erasedBy).toEqual({ kind: 'user', id: 'dpo-1', role: 'privacy' });

    for (const orderId of erasedOrders) {
      const after = await system.events.readStream(`order-${orderId}`);
      const was = before.get(orderId) ?? [];
      expect(after.map((e) => [e.eventId, e.type, e.revision, e.position])).toEqual(
        was.map((e) => [e.eventId, e.type, e.revision, e.position]),
      );
      const replayed = fold(after);
      const expected = fold(was);
      expect(replayed).toEqual({ value: expected.value, context: eraseOrderContext(expected.context) });
      expect(replayed.context.customer?.name).toBe(ERASED_MARKER);
    }
    await eventually(async () => {
      const docs = await tracking.find({ customerId: 'cust-erased' });
      expect(docs.map((doc) => (doc as unknown as { customer: { name: string } }).customer.name)).toEqual([
        ERASED_MARKER,
        ERASED_MARKER,
      ]);
      expect(docs.map((doc) => [doc.orderId, doc.totals.total])).toEqual(
        totalsBefore.map((doc) => [doc.orderId, doc.totals.total]),
      );
    });
    expect(await readRepurchaseEstimates(system.readStore, 'cust-erased')).toEqual(repurchaseBefore);
    // Their orders still count in every KPI: the erasure took no figure away.
    expect(await kpisByRegion()).toEqual(kpisBefore);
    const kept = await system.events.readStream(`order-${keptOrders[0]}`);
    expect(kept[0]?.data).toMatchObject({ customer: { name: OTHER_NAME } });

    // Orders and their command results after the erasure stay usable.
    expect(
      await oms.api.command(erasedOrders[0] as string, { type: 'TagOrder', tag: 'after-erasure' }),
    ).toBeGreaterThan(0);

    await system.close();
    // The order states cached every second revision are there, sealed.
    expect([...(await filesUnder(bed.dir)).keys()].some((file) => file.endsWith('snapshots.db'))).toBe(true);
    expect(await leaks(bed.dir, SECRETS)).toEqual([]);
    // The hash chains cover the sealed fields as stored, so destroying the key broke none of them.
    const printed = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await runVerify(config, { json: true })).toBe(0);
      expect(JSON.parse(String(printed.mock.calls.at(-1)?.[0]))).toMatchObject({ ok: true });
    } finally {
      printed.mockRestore();
    }

    const restarted = await bed.start({ ORDINAL_ROUTER: 'off', ORDINAL_SNAPSHOT_EVERY: '2' });
    const view = await restarted.api.get<{ customer: { name: string }; shippingAddress: { line1: string } }>(
      `/orders/${erasedOrders[1]}`,
    );
    expect([view.body.customer.name, view.body.shippingAddress.line1]).toEqual([ERASED_MARKER, ERASED_MARKER]);
    const other = await restarted.system.events.readStream(`order-${keptOrders[1]}`);
    expect(other[0]?.data).toMatchObject({ customer: { name: OTHER_NAME }, shippingAddress: { line1: 'Lindenweg 3' } });
  });
});
