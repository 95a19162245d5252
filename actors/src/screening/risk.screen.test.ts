import { DEFAULT_RISK_THRESHOLDS, type RiskThresholds } from '@ordinal/domain';
import { placeOrderCommand } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { envelope } from '../host/counter.fixture.ts';
import { hostTestBed } from '../host/temp-store.fixture.ts';
import { RiskScreen } from './risk.screen.ts';
import { screenedOrders } from './screened-orders.fixture.ts';

const bed = hostTestBed();
const START = Date.parse('2026-12-04T12:00:00.000Z');
const ADDRESSES = [
  { name: 'Jane Doe', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
  { name: 'Jane Doe', line1: '2 Quai Saint-Antoine', city: 'Lyon', postalCode: '69002', country: 'FR' },
  { name: 'J. Doe', line1: '3 Rue Garibaldi', city: 'Lyon', postalCode: '69003', country: 'FR' },
] as const;

/** An order host on a real store, screened by a risk screen; the clock moves by hand. */
function system(thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS, pendingMs?: number) {
  let now = START;
  const clock = () => new Date(now);
  const screens: RiskScreen[] = [];
  const newScreen = () => {
    const screen = new RiskScreen({
      events: bed.store,
      thresholds,
      ...(pendingMs === undefined ? {} : { pendingMs }),
    });
    screens.push(screen);
    bed.track({ close: () => screen.stop() });
    return screen;
  };
  const hostWith = (screen: RiskScreen) => screenedOrders(bed, clock, [screen]);
  let host = hostWith(newScreen());
  return {
    advanceHours(hours: number) {
      now += hours * 3_600_000;
    },
    /** A new screen and host on the same log, as after a restart. */
    restart() {
      host = hostWith(newScreen());
    },
    place(orderId: string, address: number, coupons: string[] = ['WELCOME10'], customerId = 'c-42', lines?: []) {
      const command = placeOrderCommand({
        orderId,
        shippingAddress: ADDRESSES[address] ?? ADDRESSES[0],
        customer: { customerId },
        ...(coupons.length === 0 ? {} : { coupons }),
        ...(lines === undefined ? {} : { lines }),
      });
      return host.execute(envelope(command));
    },
    async held(orderId: string) {
      const events = await bed.store.readStream(`order-${orderId}`);
      return events.find((e) => e.type === 'OrderHeld')?.data as { reason: string; facts: Record<string, unknown> };
    },
    screen: () => screens.at(-1) as RiskScreen,
  };
}

describe('the risk screen on a real event store', () => {
  it('holds the third order to a third address within 24 h, all with coupons, with the facts', async () => {
    const s = system();
    await s.place('o-1', 0);
    s.advanceHours(5);
    await s.place('o-2', 1);
    s.advanceHours(5);
    await s.place('o-3', 2);
    expect(await s.held('o-1')).toBeUndefined();
    expect(await s.held('o-2')).toBeUndefined();
    const hold = await s.held('o-3');
    expect(hold.reason).toBe('risk: 3 delivery addresses within 24 h, every one of 3 orders with a coupon');
    expect(hold.facts).toMatchObject({
      source: 'risk',
      riskRuleVersion: 1,
      thresholds: DEFAULT_RISK_THRESHOLDS,
      window: { since: '2026-12-03T22:00:00.000Z', until: '2026-12-04T22:00:00.000Z', hours: 24 },
      facts: { distinctAddresses: 3, orders: 3, ordersWithCoupons: 3, amount: { EUR: 3 * 6000 } },
      orders: ['o-1', 'o-2', 'o-3'],
      customerId: 'c-42',
    });
  });

  it('does not hold two addresses, one order without a coupon, another account, or an order out of the window', async () => {
    const s = system();
    await s.place('o-1', 0);
    await s.place('o-2', 1);
    await s.place('o-3', 0);
    await s.place('o-4', 2, []);
    expect(await s.held('o-3')).toBeUndefined();
    expect(await s.held('o-4')).toBeUndefined();
    await s.place('o-5', 2, ['X'], 'c-other');
    expect(await s.held('o-5')).toBeUndefined();
  });

  it('lets an order fall out of the window 24 h after it was placed', async () => {
    const s = system();
    await s.place('o-1', 0);
    s.advanceHours(1);
    await s.place('o-2', 1);
    s.advanceHours(23);
    await s.place('o-3', 2);
    expect(await s.held('o-3')).toBeUndefined();
    expect(
      s
        .screen()
        .placementsOf('c-42')
        .map((p) => p.orderId),
    ).toEqual(['o-2', 'o-3']);
  });

  it('counts the placements already in the log after a restart', async () => {
    const s = system();
    await s.place('o-1', 0);
    await s.place('o-2', 1);
    s.restart();
    await s.place('o-3', 2);
    expect((await s.held('o-3')).facts.orders).toEqual(['o-1', 'o-2', 'o-3']);
  });

  it('counts orders placed at the same instant before the log shows them: exactly one of three is held', async () => {
    const s = system();
    await Promise.all([s.place('o-1', 0), s.place('o-2', 1), s.place('o-3', 2)]);
    const holds = await Promise.all(['o-1', 'o-2', 'o-3'].map((id) => s.held(id)));
    expect(holds.filter((h) => h !== undefined)).toHaveLength(1);
  });

  it('stops counting a screened placement the log never showed once its grace has passed', async () => {
    const s = system(DEFAULT_RISK_THRESHOLDS, 60_000);
    await s.place('o-1', 0);
    // Screened, then refused by the decider (no lines): never placed.
    const outcome = await s.place('o-bad', 1, ['WELCOME10'], 'c-42', []);
    expect(outcome.status).toBe('rejected');
    const refused = await bed.store.readStream('order-o-bad');
    expect(refused).toEqual([]);
    expect(
      s
        .screen()
        .placementsOf('c-42')
        .map((p) => p.orderId),
    ).toEqual(['o-1', 'o-bad']);
    s.advanceHours(0.1);
    await s.place('o-2', 2);
    expect(
      s
        .screen()
        .placementsOf('c-42')
        .map((p) => p.orderId),
    ).toEqual(['o-1', 'o-2']);
    expect(await s.held('o-2')).toBeUndefined();
  });
});
