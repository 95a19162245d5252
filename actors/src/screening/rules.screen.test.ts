import {
  DEFAULT_RULE_SET,
  type ProductCommand,
  type ProductEvent,
  type ProductState,
  productDecider,
  type RuleSetCommand,
} from '@ordinal/domain';
import { placeOrderCommand } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { ActorHost } from '../host/actor-host.ts';
import { envelope } from '../host/counter.fixture.ts';
import { hostTestBed } from '../host/temp-store.fixture.ts';
import { RulesScreen } from './rules.screen.ts';
import { ruleSets, screenedOrders } from './screened-orders.fixture.ts';

const bed = hostTestBed();
const ADMIN = { kind: 'user', id: 'ana.lima', role: 'admin' } as const;
const clock = () => new Date('2026-12-04T12:00:00.000Z');

function system(catalogue: 'given' | 'log' = 'given') {
  const screen = new RulesScreen({
    events: bed.store,
    timeZone: 'America/Sao_Paulo',
    ...(catalogue === 'log'
      ? {}
      : {
          catalogue: (sku: string) =>
            sku === 'SKU-A' ? { tags: ['fragile'], listPrice: { amount: 1_000, currency: 'EUR' } } : undefined,
        }),
  });
  const products = bed.track(
    new ActorHost<ProductCommand, ProductEvent, ProductState>({ store: bed.store, decider: productDecider, clock }),
  );
  const orders = screenedOrders(bed, clock, [screen]);
  const sets = ruleSets(bed, clock);
  return {
    screen,
    async product(sku: string, tags: string[], amount: number) {
      const command = { type: 'DefineProduct' as const, sku, name: sku, tags, listPrice: { amount, currency: 'EUR' } };
      const outcome = await products.execute(envelope(command, { actor: ADMIN }));
      if (outcome.status !== 'accepted') throw new Error(JSON.stringify(outcome));
      return outcome.events[0]?.position ?? 0;
    },
    /** Records a rule set command; answers the log position of its event. */
    async rules(command: RuleSetCommand) {
      const outcome = await sets.execute(envelope(command, { actor: ADMIN }));
      if (outcome.status !== 'accepted') throw new Error(JSON.stringify(outcome));
      return outcome.events[0]?.position ?? 0;
    },
    async place(orderId: string, overrides = {}) {
      const outcome = await orders.execute(envelope(placeOrderCommand({ orderId, ...overrides })));
      if (outcome.status !== 'accepted') throw new Error(JSON.stringify(outcome));
      return bed.store.readStream(`order-${orderId}`);
    },
  };
}

describe('the rules screen', () => {
  it('evaluates the built-in default set while nothing is recorded, and PlaceOrder records what it did', async () => {
    const s = system();
    s.screen.start();
    try {
      const events = await s.place('o-1', { customer: { customerId: 'c-1', tier: 'vip' } });
      expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'RulesApplied', 'OrderConfirmed']);
      expect(events[1]?.data).toMatchObject({ ruleSet: 'default', version: 1, matched: ['vip-gift'] });
    } finally {
      await s.screen.stop();
    }
  });

  it('follows activations and retirements in the log, and evaluates every active set with its catalogue facts', async () => {
    const s = system();
    // Recorded before the screen starts: it catches up from the log alone.
    await s.rules({ type: 'RetireRuleSet', name: 'default', reason: 'replaced by the shop rules' });
    const shop = {
      name: 'shop',
      description: 'Fragile goods and prices',
      priceCheck: { tolerancePercent: 5 },
      rules: [
        {
          id: 'fragile',
          name: 'Fragile goods are packed with care',
          when: { fact: 'lines.tags', op: 'contains', value: 'fragile' },
          then: [
            { type: 'tag', tag: 'fragile' },
            { type: 'setPriority', priority: 'high' },
          ],
        },
      ],
    };
    await s.rules({ type: 'CreateRuleSet', name: 'shop', document: shop });
    await s.rules({ type: 'ActivateRuleSet', name: 'shop', version: 1, reason: 'launch' });
    s.screen.start();
    try {
      await s.screen.ready();
      expect([...s.screen.active().keys()]).toEqual(['shop']);
      const events = await s.place('o-2');
      expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'RulesApplied', 'OrderTagged', 'OrderHeld']);
      expect(events[1]?.data).toMatchObject({
        ruleSet: 'shop',
        version: 1,
        matched: ['fragile'],
        facts: { 'lines.tags': ['fragile'] },
        effects: {
          priority: 'high',
          priceCheck: { tolerancePercent: 5, lines: [{ sku: 'SKU-A', unitPrice: 1_500, listPrice: 1_000 }] },
        },
      });
      expect(events[3]?.data).toMatchObject({ reason: 'price check: SKU-A outside 5% of list price' });

      const back = await s.rules({ type: 'ActivateRuleSet', name: 'default', version: 1, reason: 'back' });
      // `reached` answers once the screen has read the activation: the very next order meets it.
      await s.screen.reached(back);
      expect(s.screen.active().has('default')).toBe(true);
      // A VIP order: both sets act on it, each records what it did.
      const again = await s.place('o-3', { customer: { customerId: 'c-3', tier: 'vip' } });
      expect(
        again.filter((e) => e.type === 'RulesApplied').map((e) => (e.data as { ruleSet: string }).ruleSet),
      ).toEqual(['default', 'shop']);
      expect(DEFAULT_RULE_SET.rules).toHaveLength(3);
    } finally {
      await s.screen.stop();
    }
  });

  it('reads tags and list prices from the product catalogue in the log, defined before or after it starts', async () => {
    const s = system('log');
    const checked = { ...DEFAULT_RULE_SET, priceCheck: { tolerancePercent: 10 } };
    await s.rules({ type: 'EditRuleSet', name: 'default', document: checked });
    await s.rules({ type: 'ActivateRuleSet', name: 'default', version: 2, reason: 'check prices' });
    await s.product('SKU-A', ['kitchen'], 1_500);
    s.screen.start();
    try {
      await s.screen.ready();
      await s.screen.reached(await s.product('SKU-B', ['fragile'], 2_000));
      expect(s.screen.active().get('default')?.version).toBe(2);
      expect(s.screen.catalogue('SKU-B')).toBeDefined();
      const events = await s.place('o-4');
      const applied = events.find((e) => e.type === 'RulesApplied')?.data as { facts: Record<string, unknown> };
      expect(applied.facts['lines.prices']).toEqual([
        { lineId: '1', sku: 'SKU-A', unitPrice: 1_500, listPrice: 1_500 },
        { lineId: '2', sku: 'SKU-B', unitPrice: 2_500, listPrice: 2_000 },
      ]);
      expect(events.at(-1)).toMatchObject({
        type: 'OrderHeld',
        data: { reason: 'price check: SKU-B outside 10% of list price' },
      });
    } finally {
      await s.screen.stop();
    }
  });
});
