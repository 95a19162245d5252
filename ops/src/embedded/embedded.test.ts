import { existsSync } from 'node:fs';
import { ORDER_TRACKING_COLLECTION } from '@ordinal/projections';
import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { steppingClock, type TempDataDir, tempDataDir, testConfig } from '../testing/data-dir.ts';
import { type ApiClient, apiClient } from '../testing/http-client.ts';
import { projectionHeads } from '../testing/projection-heads.ts';
import { type EmbeddedSystem, embeddedFiles, startEmbedded } from './embedded.ts';

const PLACE_ORDER = {
  customer: { customerId: 'cust-e2e', name: 'Jane Doe', email: 'jane@example.com' },
  channel: { salesChannel: 'webshop', externalOrderId: 'WEB-1' },
  lines: [
    { lineId: '1', sku: 'SKU-RED', name: 'Red mug', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } },
    { lineId: '2', sku: 'SKU-BLUE', name: 'Blue mug', quantity: 1, unitPrice: { amount: 1500, currency: 'EUR' } },
  ],
  shippingAddress: { name: 'Jane Doe', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
  shippingFee: { amount: 490, currency: 'EUR' },
  currency: 'EUR',
};
const TOTAL = 2 * 1250 + 1500 + 490;

interface ReadyBody {
  readonly ready: boolean;
  readonly checks: {
    readonly eventStore: { readonly head: number };
    readonly relay: { readonly running: boolean; readonly checkpoint: number; readonly lagPositions: number };
    readonly projections: readonly {
      readonly name: string;
      readonly running: boolean;
      readonly lastPosition: number;
    }[];
    readonly parked: number;
    readonly liveActors: number;
  };
}

interface HistoryBody {
  readonly orderId: string;
  readonly revision: number;
  readonly events: readonly { readonly type: string; readonly revision: number; readonly position: number }[];
}

