import { DEFAULT_ALERT_RULE_SET, type SlaBreachRule } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { alertRuleWords, notifyWords } from './alert-rules.words.ts';

const [surge, sla, lateRate] = DEFAULT_ALERT_RULE_SET.rules;

describe('alert rules in words', () => {
  it('says what raises each built-in rule, with its figures', () => {
    expect(alertRuleWords(surge as NonNullable<typeof surge>)).toBe(
      "A SKU's units sold over the last 7 days are more than 50% above the 7 days before, counted from 10 units " +
        '(a SKU with no sales before is raised at 10 units).',
    );
    expect(alertRuleWords(sla as NonNullable<typeof sla>)).toBe(
      'An order not dispatched within 48 hours of being placed, or not delivered by its promised time.',
    );
    expect(alertRuleWords(lateRate as NonNullable<typeof lateRate>)).toBe(
      "A location's share of late deliveries over the last 7 days is more than 10 points above its share over " +
        'the 28 days before, each window holding at least 20 deliveries.',
    );
  });

  it('names a delivery grace and counts one in the singular', () => {
    const rule = { ...(sla as SlaBreachRule), shipWithinHours: 1, deliveryGraceHours: 1 };
    expect(alertRuleWords(rule)).toBe(
      'An order not dispatched within 1 hour of being placed, or not delivered by its promised time plus 1 hour.',
    );
  });

  it('says who is notified and by which targets', () => {
    expect(notifyWords({ audience: 'purchasing', email: [], webhooks: true })).toBe(
      'For purchasing; sent to the webhooks.',
    );
    expect(notifyWords({ audience: 'operations', email: ['a@x.io', 'b@x.io'], webhooks: true })).toBe(
      'For operations; sent to the webhooks and e-mail to a@x.io, b@x.io.',
    );
    expect(notifyWords({ audience: 'operations', email: [], webhooks: false })).toBe(
      'For operations; shown on the operations floor only.',
    );
  });
});
