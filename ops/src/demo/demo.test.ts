import { ORDER_TRACKING_COLLECTION, type OrderTrackingDocument } from '@ordinal/projections';
import { eventually } from '@ordinal/projections/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedSystem, startEmbedded } from '../embedded/embedded.ts';
import { steppingClock, type TempDataDir, tempDataDir, testConfig } from '../testing/data-dir.ts';
import { projectionHeads } from '../testing/projection-heads.ts';
import { type DemoSummary, runDemo } from './demo.driver.ts';
import { demoAuth } from './demo.http.ts';
import { type DemoOrderPlan, type DemoStory, planDemoOrder, seededRandom } from './demo.plan.ts';

const SEED = 10;
const ORDERS = 25;
const RUN_ID = 'e2e-demo';

function plans(seed: number, runId: string, count: number): DemoOrderPlan[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, n) => planDemoOrder(random, runId, n));
}

interface Money {
  readonly amount: number;
  readonly currency: string;
}
interface PlannedLine {
  readonly lineId: string;
  readonly quantity: number;
  readonly unitPrice: Money;
}

/** Σ quantity × unit price of the planned lines, plus shipping. */
function planTotal(plan: DemoOrderPlan): number {
  const lines = plan.place.lines as readonly PlannedLine[];
  return lines.reduce((sum, l) => sum + l.quantity * l.unitPrice.amount, (plan.place.shippingFee as Money).amount);
}

describe('planDemoOrder', () => {
  it('plans the same orders for the same seed, and other orders for another seed', () => {
    expect(plans(SEED, RUN_ID, 40)).toEqual(plans(SEED, RUN_ID, 40));
    expect(plans(SEED + 1, RUN_ID, 40)).not.toEqual(plans(SEED, RUN_ID, 40));
    expect(seededRandom(SEED)()).toBe(seededRandom(SEED)());
  });

  it('keys each order by run and number, and authorizes exactly the order total', () => {
    for (const [n, plan] of plans(SEED, 'run-x', 60).entries()) {
      expect(plan.key).toBe(`run-x-${n}`);
      const lines = plan.place.lines as readonly PlannedLine[];
      const currency = plan.place.currency;
      expect(new Set(lines.map((l) => l.lineId)).size).toBe(lines.length);
      expect(plan.steps[0]).toMatchObject({ type: 'AuthorizePayment', amount: { amount: planTotal(plan), currency } });
      const last = plan.steps[plan.steps.length - 1]?.type;
      expect(last).toBe(plan.story === 'cancelled' ? 'VoidPayment' : 'CompleteOrder');
      if (plan.story === 'line-cancelled') expect(lines.length).toBeGreaterThan(1);
    }
  });

  it('captures only what will ship: a cancelled line is left out of the capture', () => {
    const stories = plans(SEED, 'run-y', 200);
    const lineCancelled = stories.filter((plan) => plan.story === 'line-cancelled');
    expect(lineCancelled.length).toBeGreaterThan(0);
    for (const plan of stories) {
      const capture = plan.steps.find((step) => step.type === 'CapturePayment');
      if (plan.story === 'cancelled') {
        expect(capture).toBeUndefined();
        continue;
      }
      const lines = plan.place.lines as readonly PlannedLine[];
      const dropped = plan.story === 'line-cancelled' ? lines[lines.length - 1] : undefined;
      const expected = planTotal(plan) - (dropped === undefined ? 0 : dropped.quantity * dropped.unitPrice.amount);
      expect((capture?.amount as Money | undefined)?.amount ?? planTotal(plan)).toBe(expected);
    }
  });
});