describe('startEmbedded', () => {
  let dir: TempDataDir;
  let system: EmbeddedSystem | undefined;
  const clock = steppingClock();

  beforeEach(async () => {
    dir = await tempDataDir();
  });

  afterEach(async () => {
    await system?.close();
    system = undefined;
    await dir.remove();
  });

  async function start(): Promise<{ system: EmbeddedSystem; api: ApiClient }> {
    system = await startEmbedded(testConfig(dir.path), clock);
    return { system, api: apiClient(system.url, testConfig(dir.path)) };
  }

  /** Waits until the relay and every projection have passed the log's head. */
  async function caughtUp(api: ApiClient): Promise<ReadyBody> {
    return eventually(async () => {
      const ready = await api.get<ReadyBody>('/ready');
      const { checks } = ready.body;
      expect(ready.status).toBe(200);
      expect(checks.relay.checkpoint).toBe(checks.eventStore.head);
      const heads = await projectionHeads(system!.events);
      for (const projection of checks.projections) expect(projection.lastPosition).toBe(heads.get(projection.name));
      return ready.body;
    });
  }

  it('registers a location, receives stock and shows it in the inventory view', async () => {
    const { api } = await start();
    const location = {
      locationId: 'wh-lyon',
      name: 'Lyon DC',
      kind: 'warehouse',
      coordinates: { lat: 45.76, lng: 4.84 },
      region: 'FR-ARA',
      country: 'FR',
      capabilities: ['fragile'],
      dailyCapacity: 800,
      active: true,
    };
    expect((await api.post('/locations', location)).status).toBe(201);
    const received = await api.post<{ revision: number }>('/inventory/SKU-RED/commands', {
      type: 'ReceiveStock',
      locationId: 'wh-lyon',
      quantity: 40,
      reference: 'PO-100',
    });
    expect(received.status).toBe(200);
    await caughtUp(api);
    const view = await api.get<Record<string, unknown>>('/inventory/SKU-RED');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      sku: 'SKU-RED',
      revision: 1,
      locations: [
        { locationId: 'wh-lyon', name: 'Lyon DC', kind: 'warehouse', region: 'FR-ARA', onHand: 40, available: 40 },
      ],
      regions: [{ region: 'FR-ARA', onHand: 40, reserved: 0, available: 40 }],
      totals: { onHand: 40, reserved: 0, available: 40 },
    });
    expect((await api.get('/locations/wh-lyon')).body).toMatchObject({ name: 'Lyon DC', revision: 1 });
  });

  it('takes an order over HTTP, walks it through fulfilment and shows it in the tracking view', async () => {
    const { system, api } = await start();
    expect(system.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(embeddedFiles(dir.path).events)).toBe(true);

    const placed = await api.post<{ orderId: string; revision: number }>('/orders', PLACE_ORDER, {
      'idempotency-key': 'e2e-place-1',
    });
    expect(placed.status).toBe(201);
    // OrderPlaced, RulesApplied (the default rule set, nothing matched), OrderConfirmed.
    expect(placed.body.revision).toBe(3);
    const { orderId } = placed.body;
    expect(placed.headers.get('location')).toContain(orderId);

    const steps = [
      { type: 'AuthorizePayment', paymentId: 'pay-1', amount: { amount: TOTAL, currency: 'EUR' }, method: 'card' },
      {
        type: 'AllocateOrder',
        allocations: [
          {
            shipmentId: 'shp-1',
            locationId: 'wh-lyon',
            lines: [
              { lineId: '1', quantity: 2 },
              { lineId: '2', quantity: 1 },
            ],
          },
        ],
      },
      { type: 'CapturePayment', paymentId: 'pay-1' },
      { type: 'StartPicking', shipmentId: 'shp-1' },
      { type: 'PackShipment', shipmentId: 'shp-1', parcels: 1 },
      { type: 'DispatchShipment', shipmentId: 'shp-1', carrier: 'colissimo', trackingNumber: 'CO123' },
    ];
    let revision = placed.body.revision;
    for (const [i, step] of steps.entries()) {
      const next = await api.command(orderId, step, `e2e-step-${i}`);
      expect(next).toBe(revision + 1);
      revision = next;
    }

    const view = await api.viewAt(orderId, revision);
    expect(view.status).toEqual({ main: 'fulfilment.shipped', payment: 'captured', returns: 'none' });
    expect(view.totals.captured).toEqual({ amount: TOTAL, currency: 'EUR' });
    expect(view.customer).toMatchObject({ customerId: 'cust-e2e', email: 'j***@example.com' });

    const history = await api.get<HistoryBody>(`/orders/${orderId}/events`);
    expect(history.body.revision).toBe(revision);
    expect(history.body.events.map((e) => `${e.revision}:${e.type}`)).toEqual([
      '1:OrderPlaced',
      '2:RulesApplied',
      '3:OrderConfirmed',
      '4:PaymentAuthorized',
      '5:OrderAllocated',
      '6:PaymentCaptured',
      '7:PickingStarted',
      '8:ShipmentPacked',
      '9:ShipmentDispatched',
    ]);
    const asOf = await api.get<{ revision: number; status: unknown }>(`/orders/${orderId}/state?revision=4`);
    expect(asOf.body).toMatchObject({
      revision: 4,
      status: { main: 'confirmed', payment: 'authorized', returns: 'none' },
    });

    const listed = await api.get<{ items: { orderId: string; revision: number }[] }>('/orders?customerId=cust-e2e');
    expect(listed.body.items).toEqual([expect.objectContaining({ orderId, revision })]);

    const ready = await caughtUp(api);
    expect(ready.ready).toBe(true);
    expect(ready.checks.eventStore.head).toBe(revision);
    expect(ready.checks.relay).toEqual({ running: true, checkpoint: revision, lagPositions: 0 });
    expect(ready.checks.projections.map((p) => p.name).sort()).toEqual([
      'alerts',
      'approvalQueue',
      'availableToPromise',
      'channelMappings',
      'kpis',
      'locations',
      'orderTracking',
      'parkedCarrierPayloads',
      'parkedIntake',
      'repurchaseEstimates',
      'riskAccounts',
      'routingPolicies',
      'shipmentsByTracking',
    ]);
    const tracking = ready.checks.projections.find((p) => p.name === 'orderTracking');
    expect(tracking).toEqual({ name: 'orderTracking', running: true, lastPosition: revision, lagPositions: 0 });
    expect(ready.checks.parked).toBe(0);
    expect(ready.checks.liveActors).toBe(1);
    expect(await system.orderCount()).toBe(1);
  });

  it('finds every order again after a restart on the same data directory, without re-applying the read side', async () => {
    const first = await start();
    const placed = await first.api.post<{ orderId: string; revision: number }>('/orders', PLACE_ORDER, {
      'idempotency-key': 'e2e-restart-1',
    });
    const { orderId } = placed.body;
    const authorize = {
      type: 'AuthorizePayment',
      paymentId: 'pay-1',
      amount: { amount: TOTAL, currency: 'EUR' },
      method: 'card',
    };
    const authorized = await first.api.post(`/orders/${orderId}/commands`, authorize, {
      'idempotency-key': 'e2e-restart-authorize',
    });
    expect(authorized.status).toBe(200);
    const allocated = await first.api.command(orderId, {
      type: 'AllocateOrder',
      allocations: [
        {
          shipmentId: 'shp-1',
          locationId: 'wh-lyon',
          lines: [
            { lineId: '1', quantity: 2 },
            { lineId: '2', quantity: 1 },
          ],
        },
      ],
    });
    expect(allocated).toBe(5);
    const viewBefore = await first.api.viewAt(orderId, allocated);
    await caughtUp(first.api);
    const historyBefore = await first.api.get<HistoryBody>(`/orders/${orderId}/events`);
    const trackingBefore = first.system.readStore.storedDocuments(ORDER_TRACKING_COLLECTION);
    const customerBefore = await first.api.get('/customers/cust-e2e/orders');
    expect(customerBefore.status).toBe(200);
    const checkpointsBefore = first.system.readStore.storedDocuments('checkpoints');
    await first.system.close();
    // Closing twice is harmless (the CLI and a test's afterEach may both do it).
    await first.system.close();
    system = undefined;

    const second = await start();
    expect(await second.system.orderCount()).toBe(1);
    const view = await second.api.get<Record<string, unknown>>(`/orders/${orderId}`);
    expect(view.status).toBe(200);
    expect(view.headers.get('x-ordinal-view-behind')).toBe('false');
    expect(view.body).toEqual(viewBefore);
    const history = await second.api.get<HistoryBody>(`/orders/${orderId}/events`);
    expect(history.body).toEqual(historyBefore.body);
    expect(history.body.events.map((e) => e.type)).toEqual([
      'OrderPlaced',
      'RulesApplied',
      'OrderConfirmed',
      'PaymentAuthorized',
      'OrderAllocated',
    ]);
    const state = await second.api.get<{ revision: number; status: unknown }>(`/orders/${orderId}/state`);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      revision: 5,
      status: { main: 'allocated', payment: 'authorized', returns: 'none' },
    });

    // The read side resumed from its checkpoint: nothing was re-published or re-applied.
    const ready = await second.api.get<ReadyBody>('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.relay).toEqual({ running: true, checkpoint: 5, lagPositions: 0 });
    expect(second.system.readStore.storedDocuments(ORDER_TRACKING_COLLECTION)).toEqual(trackingBefore);
    expect((await second.api.get('/customers/cust-e2e/orders')).body).toEqual(customerBefore.body);
    expect(second.system.readStore.storedDocuments('checkpoints')).toEqual(checkpointsBefore);

    // A command retried after the restart is answered from the log, even behind a later one.
    const retried = await second.api.post(`/orders/${orderId}/commands`, authorize, {
      'idempotency-key': 'e2e-restart-authorize',
    });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(authorized.body);
    expect(await second.system.events.headPosition()).toBe(5);

    // The actor rehydrates from its stream: the next command continues at revision 6.
    expect(await second.api.command(orderId, { type: 'CapturePayment', paymentId: 'pay-1' })).toBe(6);
    const rest = [
      { type: 'StartPicking', shipmentId: 'shp-1' },
      { type: 'PackShipment', shipmentId: 'shp-1', parcels: 1 },
      { type: 'DispatchShipment', shipmentId: 'shp-1', carrier: 'colissimo', trackingNumber: 'CO123' },
      { type: 'RecordShipmentInTransit', shipmentId: 'shp-1', location: 'Lyon hub' },
      { type: 'RecordOutForDelivery', shipmentId: 'shp-1' },
      { type: 'RecordDelivery', shipmentId: 'shp-1', receivedBy: 'Jane Doe' },
      { type: 'CompleteOrder' },
      { type: 'CloseOrder' },
    ];
    let revision = 6;
    for (const step of rest) revision = await second.api.command(orderId, step);
    expect(revision).toBe(14);
    const closed = await second.api.viewAt(orderId, 14);
    expect(closed.status).toEqual({ main: 'closed', payment: 'captured', returns: 'none' });

    // Only the new events went through the read side, each applied once.
    await caughtUp(second.api);
    const status = await second.system.readSide.status();
    expect(status.relay?.published).toBe(9);
    // Only order events were written: the stock, location, channel, carrier and policy projections received none.
    const applied: Record<string, number> = {
      orderTracking: 9,
      availableToPromise: 0,
      locations: 0,
      parkedIntake: 0,
      channelMappings: 0,
      parkedCarrierPayloads: 0,
      routingPolicies: 0,
      alerts: 0,
      // It takes every order event and writes on ShipmentDispatched only.
      shipmentsByTracking: 9,
      // It takes every order event: the order's risk document moves to each revision.
      riskAccounts: 9,
      // The same: the order's repurchase document moves to each revision.
      repurchaseEstimates: 9,
      // It takes every order event and writes only for orders asked for an approval (none here).
      approvalQueue: 9,
      // It takes every order event: the order's KPI facts move to each revision.
      kpis: 9,
    };
    for (const runner of status.projections) {
      expect({ name: runner.name, applied: runner.applied, duplicates: runner.duplicates }).toEqual({
        name: runner.name,
        applied: applied[runner.name],
        duplicates: 0,
      });
    }
  });

  it('answers a retried PlaceOrder from the first answer across a restart', async () => {
    const first = await start();
    const placed = await first.api.post('/orders', PLACE_ORDER, { 'idempotency-key': 'e2e-retry-1' });
    expect(placed.status).toBe(201);
    await first.system.close();
    system = undefined;

    const second = await start();
    const retried = await second.api.post('/orders', PLACE_ORDER, { 'idempotency-key': 'e2e-retry-1' });
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(placed.body);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.system.events.headPosition()).toBe(3);
  });

  it('loses nothing committed when closed with requests in flight: the next start projects every order', async () => {
    const first = await start();
    const answers = Array.from({ length: 24 }, (_, i) =>
      first.api
        .post<{ orderId: string; revision: number }>(
          '/orders',
          { ...PLACE_ORDER, customer: { ...PLACE_ORDER.customer, customerId: `cust-burst-${i % 3}` } },
          { 'idempotency-key': `burst-${i}` },
        )
        .catch(() => undefined),
    );
    await Promise.race(answers);
    await first.system.close();
    system = undefined;
    const acknowledged = (await Promise.all(answers)).filter((answer) => answer?.status === 201);
    expect(acknowledged.length).toBeGreaterThan(0);

    const second = await start();
    const committed = new Set((await second.system.events.readAll()).map((event) => event.streamId));
    for (const answer of acknowledged) {
      expect(committed).toContain(`order-${answer?.body.orderId}`);
      await second.api.viewAt(answer?.body.orderId ?? '', 3);
    }
    await eventually(async () => expect(await second.system.orderCount()).toBe(committed.size));
    // Every committed order is in its customer's list, which is read from orderTracking.
    const lists = await Promise.all(
      [0, 1, 2].map((i) => second.api.get<{ items: unknown[] }>(`/customers/cust-burst-${i}/orders?limit=500`)),
    );
    const listed = lists.flatMap((list) => (list.status === 200 ? list.body.items : []));
    expect(listed).toHaveLength(committed.size);
  });
});
