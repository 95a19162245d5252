import type { Address, OrderEventDataMap, RuleSetDocument } from '@ordinal/domain';
import { placeOrderCommand } from '@ordinal/domain/testing';
import { envelope } from '../host/counter.fixture.ts';
import type { HostTestBed } from '../host/temp-store.fixture.ts';
import { PurchaseHistory } from './purchase.history.ts';
import { RulesScreen } from './rules.screen.ts';
import { ruleSets, screenedOrders } from './screened-orders.fixture.ts';

const DAY_MS = 86_400_000;
const ADMIN = { kind: 'user', id: 'ana.lima', role: 'admin' } as const;

/** The start of the fixture's clock: day 0. */
export const DAY_0 = Date.parse('2026-11-01T10:00:00.000Z');

/** An instant `days` after day 0 (ISO 8601). */
export const day = (days: number) => new Date(DAY_0 + days * DAY_MS).toISOString();

/** Two addresses of one customer. */
export const HOME: Address = { name: 'Jane Doe', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' };
export const OFFICE: Address = {
  name: 'Jane Doe',
  line1: '8 Quai Perrache',
  city: 'Lyon',
  postalCode: '69002',
  country: 'FR',
};

/** The set under test: likely to reorder within 3 days → hold up to 5 days for the next order. */
export const CONSOLIDATE: RuleSetDocument = {
  name: 'consolidate',
  description: 'Regular buyers get one parcel',
  rules: [
    {
      id: 'reorder-soon',
      name: 'Likely to reorder within 3 days',
      when: { fact: 'repurchase.withinDays', op: 'lte', value: 3 },
      then: [{ type: 'holdForConsolidation', days: 5 }],
    },
  ],
};

/**
 * An order host on a real store, screened by the rules with the customers' purchases from the
 * log, with the `consolidate` set active; the clock moves by hand.
 */
export async function repurchaseSystem(bed: HostTestBed) {
  let now = DAY_0;
  const clock = () => new Date(now);
  const purchases = new PurchaseHistory({ events: bed.store });
  bed.track({ close: () => purchases.stop() });
  const screen = new RulesScreen({ events: bed.store, timeZone: 'UTC', purchases });
  bed.track({ close: () => screen.stop() });
  const orders = screenedOrders(bed, clock, [screen]);
  const sets = ruleSets(bed, clock);
  for (const command of [
    { type: 'CreateRuleSet', name: 'consolidate', document: CONSOLIDATE },
    { type: 'ActivateRuleSet', name: 'consolidate', version: 1, reason: 'one parcel for regular buyers' },
  ] as const) {
    const outcome = await sets.execute(envelope(command, { actor: ADMIN }));
    if (outcome.status !== 'accepted') throw new Error(JSON.stringify(outcome));
  }
  screen.start();
  await screen.ready();
  return {
    orders,
    clock,
    /** Moves the clock to `days` after day 0. */
    at(days: number) {
      now = DAY_0 + days * DAY_MS;
    },
    /** Places an order of `sku` for customer c-42 at the clock's now, and answers its stream. */
    async place(orderId: string, sku: string, shippingAddress: Address = HOME) {
      const command = placeOrderCommand({
        orderId,
        customer: { customerId: 'c-42' },
        shippingAddress,
        lines: [{ sku, name: sku, quantity: 1, unitPrice: { amount: 1_200, currency: 'EUR' } }],
      });
      const outcome = await orders.execute(envelope(command));
      if (outcome.status !== 'accepted') throw new Error(JSON.stringify(outcome));
      // The history follows the log: the next order is screened once it has met this one.
      await this.until(() => purchases.purchasesOf('c-42', sku).includes(clock().toISOString()));
      return bed.store.readStream(`order-${orderId}`);
    },
    /** Cancels an order and waits until the history has taken its purchases away. */
    async cancel(orderId: string, sku: string, placedAt: string) {
      const outcome = await orders.execute(envelope({ type: 'CancelOrder', orderId, reason: 'changed my mind' }));
      if (outcome.status !== 'accepted') throw new Error(JSON.stringify(outcome));
      await this.until(() => !purchases.purchasesOf('c-42', sku).includes(placedAt));
    },
    /** Waits (up to 4 s) until the check holds. */
    async until(check: () => boolean | Promise<boolean>) {
      for (let i = 0; i < 400 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      if (!(await check())) throw new Error('the log never showed it');
    },
    async held(orderId: string) {
      const events = await bed.store.readStream(`order-${orderId}`);
      return events.find((e) => e.type === 'OrderHeld')?.data as OrderEventDataMap['OrderHeld'] | undefined;
    },
    async released(orderId: string) {
      const events = await bed.store.readStream(`order-${orderId}`);
      return events.find((e) => e.type === 'OrderReleased') as
        | { data: OrderEventDataMap['OrderReleased']; metadata: { actor: unknown; commandId?: string } }
        | undefined;
    },
  };
}
