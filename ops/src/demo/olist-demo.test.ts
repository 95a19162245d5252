import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figuresOf, foldInventory, type InventoryEvent, inventoryStreamId, stockAt } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runOlistDemoCommand } from '../cli/olist-demo.command.ts';
import { loadOlist, type OlistData } from '../datasets/olist/olist.loader.ts';
import { olistDir, olistPresent } from '../datasets/olist/olist.paths.ts';
import { type EmbeddedSystem, startEmbedded } from '../embedded/embedded.ts';
import { steppingClock, type TempDataDir, tempDataDir, testConfig } from '../testing/data-dir.ts';
import { demoAuth } from './demo.http.ts';
import { type OlistDemoSummary, runOlistDemo } from './olist-demo.driver.ts';
import { type OlistDemoPlan, planOlistDemo } from './olist-demo.plan.ts';

const dir = olistDir();
const present = olistPresent(dir);
if (!present) console.warn(`Olist data set not found at ${dir} (set ORDINAL_OLIST_DIR): the Olist demo is skipped.`);

const ORDERS = 12;
const SEED = 5;

interface Allocated {
  readonly routing: {
    readonly input: { readonly destination: { readonly region: string; readonly country: string } };
    readonly decision: { readonly plan: readonly { readonly locationId: string; readonly distanceKm: number }[] };
  };
}

describe('ordinal demo --olist without the data set', () => {
  it('says where to put it and which variable to set, and starts nothing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ordinal-no-olist-'));
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
      errors.push(String(line));
    });
    try {
      const config = { ...testConfig(join(empty, 'data')), olistDir: empty };
      expect(await runOlistDemoCommand(config, { olist: true, orders: '3' })).toBe(1);
    } finally {
      spy.mockRestore();
      await rm(empty, { recursive: true, force: true });
    }
    expect(errors.join('\n')).toMatch(/The Olist data set is not in .*olist_orders_dataset\.csv/s);
    expect(errors.join('\n')).toMatch(/ORDINAL_OLIST_DIR/);
  });
});

describe.skipIf(!present)('ordinal demo --olist against the embedded OMS', () => {
  let data: TempDataDir;
  let system: EmbeddedSystem;
  let olist: OlistData;
  let plan: OlistDemoPlan;
  let summary: OlistDemoSummary;

  beforeAll(async () => {
    olist = await loadOlist(dir);
    plan = planOlistDemo(olist, ORDERS, SEED, 'olist-test');
    data = await tempDataDir();
    system = await startEmbedded(testConfig(data.path), steppingClock());
    summary = await runOlistDemo({
      url: system.url,
      auth: demoAuth(testConfig(data.path)),
      plan,
      runId: 'olist-test',
      concurrency: 4,
    });
  }, 90_000);

  afterAll(async () => {
    await system?.close();
    await data?.remove();
  });

  it('plans real orders with Brazilian addresses, and the same plan for the same seed', () => {
    expect(plan.orders).toHaveLength(ORDERS);
    const sellerStates = new Set(olist.locations.map((l) => l.region));
    for (const order of plan.orders) {
      const address = order.place.shippingAddress as Record<string, string>;
      expect(address.country).toBe('BR');
      expect(address.postalCode).toMatch(/^\d{5}$/);
      expect(address.region).toMatch(/^[A-Z]{2}$/);
      // A seller in the customer's state, if Olist has one there, so the address can be placed in its region.
      const local = plan.locations.some((l) => l.region === address.region);
      expect(local).toBe(sellerStates.has(address.region!));
    }
    expect(planOlistDemo(olist, ORDERS, SEED, 'olist-test')).toEqual(plan);
    expect(planOlistDemo(olist, ORDERS, SEED + 1, 'olist-test')).not.toEqual(plan);
  });

  it('decides every order: routed from the registered sellers, or held', () => {
    expect(summary).toMatchObject({ placed: ORDERS, failed: 0, undecided: 0 });
    expect(summary.routed + summary.held).toBe(ORDERS);
    expect(summary.routed).toBeGreaterThan(0);
    const registered = new Set(plan.locations.map((l) => l.locationId));
    const stocked = new Set(plan.receipts.map((r) => r.sku));
    for (const { olistOrderId, outcome } of summary.orders) {
      const order = plan.orders.find((o) => o.olistOrderId === olistOrderId)!;
      const skus = (order.place.lines as { sku: string }[]).map((l) => l.sku);
      // A product no seller received cannot ship: its order is held; a routed order's products all have stock.
      if (skus.some((sku) => !stocked.has(sku))) expect(outcome.kind, olistOrderId).toBe('held');
      if (outcome.kind === 'routed') {
        expect(skus.every((sku) => stocked.has(sku))).toBe(true);
        for (const shipment of outcome.shipments) expect(registered.has(shipment.locationId)).toBe(true);
      }
    }
  });

  it('sums up what the log records: shipments, splits, distances, the customer state as destination', async () => {
    const shipments: number[] = [];
    let split = 0;
    for (const { orderId, outcome } of summary.orders) {
      const events = await system.events.readStream(`order-${orderId}`);
      const allocated = events.find((e) => e.type === 'OrderAllocated');
      expect(allocated === undefined, orderId).toBe(outcome.kind !== 'routed');
      if (allocated === undefined) {
        expect(events.some((e) => e.type === 'OrderHeld')).toBe(true);
        continue;
      }
      const { routing } = allocated.data as Allocated;
      const placed = events[0]!.data as { shippingAddress: { region: string } };
      expect(routing.input.destination).toMatchObject({ region: placed.shippingAddress.region, country: 'BR' });
      shipments.push(...routing.decision.plan.map((s) => s.distanceKm));
      if (routing.decision.plan.length > 1) split += 1;
    }
    expect(summary.split).toBe(split);
    expect(summary.splitRate).toBeCloseTo(split / summary.routed);
    expect(summary.meanDistanceKm).toBeCloseTo(shipments.reduce((a, b) => a + b, 0) / shipments.length);
  });

  it('reserves exactly what the routed orders hold, never more than was received', async () => {
    const wanted = new Map<string, number>();
    for (const { olistOrderId, outcome } of summary.orders) {
      if (outcome.kind !== 'routed') continue;
      const order = plan.orders.find((o) => o.olistOrderId === olistOrderId)!;
      for (const line of order.place.lines as { sku: string; quantity: number }[]) {
        wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);
      }
    }
    for (const sku of plan.catalogue.keys()) {
      const state = foldInventory(
        (await system.events.readStream(inventoryStreamId(sku))) as unknown as InventoryEvent[],
      );
      let reserved = 0;
      for (const locationId of Object.keys(state.locations)) {
        const figures = figuresOf(stockAt(state, locationId));
        expect(figures.available).toBeGreaterThanOrEqual(0);
        reserved += figures.reserved;
      }
      expect(reserved, sku).toBe(wanted.get(sku) ?? 0);
    }
  });

  it('adds nothing when the same run is played again', async () => {
    const head = await system.events.headPosition();
    const again = await runOlistDemo({
      url: system.url,
      auth: demoAuth(testConfig(data.path)),
      plan,
      runId: 'olist-test',
      concurrency: 4,
    });
    expect(again.orders.map((o) => o.orderId).sort()).toEqual(summary.orders.map((o) => o.orderId).sort());
    expect({ routed: again.routed, held: again.held }).toEqual({ routed: summary.routed, held: summary.held });
    expect(await system.events.headPosition()).toBe(head);
  });
});