describe('runDemo against the embedded OMS', () => {
  let dir: TempDataDir;
  let system: EmbeddedSystem;
  let summary: DemoSummary;
  const planned = plans(SEED, RUN_ID, ORDERS);
  const orderIdByKey = new Map<string, string>();

  beforeAll(async () => {
    dir = await tempDataDir();
    system = await startEmbedded(testConfig(dir.path), steppingClock());
    summary = await runDemo({
      url: system.url,
      auth: demoAuth(testConfig(dir.path)),
      orders: ORDERS,
      concurrency: 4,
      stepDelayMs: 0,
      seed: SEED,
      runId: RUN_ID,
      onOrderDone: (plan, orderId, result, detail) => {
        if (result === 'failed') throw new Error(`${plan.key} (${plan.story}) failed: ${detail}`);
        orderIdByKey.set(plan.key, orderId);
      },
    });
    await eventually(async () => {
      const status = await system.readSide.status();
      const heads = await projectionHeads(system.events);
      for (const projection of status.projections) expect(projection.lastPosition).toBe(heads.get(projection.name));
    });
  }, 60_000);

  afterAll(async () => {
    await system?.close();
    await dir?.remove();
  });

  it('walks every order to the end', () => {
    expect(new Set(planned.map((p) => p.story))).toEqual(
      new Set<DemoStory>(['delivered', 'cancelled', 'line-cancelled', 'redelivered', 'returned']),
    );
    const commands = planned.reduce((sum, plan) => sum + plan.steps.length, 0);
    expect(summary).toMatchObject({ placed: ORDERS, completed: ORDERS, failed: 0, commands });
    expect(new Set(summary.orderIds)).toEqual(new Set(orderIdByKey.values()));
    expect(orderIdByKey.size).toBe(ORDERS);
  });

  it('leaves each order in the state its story implies, in the log and in the tracking view', async () => {
    const tracking = system.readStore.collection<OrderTrackingDocument>(ORDER_TRACKING_COLLECTION);
    for (const plan of planned) {
      const orderId = orderIdByKey.get(plan.key) ?? '';
      const events = await system.events.readStream(`order-${orderId}`);
      const types = events.map((e) => e.type);
      const view = await tracking.get(orderId);
      const label = `${plan.key} (${plan.story})`;
      expect(view?.revision, label).toBe(events.length);
      if (view === undefined) continue;
      const lines = plan.place.lines as readonly PlannedLine[];
      const total = planTotal(plan);
      const { totals } = view;

      if (plan.story === 'cancelled') {
        expect(view.status, label).toEqual({ main: 'cancelled', payment: 'voided', returns: 'none' });
        expect(totals.captured.amount, label).toBe(0);
        expect(types, label).toContain('OrderCancelled');
        expect(types, label).not.toContain('ShipmentDispatched');
        continue;
      }
      const returned = plan.story === 'returned';
      expect(view.status, label).toEqual({
        main: 'completed',
        payment: returned ? 'partiallyRefunded' : 'captured',
        returns: returned ? 'refunded' : 'none',
      });
      expect(view.milestones.completedAt, label).toBeDefined();
      const cancelledLine = plan.story === 'line-cancelled' ? lines[lines.length - 1] : undefined;
      for (const line of view.lines) {
        const cancelled = line.lineId === cancelledLine?.lineId ? line.quantity : 0;
        expect(
          { line: line.lineId, cancelled: line.cancelledQuantity, delivered: line.deliveredQuantity },
          label,
        ).toEqual({ line: line.lineId, cancelled, delivered: line.quantity - cancelled });
      }
      // What was captured is what the customer got: the lines not cancelled, plus shipping.
      const cancelledValue = cancelledLine === undefined ? 0 : cancelledLine.quantity * cancelledLine.unitPrice.amount;
      expect(totals.captured.amount, label).toBe(total - cancelledValue);
      if (returned) {
        const refund = lines[0]?.unitPrice.amount;
        expect(totals.refunded.amount, label).toBe(refund);
        expect(view.lines[0]?.returnedQuantity, label).toBe(1);
      } else {
        expect(totals.refunded.amount, label).toBe(0);
      }
      if (plan.story === 'redelivered') {
        expect(
          types.filter((t) => t === 'DeliveryFailed'),
          label,
        ).toHaveLength(1);
        expect(view.shipments[0]?.deliveryAttempts, label).toBe(2);
      }
    }
  });

  it('never refunds more than was captured, nor captures more than was authorized', async () => {
    const all = await system.events.readAll();
    const sums = new Map<string, { authorized: number; captured: number; refunded: number }>();
    // The orders' streams: the demo's sales also raise alerts, in streams of their own.
    for (const event of all.filter((e) => e.streamId.startsWith('order-'))) {
      const sum = sums.get(event.streamId) ?? { authorized: 0, captured: 0, refunded: 0 };
      const amount = (event.data as { amount?: Money }).amount?.amount ?? 0;
      if (event.type === 'PaymentAuthorized') sum.authorized += amount;
      if (event.type === 'PaymentCaptured') sum.captured += amount;
      if (event.type === 'RefundIssued') sum.refunded += amount;
      sums.set(event.streamId, sum);
      // Checked after every event, so the order of payment events counts too.
      expect(sum.refunded, event.streamId).toBeLessThanOrEqual(sum.captured);
      expect(sum.captured, event.streamId).toBeLessThanOrEqual(sum.authorized);
    }
    expect(sums.size).toBe(ORDERS);
  });

  it('adds nothing when the same run is played again (idempotency keys)', async () => {
    const head = await system.events.headPosition();
    const views = system.readStore.storedDocuments(ORDER_TRACKING_COLLECTION);
    const again = await runDemo({
      url: system.url,
      auth: demoAuth(testConfig(dir.path)),
      orders: ORDERS,
      concurrency: 4,
      stepDelayMs: 0,
      seed: SEED,
      runId: RUN_ID,
    });
    expect(again).toMatchObject({ placed: ORDERS, completed: ORDERS, failed: 0 });
    expect(new Set(again.orderIds)).toEqual(new Set(summary.orderIds));
    expect(await system.events.headPosition()).toBe(head);
    expect(system.readStore.storedDocuments(ORDER_TRACKING_COLLECTION)).toEqual(views);
  });
});
