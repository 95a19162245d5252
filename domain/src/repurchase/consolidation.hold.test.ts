import { describe, expect, it } from 'vitest';
import { decideOrder } from '../order/order.decide.ts';
import { orderDecider } from '../order/order.decider.ts';
import type { OrderEventDataMap } from '../order/order.events.ts';
import { foldOrder, orderStatus } from '../order/order.state.ts';
import { riskHold } from '../risk/risk.hold.ts';
import { DEFAULT_RISK_THRESHOLDS } from '../risk/risk.rule.ts';
import type { RuleSetDocument } from '../rules/rule-set.types.ts';
import { validateRuleSet } from '../rules/rule-set.validate.ts';
import { dryRunRuleSet } from '../rules/rules.dry-run.ts';
import { evaluateRules } from '../rules/rules.evaluate.ts';
import { placeOrderFacts } from '../rules/rules.facts.ts';
import { rulesScreening } from '../rules/rules.screening.ts';
import type { ActorRef } from '../shared/actor.ts';
import { isRejection } from '../shared/rejection.ts';
import { deciderSpec } from '../testing/decider-spec.ts';
import {
  draft,
  forOrder,
  fx,
  minutesAfterT0,
  orderFacts,
  orderStream,
  placeOrderCommand,
  recordOrderEvent,
} from '../testing/order-fixtures.ts';
import { consolidationHoldFacts } from './consolidation.hold.ts';

const DAY_MIN = 24 * 60;
const PLACED_AT = minutesAfterT0(0);
const daysBefore = (days: number) => minutesAfterT0(-days * DAY_MIN);
const SYSTEM: ActorRef = { kind: 'system', component: 'consolidation-release' };

const consolidating: RuleSetDocument = {
  name: 'consolidate',
  description: 'Regular buyers wait for their next order',
  rules: [
    {
      id: 'reorder-soon',
      name: 'Likely to reorder within 3 days',
      when: { fact: 'repurchase.withinDays', op: 'lte', value: 3 },
      then: [{ type: 'holdForConsolidation', days: 5 }],
    },
  ],
};

/** given(the customer's earlier purchases of SKU-A).whenPlaced() → the events PlaceOrder records. */
function given(history: readonly string[]) {
  return {
    whenPlaced(document: RuleSetDocument = consolidating) {
      const command = placeOrderCommand();
      const facts = placeOrderFacts(command, {
        at: PLACED_AT,
        timeZone: 'UTC',
        purchases: (sku) => (sku === 'SKU-A' ? history : []),
      });
      const screening = rulesScreening([evaluateRules(document, 3, facts)], PLACED_AT);
      const drafts = decideOrder(command, foldOrder([]), orderFacts(0, screening));
      if (isRejection(drafts)) throw new Error(drafts.message);
      return drafts;
    },
  };
}

const tenDaysApart = [daysBefore(29), daysBefore(19), daysBefore(9)];

describe('a rule holding an order for consolidation', () => {
  it('validates days and reason', () => {
    expect(validateRuleSet(consolidating)).toEqual([]);
    const bad = {
      ...consolidating,
      rules: [{ ...consolidating.rules[0], then: [{ type: 'holdForConsolidation', days: 0, reason: ' ' }] }],
    };
    expect(validateRuleSet(bad).map((p) => p.field)).toEqual(['/rules/0/then/0/days', '/rules/0/then/0/reason']);
    const notNumber = {
      ...consolidating,
      rules: [{ ...consolidating.rules[0], when: { fact: 'repurchase.withinDays', op: 'lte', value: '3' } }],
    };
    expect(validateRuleSet(notNumber)).toEqual([{ field: '/rules/0/when/value', problem: 'must be a number for lte' }]);
  });

  it('holds the order until placedAt + days when the customer is likely to reorder, with the hint and its basis', () => {
    const drafts = given(tenDaysApart).whenPlaced();
    expect(drafts.map((d) => d.type)).toEqual(['OrderPlaced', 'RulesApplied', 'OrderHeld']);
    const applied = drafts[1]?.data as OrderEventDataMap['RulesApplied'];
    const hint = {
      sku: 'SKU-A',
      purchases: 3,
      medianDays: 10,
      lastPurchase: daysBefore(9),
      expectedNext: minutesAfterT0(DAY_MIN),
      withinDays: 1,
    };
    expect(applied.facts).toEqual({ 'repurchase.withinDays': 1, 'repurchase.hints': [hint] });
    expect(applied.effects.consolidation).toEqual({ days: 5, ruleIds: ['reorder-soon'] });
    const until = minutesAfterT0(5 * DAY_MIN);
    expect(drafts[2]).toEqual(
      draft('OrderHeld', {
        reason: `consolidation: likely to reorder within 1 day, held until ${until}`,
        facts: {
          source: 'consolidation',
          days: 5,
          until,
          placedAt: PLACED_AT,
          withinDays: 1,
          hints: [hint],
          ruleSets: [{ ruleSet: 'consolidate', version: 3, ruleIds: ['reorder-soon'] }],
        },
      }),
    );
    expect(consolidationHoldFacts((drafts[2]?.data as OrderEventDataMap['OrderHeld'] | undefined)?.facts)?.until).toBe(
      until,
    );
  });

  it('does not hold when the next purchase is further off, or there is no estimate', () => {
    // Expected 4 days from now: lte 3 does not match.
    const later = given([daysBefore(26), daysBefore(16), daysBefore(6)]).whenPlaced();
    expect(later.map((d) => d.type)).toEqual(['OrderPlaced', 'RulesApplied', 'OrderConfirmed']);
    const twoPurchases = given([daysBefore(19), daysBefore(9)]).whenPlaced();
    expect(twoPurchases.map((d) => d.type)).toEqual(['OrderPlaced', 'RulesApplied', 'OrderConfirmed']);
  });

  it('gives the longest of several, and a plain hold with it is people’s to release', () => {
    const document: RuleSetDocument = {
      ...consolidating,
      rules: [
        ...consolidating.rules,
        {
          id: 'all-wait',
          name: 'Everything waits',
          when: { fact: 'lines.count', op: 'gte', value: 1 },
          then: [
            { type: 'holdForConsolidation', days: 7, reason: 'one parcel a week' },
            { type: 'hold', reason: 'look at it' },
          ],
        },
      ],
    };
    const drafts = given(tenDaysApart).whenPlaced(document);
    const held = drafts.at(-1)?.data as OrderEventDataMap['OrderHeld'];
    expect(held.reason).toBe(`look at it; consolidation: one parcel a week, held until ${minutesAfterT0(7 * DAY_MIN)}`);
    expect(consolidationHoldFacts(held.facts)).toBeUndefined();
    expect(held.facts?.consolidation).toMatchObject({ days: 7, ruleSets: [{ ruleIds: ['reorder-soon', 'all-wait'] }] });
  });
});

