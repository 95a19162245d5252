import { DEFAULT_ALERT_RULE_SET, validateAlertRuleSet } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { addressesOf, documentOf, fieldOfProblem, problemsOfRefusal } from './alert-rules.fields.ts';

describe('the alert rule form', () => {
  it('gives back the version it was opened on when nothing was changed', () => {
    expect(documentOf(DEFAULT_ALERT_RULE_SET, new Map())).toEqual(DEFAULT_ALERT_RULE_SET);
  });

  it('puts the typed figures, audience, addresses and webhooks into a valid document', () => {
    const values = new Map<string, string | boolean>([
      ...DEFAULT_ALERT_RULE_SET.rules.flatMap((rule, i) =>
        Object.entries(rule)
          .filter(([, v]) => typeof v === 'number')
          .map(([k, v]): [string, string] => [`/rules/${i}/${k}`, String(v)]),
      ),
      ['/rules/0/thresholdPercent', '80'],
      ['/rules/0/notify/audience', ' buyers '],
      ['/rules/0/notify/email', 'a@x.io, b@x.io;c@x.io'],
      ['/rules/0/notify/webhooks', false],
      ['/description', 'Stricter'],
    ]);
    const document = documentOf(DEFAULT_ALERT_RULE_SET, values);
    expect(validateAlertRuleSet(document)).toEqual([]);
    expect(document.description).toBe('Stricter');
    expect(document.rules[0]).toMatchObject({
      id: 'sku-sales-surge',
      kind: 'skuSalesSurge',
      thresholdPercent: 80,
      windowDays: 7,
      notify: { audience: 'buyers', email: ['a@x.io', 'b@x.io', 'c@x.io'], webhooks: false },
    });
    expect(document.rules[1]).toEqual(DEFAULT_ALERT_RULE_SET.rules[1]);
  });

  it('sends an empty or fractional figure as typed, for the API to name', () => {
    const document = documentOf(
      DEFAULT_ALERT_RULE_SET,
      new Map([
        ['/rules/0/windowDays', ''],
        ['/rules/0/thresholdPercent', '2.5'],
      ]),
    );
    expect(document.rules[0]).toMatchObject({ windowDays: null, thresholdPercent: 2.5 });
    expect(validateAlertRuleSet(document).map((p) => p.field)).toContain('/rules/0/thresholdPercent');
  });

  it('reads addresses separated by commas, semicolons or spaces', () => {
    expect(addressesOf(' a@x.io,b@x.io ; c@x.io  d@x.io ')).toEqual(['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io']);
    expect(addressesOf('')).toEqual([]);
  });

  it('finds the field a problem names, or the nearest one holding it', () => {
    const fields = new Set(['/rules/0/thresholdPercent', '/rules/0/notify/email', '/description']);
    expect(fieldOfProblem('/rules/0/thresholdPercent', fields)).toBe('/rules/0/thresholdPercent');
    expect(fieldOfProblem('/rules/0/notify/email/2', fields)).toBe('/rules/0/notify/email');
    expect(fieldOfProblem('/name', fields)).toBeUndefined();
    expect(fieldOfProblem('', fields)).toBeUndefined();
  });

  it('reads the problems of a refusal: every one listed, or the single field named', () => {
    const listed = { problems: [{ field: '/rules/0/windowDays', reason: 'must be a whole number from 1 to 90' }, 7] };
    expect(problemsOfRefusal(listed, 'the alert rule set has 1 problem(s)')).toEqual([
      { field: '/rules/0/windowDays', reason: 'must be a whole number from 1 to 90' },
    ]);
    expect(problemsOfRefusal({ field: '/name' }, 'the document is named x')).toEqual([
      { field: '/name', reason: 'the document is named x' },
    ]);
    expect(problemsOfRefusal(undefined, 'refused')).toEqual([{ field: '', reason: 'refused' }]);
  });
});
