import { randomUUID } from 'node:crypto';
import {
  type AlertCommand,
  type AlertEvent,
  type AlertRaised,
  type AlertState,
  alertDecider,
  alertRuleSetDecider,
  DEFAULT_ALERT_RULE_SET,
  type DomainEvent,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  orderDecider,
  type RecordedEvent,
} from '@ordinal/domain';
import { placeOrderCommand } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { ActorHost } from '../host/actor-host.ts';
import { envelope } from '../host/counter.fixture.ts';
import { hostTestBed } from '../host/temp-store.fixture.ts';
import { AlertEvaluator } from './alert-evaluator.process.ts';

const bed = hostTestBed();
const NOW = Date.parse('2026-12-04T12:00:00.000Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** Order and alert hosts on the bed's SQLite store, an evaluator on them, and a clock to move. */
function system(options: { onImport?: boolean } = {}) {
  let now = NOW;
  const clock = () => new Date(now);
  const orders = bed.track(
    new ActorHost<OrderCommand, OrderEvent, OrderState>({ store: bed.store, decider: orderDecider, clock }),
  );
  const alerts = bed.track(
    new ActorHost<AlertCommand, AlertEvent, AlertState>({ store: bed.store, decider: alertDecider, clock }),
  );
  const errors: unknown[] = [];
  const evaluators: AlertEvaluator[] = [];
  return {
    orders,
    alerts,
    errors,
    advance(ms: number) {
      now += ms;
    },
    async start() {
      const evaluator = new AlertEvaluator({
        events: bed.store,
        alerts,
        clock,
        intervalMs: 0,
        ...options,
        onError: (error) => errors.push(error),
      });
      evaluators.push(evaluator);
      evaluator.start();
      await until(() => evaluator.caughtUp);
      return evaluator;
    },
    async stopAll() {
      await Promise.all(evaluators.splice(0).map((e) => e.stop()));
    },
    /** Places an order of `units` of `sku` at `at` (business time). */
    async place(orderId: string, sku: string, units: number, at: number, promisedBy?: number) {
      const command = placeOrderCommand({
        orderId,
        lines: [{ sku, name: sku, quantity: units, unitPrice: eur(1000) }],
        ...(promisedBy === undefined ? {} : { promisedBy: new Date(promisedBy).toISOString() }),
      });
      const outcome = await orders.execute(envelope(command, { occurredAt: new Date(at).toISOString() }));
      if (outcome.status !== 'accepted') throw new Error(`${outcome.rejection.code}: ${outcome.rejection.message}`);
    },
    async cancel(orderId: string) {
      const outcome = await orders.execute(envelope({ type: 'CancelOrder', orderId, reason: 'customer asked' }));
      if (outcome.status !== 'accepted') throw new Error(`${outcome.rejection.code}: ${outcome.rejection.message}`);
    },
  };
}

async function alertEvents(): Promise<RecordedEvent<AlertEvent>[]> {
  const all = await bed.store.readAll({ afterPosition: 0, maxCount: 10_000, streamPrefixes: ['alert-'] });
  return all as RecordedEvent<AlertEvent>[];
}

async function raised(): Promise<AlertRaised['data'][]> {
  return (await alertEvents()).flatMap((e) => (e.type === 'AlertRaised' ? [e.data] : []));
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('never happened');
}

describe('the alert evaluator', () => {
  it('raises a SKU surge only above +50%: exactly +50% stays quiet, one unit more raises it once', async () => {
    const s = system();
    await s.start();
    // Steady sales before: 9 units (new demand below the minimum), then 10 (+11%).
    await s.place('o-0', 'SKU-S', 9, NOW - 23 * DAY);
    await s.place('o-1', 'SKU-S', 10, NOW - 10 * DAY);
    await s.place('o-2', 'SKU-S', 15, NOW - DAY);
    await s.place('o-3', 'SKU-T', 9, NOW - DAY);
    // Exactly +50% (15 against 10) and 9 units of new demand (below the minimum): nothing.
    await s.place('o-4', 'SKU-U', 1, NOW);
    await until(async () => (await bed.store.headPosition()) > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await raised()).toEqual([]);
    await s.place('o-5', 'SKU-S', 1, NOW);
    await until(async () => (await raised()).length === 1);
    const [alert] = await raised();
    expect(alert).toMatchObject({
      alertId: 'sku-sales-surge.SKU-S.2026-12-04',
      rule: { ruleSet: 'default', version: 1, ruleId: 'sku-sales-surge', kind: 'skuSalesSurge' },
      subject: { kind: 'sku', id: 'SKU-S' },
      figures: { recentUnits: 16, previousUnits: 10, changePercent: 60, basis: 'increase' },
      evaluatedAt: new Date(NOW).toISOString(),
      notify: { audience: 'purchasing' },
    });
    // Still surging: more sales raise nothing new while the alert is open.
    await s.place('o-6', 'SKU-S', 5, NOW);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await raised()).toHaveLength(1);
    expect(s.errors).toEqual([]);
  });

  it('raises new demand from the minimum units when nothing sold the week before', async () => {
    const s = system();
    await s.start();
    await s.place('o-1', 'SKU-N', 6, NOW - 2 * DAY);
    await s.place('o-2', 'SKU-N', 4, NOW);
    await until(async () => (await raised()).length === 1);
    expect((await raised())[0]?.figures).toMatchObject({ recentUnits: 10, previousUnits: 0, basis: 'new-demand' });
  });

  it('raises an SLA breach at the scheduled check and resolves it when the order ends', async () => {
    const s = system();
    await s.place('o-late', 'SKU-L', 1, NOW - 50 * HOUR);
    await s.place('o-fresh', 'SKU-L', 1, NOW - HOUR);
    const evaluator = await s.start();
    expect(await evaluator.check()).toBe(1);
    expect((await raised()).map((a) => a.alertId)).toEqual(['sla-breach.o-late.ship']);
    expect((await raised())[0]?.figures).toMatchObject({ promise: 'ship', hoursLate: 2 });
    await s.cancel('o-late');
    await until(async () => {
      await evaluator.check();
      return (await alertEvents()).some((e) => e.type === 'AlertResolved');
    });
    const resolved = (await alertEvents()).find((e) => e.type === 'AlertResolved');
    expect(resolved?.data).toMatchObject({ how: 'condition-cleared', reason: 'the order ended' });
  });

  it('raises nothing again after a restart: the history read at start only rebuilds the windows', async () => {
    const s = system();
    await s.start();
    await s.place('o-1', 'SKU-R', 12, NOW);
    await until(async () => (await raised()).length === 1);
    await s.stopAll();
    const again = await s.start();
    await again.check();
    expect(await raised()).toHaveLength(1);
    expect(s.errors).toEqual([]);
  });

  it('leaves imported history out unless asked, and evaluates it when asked', async () => {
    const imported = (orderId: string): DomainEvent => ({
      eventId: randomUUID(),
      type: 'OrderPlaced',
      data: {
        ...placeOrderCommand({ orderId }),
        lines: [{ lineId: '1', sku: 'SKU-I', name: 'I', quantity: 30, unitPrice: eur(100) }],
        total: eur(3000),
        placedAt: new Date(NOW).toISOString(),
      },
      metadata: {
        schemaVersion: 1,
        occurredAt: new Date(NOW).toISOString(),
        correlationId: orderId,
        causationId: orderId,
        actor: { kind: 'system', component: 'import' },
        import: { source: 'test', runId: 'run-1' },
      },
    });
    const quiet = system();
    const evaluator = await quiet.start();
    await bed.store.append('order-i-1', [imported('i-1')], 'no-stream');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await evaluator.check();
    expect(await raised()).toEqual([]);
    await quiet.stopAll();
    const asked = system({ onImport: true });
    await asked.start();
    await bed.store.append('order-i-2', [imported('i-2')], 'no-stream');
    await until(async () => (await raised()).length === 1);
    expect((await raised())[0]?.subject).toEqual({ kind: 'sku', id: 'SKU-I' });
  });

  it('raises a location late-rate jump from deliveries, at the time of the delivery that makes it', async () => {
    const s = system();
    await s.start();
    const event = (type: string, data: unknown, at: number): DomainEvent => ({
      eventId: randomUUID(),
      type,
      data,
      metadata: {
        schemaVersion: 1,
        occurredAt: new Date(at).toISOString(),
        correlationId: 'c',
        causationId: 'c',
        actor: { kind: 'system', component: 'test' },
      },
    });
    /** An order from WH-1 promised at `promised`, delivered at `delivered`. */
    const delivery = async (orderId: string, promised: number, delivered: number) => {
      const placedAt = promised - 3 * DAY;
      const placed = {
        ...placeOrderCommand({ orderId }),
        lines: [{ lineId: '1', sku: `SKU-${orderId}`, name: 'x', quantity: 1, unitPrice: eur(100) }],
        total: eur(100),
        placedAt: new Date(placedAt).toISOString(),
        promisedBy: new Date(promised).toISOString(),
      };
      const allocation = { allocations: [{ shipmentId: `${orderId}-1`, locationId: 'WH-1', lines: [] }] };
      await bed.store.append(
        `order-${orderId}`,
        [
          event('OrderPlaced', placed, placedAt),
          event('OrderAllocated', allocation, placedAt + HOUR),
          event('ShipmentDelivered', { shipmentId: `${orderId}-1` }, delivered),
        ],
        'no-stream',
      );
    };
    // Baseline (8 to 30 days ago): 20 deliveries, 2 late (10%).
    for (let i = 0; i < 20; i += 1)
      await delivery(`b${i}`, NOW - (10 + i) * DAY, NOW - (10 + i) * DAY + (i < 2 ? HOUR : -HOUR));
    // Recent: 20 deliveries, 4 late (20%: exactly +10 points, quiet), then the 21st late (23.8%).
    for (let i = 0; i < 20; i += 1)
      await delivery(`r${i}`, NOW - DAY - i * HOUR, NOW - DAY - i * HOUR + (i < 4 ? HOUR : -HOUR));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await raised()).toEqual([]);
    await delivery('r20', NOW - HOUR, NOW);
    await until(async () => (await raised()).length === 1);
    expect((await raised())[0]).toMatchObject({
      alertId: 'location-late-rate-jump.WH-1.2026-12-04',
      subject: { kind: 'location', id: 'WH-1' },
      figures: {
        recentDeliveries: 21,
        recentLate: 5,
        baselineDeliveries: 20,
        baselineLate: 2,
        baselineLatePercent: 10,
      },
    });
  });

  it('evaluates the active version of the rule set: a stricter threshold recorded and activated', async () => {
    const s = system();
    const sets = bed.track(new ActorHost({ store: bed.store, decider: alertRuleSetDecider }));
    const stricter = {
      ...DEFAULT_ALERT_RULE_SET,
      rules: DEFAULT_ALERT_RULE_SET.rules.map((r) => (r.kind === 'skuSalesSurge' ? { ...r, minimumUnits: 50 } : r)),
    };
    await sets.execute(envelope({ type: 'DraftAlertRuleSet', name: 'default', document: stricter }));
    await sets.execute(envelope({ type: 'ActivateAlertRuleSet', name: 'default', version: 2, reason: 'too noisy' }));
    await s.start();
    await s.place('o-1', 'SKU-V', 20, NOW);
    await s.place('o-2', 'SKU-V', 30, NOW);
    await until(async () => (await raised()).length === 1);
    expect((await raised())[0]).toMatchObject({ rule: { version: 2 }, figures: { recentUnits: 50, minimumUnits: 50 } });
  });
});