describe('a hold for consolidation next to an approval', () => {
  it('gives way to it: the order awaits approval, with the consolidation noted, so no release skips the approval', () => {
    const document: RuleSetDocument = {
      ...consolidating,
      rules: [
        ...consolidating.rules,
        {
          id: 'approve-all',
          name: 'Finance sees everything',
          when: { fact: 'lines.count', op: 'gte', value: 1 },
          then: [{ type: 'requireApproval', role: 'finance', reason: 'check' }],
        },
      ],
    };
    const drafts = given(tenDaysApart).whenPlaced(document);
    expect(drafts.map((d) => d.type)).toEqual(['OrderPlaced', 'RulesApplied', 'ApprovalRequested']);
    const asked = drafts.at(-1)?.data as OrderEventDataMap['ApprovalRequested'];
    expect(asked.facts).toMatchObject({
      ruleId: 'approve-all',
      consolidation: { source: 'consolidation', days: 5, until: minutesAfterT0(5 * DAY_MIN) },
    });
  });
});

describe('a dry-run of a rule on the repurchase hint', () => {
  it('reads the hint the order recorded, and finds none where no rule read it then', () => {
    const recorded = (drafts: ReturnType<ReturnType<typeof given>['whenPlaced']>) => ({
      orderId: 'o-1',
      placed: drafts[0]?.data as OrderEventDataMap['OrderPlaced'],
      applied: drafts.filter((d) => d.type === 'RulesApplied').map((d) => d.data as OrderEventDataMap['RulesApplied']),
    });
    const held = recorded(given(tenDaysApart).whenPlaced());
    const stricter: RuleSetDocument = {
      ...consolidating,
      rules: [
        {
          ...(consolidating.rules[0] as RuleSetDocument['rules'][number]),
          when: { fact: 'repurchase.withinDays', op: 'lte', value: 0 },
        },
      ],
    };
    const [same] = dryRunRuleSet(consolidating, 4, [held], 'UTC');
    expect(same?.differences).toEqual([]);
    const [changed] = dryRunRuleSet(stricter, 4, [held], 'UTC');
    expect(changed?.differences.map((d) => [d.field, d.recorded, d.wouldBe])).toEqual([
      ['matched', ['reorder-soon'], []],
      ['consolidation', 5, null],
    ]);
    // Placed with no repurchase rule in force: nothing recorded the hint, so the dry-run has none.
    const unread = recorded(given(tenDaysApart).whenPlaced({ ...consolidating, rules: [] }));
    expect(dryRunRuleSet(consolidating, 4, [unread], 'UTC')[0]?.wouldBe.matched).toEqual([]);
  });
});

describe('releasing a hold for consolidation', () => {
  const spec = deciderSpec(
    orderDecider,
    () => {
      const facts = orderFacts(5 * DAY_MIN);
      return { ...facts, metadata: { ...facts.metadata, actor: SYSTEM } };
    },
    recordOrderEvent,
  );
  const held = given(tenDaysApart).whenPlaced();
  const facts = { trigger: 'deadline', until: minutesAfterT0(5 * DAY_MIN), at: minutesAfterT0(5 * DAY_MIN) };

  it('records the release by the system with what it rested on; the order is confirmed', () => {
    const state = spec
      .given(orderStream(held))
      .when(forOrder({ type: 'ReleaseOrder', reason: 'consolidation: deadline passed', facts }))
      .then([draft('OrderReleased', { reason: 'consolidation: deadline passed', decidedBy: SYSTEM, facts })]);
    expect(orderStatus(state).main).toBe('confirmed');
  });

  it('is refused for a hold risk took as well (the risk guard still applies)', () => {
    const risk = riskHold(
      {
        hold: true,
        reason: 'risk',
        facts: {
          windowHours: 24,
          since: PLACED_AT,
          until: PLACED_AT,
          distinctAddresses: 3,
          addresses: [],
          orders: 3,
          ordersWithCoupons: 3,
          coupons: [],
          amount: {},
          orderIds: [],
        },
      },
      DEFAULT_RISK_THRESHOLDS,
      'c-42',
    );
    const both = draft('OrderHeld', {
      reason: 'consolidation; risk',
      facts: { rules: (held.at(-1)?.data as OrderEventDataMap['OrderHeld'] | undefined)?.facts, risk: risk.facts },
    });
    spec
      .given(orderStream([fx.placed, both]))
      .when(forOrder({ type: 'ReleaseOrder', reason: 'consolidation: deadline passed', facts }))
      .thenRejects('order.risk-hold');
  });
});
