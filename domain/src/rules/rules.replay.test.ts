import { describe, expect, it } from 'vitest';
import type { OrderCommandOf } from '../order/order.commands.ts';
import { decideOrder } from '../order/order.decide.ts';
import type { OrderEventDataMap, OrderEventOf } from '../order/order.events.ts';
import { foldOrder, orderStatus } from '../order/order.state.ts';
import { isRejection } from '../shared/rejection.ts';
import { orderFacts, orderStream, placeOrderCommand } from '../testing/order-fixtures.ts';
import { ruleSetDecider } from './rule-set.decider.ts';
import { activeRuleSet, type RuleSetEvent, ruleSetStateOf } from './rule-set.events.ts';
import { DEFAULT_RULE_SET, type RuleSetDocument } from './rule-set.types.ts';
import { dryRunRuleSet, type RecordedPlacement } from './rules.dry-run.ts';
import { evaluateRules } from './rules.evaluate.ts';
import { placeOrderFacts } from './rules.facts.ts';
import { rulesScreening } from './rules.screening.ts';

const TIME_ZONE = 'UTC';
const admin = { kind: 'user', id: 'ana.lima', role: 'admin' } as const;
const ruleFacts = { now: '2026-03-02T10:00:00.000Z', metadata: { commandId: 'c', correlationId: 'c', actor: admin } };

/** Decides a PlaceOrder with the rule set state of the moment, and returns the recorded stream. */
function place(
  orderId: string,
  overrides: Partial<OrderCommandOf<'PlaceOrder'>>,
  ruleSets: { events: RuleSetEvent[] },
) {
  const state = ruleSets.events.reduce(ruleSetDecider.evolve, ruleSetDecider.initialState());
  const active = activeRuleSet(ruleSetStateOf(state, 'default'));
  if (active === undefined) throw new Error('no active set');
  const command = placeOrderCommand({ ...overrides, orderId });
  const facts = placeOrderFacts(command, { at: '2026-03-02T09:00:00.000Z', timeZone: TIME_ZONE });
  const screening = rulesScreening([evaluateRules(active.document, active.version, facts)], '2026-03-02T09:00:00.000Z');
  const drafts = decideOrder(command, foldOrder([]), orderFacts(0, screening));
  if (isRejection(drafts)) throw new Error(drafts.message);
  return orderStream(drafts, orderId);
}

function recordedPlacement(stream: ReturnType<typeof place>): RecordedPlacement {
  const placed = stream.find((e) => e.type === 'OrderPlaced') as OrderEventOf<'OrderPlaced'>;
  const applied = stream
    .filter((e): e is OrderEventOf<'RulesApplied'> & (typeof stream)[number] => e.type === 'RulesApplied')
    .map((e) => e.data as OrderEventDataMap['RulesApplied']);
  return { orderId: placed.data.orderId, placed: placed.data, applied };
}

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const big = { lines: [{ sku: 'TV', name: 'TV', quantity: 1, unitPrice: eur(450_000) }], shippingFee: eur(0) };
const vip = { customer: { customerId: 'c-9', tier: 'vip' } };

describe('editing a rule set after orders were placed', () => {
  it('leaves those orders replaying to their recorded decisions; a dry-run of the new version lists what would differ', () => {
    const ruleSets = { events: [] as RuleSetEvent[] };
    const streams = [place('o-big', big, ruleSets), place('o-vip', vip, ruleSets), place('o-small', {}, ruleSets)];
    const before = streams.map((s) => foldOrder(s));
    expect(before.map((s) => orderStatus(s).main)).toEqual(['confirmed', 'confirmed', 'confirmed']);

    // Version 2: approval from 4,000.00, and no more VIP gifts.
    const v2: RuleSetDocument = {
      ...DEFAULT_RULE_SET,
      rules: [
        { ...DEFAULT_RULE_SET.rules[0]!, when: { fact: 'order.total', op: 'gt', value: 400_000 } },
        DEFAULT_RULE_SET.rules[1]!,
      ],
    };
    const record = (draft: { type: string; data: unknown }, i: number) =>
      ({
        ...draft,
        eventId: `r${i}`,
        metadata: { schemaVersion: 1, occurredAt: ruleFacts.now, correlationId: 'c', causationId: 'c', actor: admin },
      }) as RuleSetEvent;
    let state = ruleSetDecider.initialState();
    for (const command of [
      { type: 'EditRuleSet' as const, name: 'default', document: v2 },
      { type: 'ActivateRuleSet' as const, name: 'default', version: 2, reason: 'finance wants to see more orders' },
    ]) {
      const drafts = ruleSetDecider.decide(command, state, ruleFacts);
      if (isRejection(drafts)) throw new Error(drafts.message);
      for (const draft of drafts) {
        const event = record(draft, ruleSets.events.length);
        ruleSets.events.push(event);
        state = ruleSetDecider.evolve(state, event);
      }
    }
    expect(activeRuleSet(state)?.version).toBe(2);

    // Replay reads only the streams: the same decisions, gift line and all.
    const after = streams.map((s) => foldOrder(s));
    expect(after.map((s) => s.context)).toEqual(before.map((s) => s.context));
    expect(after[1]?.context.lines.some((l) => l.gift === true)).toBe(true);

    // The dry-run of version 2 on the recorded orders.
    const report = dryRunRuleSet(v2, 2, streams.map(recordedPlacement), TIME_ZONE);
    expect(report.map((r) => [r.orderId, r.differences.map((d) => d.field)])).toEqual([
      ['o-big', ['matched', 'approval']],
      ['o-vip', ['matched', 'giftLines']],
      ['o-small', []],
    ]);
    expect(report[0]?.differences[1]).toEqual({
      field: 'approval',
      recorded: null,
      wouldBe: { role: 'finance', reason: 'order total above 5,000' },
    });
    // The big order matched nothing under version 1, which it recorded all the same.
    expect(report[0]?.recorded).toMatchObject({ version: 1, matched: [] });
    expect(report[1]?.recorded?.version).toBe(1);

    // An order placed now is decided by version 2.
    const now = foldOrder(place('o-big-2', big, ruleSets));
    expect(orderStatus(now).main).toBe('awaitingApproval');
  });
});
