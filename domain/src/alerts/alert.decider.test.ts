import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import { alertDecider } from './alert.decider.ts';
import type { AlertEvent, RaiseAlert } from './alert.events.ts';
import { alertRuleSetDecider } from './alert-rules.decider.ts';
import { type AlertRuleSetEvent, activeAlertRuleSet, alertRuleSetStateOf } from './alert-rules.events.ts';
import { DEFAULT_ALERT_RULE_SET } from './alert-rules.types.ts';

const ops = { kind: 'user', id: 'rui.costa', role: 'ops' } as const;
const facts = () => ({ now: '2026-12-04T12:00:00.000Z', metadata: { commandId: 'c', correlationId: 'c', actor: ops } });
const metadata = { schemaVersion: 1, occurredAt: facts().now, correlationId: 'c', causationId: 'c', actor: ops };
const record = (draft: { type: string; data: unknown }, index: number) =>
  ({ ...draft, eventId: `e${index}`, metadata }) as AlertEvent;
const spec = deciderSpec(alertDecider, facts, record);

const raise: RaiseAlert = {
  type: 'RaiseAlert',
  alertId: 'sku-sales-surge.SKU-1.2026-12-04',
  rule: { ruleSet: 'default', version: 1, ruleId: 'sku-sales-surge', kind: 'skuSalesSurge' },
  subject: { kind: 'sku', id: 'SKU-1' },
  summary: 'SKU-1 sold 16 units in 7 days, 60% above the 7 days before',
  figures: { recentUnits: 16, previousUnits: 10 },
  evaluatedAt: '2026-12-04T11:00:00.000Z',
  notify: { audience: 'purchasing', email: ['buyers@example.com'], webhooks: true },
};
const { type: _, ...raisedData } = raise;
const raised = record({ type: 'AlertRaised', data: raisedData }, 0);

describe('alert decider', () => {
  it('raises an alert once: the same evaluation again is refused, so it adds nothing', () => {
    const state = spec
      .given([])
      .when(raise)
      .then([{ type: 'AlertRaised', data: raisedData }]);
    expect(state.status).toBe('open');
    spec.given([raised]).when(raise).thenRejects('alert.already-raised');
  });

  it('records who acknowledged, with the note; only once, and never after resolution', () => {
    spec
      .given([raised])
      .when({ type: 'AcknowledgeAlert', alertId: raise.alertId, note: ' ordering more ' })
      .then([{ type: 'AlertAcknowledged', data: { alertId: raise.alertId, by: ops, note: 'ordering more' } }]);
    const acknowledged = record({ type: 'AlertAcknowledged', data: { alertId: raise.alertId, by: ops, note: '' } }, 1);
    spec
      .given([raised, acknowledged])
      .when({ type: 'AcknowledgeAlert', alertId: raise.alertId })
      .thenRejects('alert.already-acknowledged');
    spec.given([]).when({ type: 'AcknowledgeAlert', alertId: 'nope' }).thenRejects('alert.not-found');
  });

  it('resolves with a reason and the figures, by hand or because the condition cleared; then no more', () => {
    const resolve = {
      type: 'ResolveAlert' as const,
      alertId: raise.alertId,
      how: 'condition-cleared' as const,
      reason: 'sales back within 50%',
      figures: { recentUnits: 12, previousUnits: 10 },
      evaluatedAt: '2026-12-05T11:00:00.000Z',
    };
    const { type: __, ...data } = resolve;
    const state = spec
      .given([raised])
      .when(resolve)
      .then([{ type: 'AlertResolved', data: { ...data, by: ops } }]);
    expect(state.status).toBe('resolved');
    const resolved = record({ type: 'AlertResolved', data: { ...data, by: ops } }, 1);
    spec.given([raised, resolved]).when(resolve).thenRejects('alert.already-resolved');
    spec
      .given([raised])
      .when({ type: 'ResolveAlert', alertId: raise.alertId, how: 'by-hand', reason: '  ' })
      .thenRejects('alert.reason-missing', { field: 'reason' });
  });

  it('refuses an alert id that could not be a stream or path segment', () => {
    spec
      .given([])
      .when({ ...raise, alertId: 'a b/c' })
      .thenRejects('alert.invalid', { field: 'alertId' });
  });
});

