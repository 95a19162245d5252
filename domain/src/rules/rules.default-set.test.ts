import { describe, expect, it } from 'vitest';
import type { OrderCommandOf } from '../order/order.commands.ts';
import { decideOrder } from '../order/order.decide.ts';
import { foldOrder } from '../order/order.state.ts';
import { isRejection } from '../shared/rejection.ts';
import { minutesAfterT0, orderFacts, orderStream, placeOrderCommand } from '../testing/order-fixtures.ts';
import { DEFAULT_RULE_SET } from './rule-set.types.ts';
import { evaluateRules } from './rules.evaluate.ts';
import { placeOrderFacts } from './rules.facts.ts';
import { rulesScreening } from './rules.screening.ts';

// Given the default rule set (version 1) when an order is placed then these events are recorded.

const TIME_ZONE = 'America/Sao_Paulo';

function place(overrides: Partial<OrderCommandOf<'PlaceOrder'>>) {
  const command = placeOrderCommand(overrides);
  const facts = placeOrderFacts(command, { at: minutesAfterT0(0), timeZone: TIME_ZONE });
  const screening = rulesScreening([evaluateRules(DEFAULT_RULE_SET, 1, facts)], minutesAfterT0(0));
  const events = decideOrder(command, foldOrder([]), orderFacts(0, screening));
  if (isRejection(events)) throw new Error(events.message);
  return { events, types: events.map((e) => e.type), applied: events.find((e) => e.type === 'RulesApplied')?.data };
}

/** One line whose unit price makes the order total `total` with no shipping fee. */
const totalling = (total: number) => ({
  lines: [{ sku: 'SKU-A', name: 'Sofa', quantity: 1, unitPrice: { amount: total, currency: 'EUR' } }],
  shippingFee: { amount: 0, currency: 'EUR' },
});
const address = (country: string, region?: string) => ({
  name: 'Ana',
  line1: 'Rua 1',
  city: 'Manaus',
  postalCode: '69000-000',
  country,
  ...(region === undefined ? {} : { region }),
});

describe('the default rule set', () => {
  it('asks finance to approve an order above 5,000.00 and records the total it saw', () => {
    const { events, types, applied } = place(totalling(500_001));
    expect(types).toEqual(['OrderPlaced', 'RulesApplied', 'ApprovalRequested']);
    expect(applied).toMatchObject({ ruleSet: 'default', version: 1, matched: ['large-order-approval'] });
    expect(applied?.facts['order.total']).toBe(500_001);
    expect(events.at(-1)).toEqual({
      type: 'ApprovalRequested',
      data: {
        role: 'finance',
        reason: 'order total above 5,000',
        facts: { ruleSet: 'default', version: 1, ruleId: 'large-order-approval' },
      },
    });
  });

  it('confirms an order of exactly 5,000.00 and one below it, recording the version met and the facts seen', () => {
    for (const total of [500_000, 499_999]) {
      const { types, applied } = place(totalling(total));
      expect(types).toEqual(['OrderPlaced', 'RulesApplied', 'OrderConfirmed']);
      expect(applied).toMatchObject({ ruleSet: 'default', version: 1, matched: [], addedLines: [] });
      expect(applied?.facts['order.total']).toBe(total);
      expect(applied?.effects).toEqual({ discounts: [], discountTotal: 0, giftLines: [], notices: [], tags: [] });
    }
  });

  it('compares 5,000 in minor units of the order currency, whatever the currency', () => {
    const { types } = place({
      currency: 'BRL',
      lines: [{ sku: 'S', name: 'TV', quantity: 1, unitPrice: { amount: 600_000, currency: 'BRL' } }],
      shippingFee: { amount: 0, currency: 'BRL' },
    });
    expect(types).toContain('ApprovalRequested');
  });

  it('attaches the remote-area surcharge notice for a remote region, which the order then carries', () => {
    const { events, types, applied } = place({ shippingAddress: address('BR', 'AM') });
    expect(types).toEqual(['OrderPlaced', 'RulesApplied', 'OrderConfirmed']);
    expect(applied?.matched).toEqual(['remote-area-surcharge']);
    expect(applied?.effects.notices).toEqual([
      expect.objectContaining({ code: 'remote-area-surcharge', audience: 'customer' }),
    ]);
    const state = foldOrder(orderStream(events));
    expect(state.context.notices?.map((n) => n.code)).toEqual(['remote-area-surcharge']);
  });

  it('attaches no notice outside the remote regions, nor for a remote code in another country', () => {
    for (const [country, region] of [
      ['BR', 'SP'],
      ['CN', 'AM'],
      ['FR', undefined],
    ] as const) {
      const { events, types, applied } = place({ shippingAddress: address(country, region) });
      expect(types).toEqual(['OrderPlaced', 'RulesApplied', 'OrderConfirmed']);
      expect(applied?.matched).toEqual([]);
      expect(foldOrder(orderStream(events)).context.notices).toBeUndefined();
    }
  });

  it('adds a free gift line, marked gift, to a VIP customer’s order', () => {
    const { events, applied } = place({ customer: { customerId: 'c-1', tier: 'vip' } });
    expect(applied?.matched).toEqual(['vip-gift']);
    expect(applied?.addedLines).toEqual([
      {
        lineId: 'gift-1',
        sku: 'GIFT-VIP',
        name: 'VIP welcome gift',
        quantity: 1,
        unitPrice: { amount: 0, currency: 'EUR' },
        gift: true,
      },
    ]);
    const { context } = foldOrder(orderStream(events));
    expect(context.lines.map((l) => l.lineId)).toEqual(['1', '2', 'gift-1']);
    expect(context.total.amount).toBe(6000);
  });

  it('adds no gift for another tier or none', () => {
    for (const customer of [{ customerId: 'c-1', tier: 'gold' }, { customerId: 'c-2' }]) {
      const { events, types, applied } = place({ customer });
      expect(types).toEqual(['OrderPlaced', 'RulesApplied', 'OrderConfirmed']);
      expect(applied?.addedLines).toEqual([]);
      expect(foldOrder(orderStream(events)).context.lines.map((l) => l.lineId)).toEqual(['1', '2']);
    }
  });
});