describe('alert rule set decider', () => {
  const ruleSpec = deciderSpec(
    alertRuleSetDecider,
    facts,
    (d, i) => ({ ...d, eventId: `r${i}`, metadata }) as AlertRuleSetEvent,
  );
  const stricter = {
    ...DEFAULT_ALERT_RULE_SET,
    rules: DEFAULT_ALERT_RULE_SET.rules.map((r) => (r.kind === 'skuSalesSurge' ? { ...r, thresholdPercent: 80 } : r)),
  };

  it('has the built-in default as version 1, active, before anything is recorded', () => {
    const state = alertRuleSetStateOf(alertRuleSetDecider.initialState(), 'default');
    expect(activeAlertRuleSet(state)).toEqual({ version: 1, document: DEFAULT_ALERT_RULE_SET });
  });

  it('drafts version 2 and activates it with a reason, naming the version it replaces', () => {
    const drafted = { type: 'AlertRuleSetDrafted', data: { name: 'default', version: 2, document: stricter } };
    ruleSpec.given([]).when({ type: 'DraftAlertRuleSet', name: 'default', document: stricter }).then([drafted]);
    ruleSpec
      .given([])
      .when({ type: 'DraftAlertRuleSet', name: 'default', document: stricter, expectedVersion: 2 })
      .then([drafted]);
    const state = ruleSpec
      .given([{ ...drafted, eventId: 'r0', metadata } as AlertRuleSetEvent])
      .when({ type: 'ActivateAlertRuleSet', name: 'default', version: 2, reason: 'fewer surges' })
      .then([
        {
          type: 'AlertRuleSetActivated',
          data: { name: 'default', version: 2, previousVersion: 1, reason: 'fewer surges' },
        },
      ]);
    expect(activeAlertRuleSet(state)?.document).toEqual(stricter);
  });

  it('refuses an invalid document with every problem, a blank reason, an unknown or the active version', () => {
    const bad = {
      ...stricter,
      rules: [{ ...stricter.rules[0], windowDays: 0, notify: { audience: '', email: ['x'] } }],
    };
    const refusal = ruleSpec
      .given([])
      .when({ type: 'DraftAlertRuleSet', name: 'default', document: bad })
      .thenRejects('alert.invalid-rule-set');
    expect((refusal.details?.problems as { field: string }[] | undefined)?.map((p) => p.field)).toEqual([
      '/rules/0/windowDays',
      '/rules/0/notify/audience',
      '/rules/0/notify/email/0',
      '/rules/0/notify/webhooks',
    ]);
    // Written against version 1 while version 2 was drafted by someone else: refused, not stacked on it.
    const draftedMeanwhile = {
      type: 'AlertRuleSetDrafted',
      data: { name: 'default', version: 2, document: stricter },
      eventId: 'r0',
      metadata,
    } as AlertRuleSetEvent;
    const stale = ruleSpec
      .given([draftedMeanwhile])
      .when({ type: 'DraftAlertRuleSet', name: 'default', document: stricter, expectedVersion: 2 })
      .thenRejects('alert.version-conflict');
    expect(stale.details).toEqual({ expectedVersion: 2, latestVersion: 2 });
    const activate = { type: 'ActivateAlertRuleSet' as const, name: 'default', version: 1, reason: 'x' };
    ruleSpec
      .given([])
      .when({ ...activate, reason: '' })
      .thenRejects('alert.reason-missing');
    ruleSpec
      .given([])
      .when({ ...activate, version: 3 })
      .thenRejects('alert.version-not-found');
    ruleSpec.given([]).when(activate).thenRejects('alert.version-active');
    ruleSpec
      .given([])
      .when({ ...activate, name: 'other' })
      .thenRejects('alert.rule-set-not-found');
  });
});
