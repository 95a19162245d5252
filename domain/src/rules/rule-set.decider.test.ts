import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import { ruleSetDecider } from './rule-set.decider.ts';
import { activeRuleSet, type RuleSetEvent, ruleSetStateOf } from './rule-set.events.ts';
import { DEFAULT_RULE_SET, type RuleSetDocument } from './rule-set.types.ts';

const admin = { kind: 'user', id: 'ana.lima', role: 'admin' } as const;
const facts = () => ({
  now: '2026-12-04T12:00:00.000Z',
  metadata: { commandId: 'c', correlationId: 'c', actor: admin },
});
const metadata = { schemaVersion: 1, occurredAt: facts().now, correlationId: 'c', causationId: 'c', actor: admin };
const record = (draft: { type: string; data: unknown }, index: number) =>
  ({ ...draft, eventId: `e${index}`, metadata }) as RuleSetEvent;
const spec = deciderSpec(ruleSetDecider, facts, record);

const promo: RuleSetDocument = {
  name: 'promo',
  description: 'Coupons',
  rules: [
    {
      id: 'coupon-10',
      name: 'Ten percent with a coupon',
      when: { fact: 'coupons.used', op: 'eq', value: true },
      then: [{ type: 'discount', kind: 'percentage', value: 10, stackingOrder: 1 }],
    },
  ],
};
const created = record({ type: 'RuleSetCreated', data: { name: 'promo', version: 1, document: promo } }, 0);
const activated = (version: number, previousVersion?: number) =>
  record(
    {
      type: 'RuleSetActivated',
      data: { name: 'promo', version, ...(previousVersion === undefined ? {} : { previousVersion }), reason: 'launch' },
    },
    1,
  );

describe('rule set decider', () => {
  it('creates a set as version 1, a draft that evaluates nothing until it is activated', () => {
    const state = spec
      .given([])
      .when({ type: 'CreateRuleSet', name: 'promo', document: promo })
      .then([{ type: 'RuleSetCreated', data: { name: 'promo', version: 1, document: promo } }]);
    expect(activeRuleSet(state)).toBeUndefined();
  });

  it('refuses a second create, and a document with every problem listed', () => {
    spec
      .given([created])
      .when({ type: 'CreateRuleSet', name: 'promo', document: promo })
      .thenRejects('rules.set-exists');
    const bad = { ...promo, rules: [{ id: '', name: '', when: { fact: 'x', op: 'gt', value: 'a' }, then: [] }] };
    const refusal = spec
      .given([])
      .when({ type: 'CreateRuleSet', name: 'promo', document: bad })
      .thenRejects('rules.invalid-rule-set');
    expect((refusal.details?.problems as { field: string }[] | undefined)?.map((p) => p.field)).toEqual([
      '/rules/0/id',
      '/rules/0/name',
      '/rules/0/when/fact',
      '/rules/0/when/value',
      '/rules/0/then',
    ]);
    spec
      .given([])
      .when({ type: 'CreateRuleSet', name: 'other', document: promo })
      .thenRejects('rules.name-mismatch', { field: '/name' });
  });

  it('edits into the next version, activates it with who and why, and refuses activating the active one', () => {
    const edited = { ...promo, description: 'Coupons, capped' };
    const state = spec
      .given([created, activated(1)])
      .when({ type: 'EditRuleSet', name: 'promo', document: edited })
      .then([{ type: 'RuleSetEdited', data: { name: 'promo', version: 2, document: edited } }]);
    expect(activeRuleSet(state)?.version).toBe(1);
    spec
      .given([created, activated(1)])
      .when({ type: 'ActivateRuleSet', name: 'promo', version: 1, reason: 'again' })
      .thenRejects('rules.already-active', { activeVersion: 1 });
    spec
      .given([created, activated(1)])
      .when({ type: 'ActivateRuleSet', name: 'promo', version: 3, reason: 'x' })
      .thenRejects('rules.version-not-found', { latestVersion: 1 });
    spec
      .given([created])
      .when({ type: 'ActivateRuleSet', name: 'promo', version: 1, reason: '  ' })
      .thenRejects('rules.reason-missing', { field: 'reason' });
  });

  it('retires a set so it evaluates nothing; activating a version brings it back', () => {
    const state = spec
      .given([created, activated(1)])
      .when({ type: 'RetireRuleSet', name: 'promo', reason: 'campaign over' })
      .then([{ type: 'RuleSetRetired', data: { name: 'promo', version: 1, reason: 'campaign over' } }]);
    expect(activeRuleSet(state)).toBeUndefined();
    const retired = record({ type: 'RuleSetRetired', data: { name: 'promo', version: 1, reason: 'over' } }, 2);
    spec
      .given([created, activated(1), retired])
      .when({ type: 'RetireRuleSet', name: 'promo', reason: 'x' })
      .thenRejects('rules.already-retired');
    spec
      .given([created, activated(1), retired])
      .when({ type: 'ActivateRuleSet', name: 'promo', version: 1, reason: 'back' })
      .then([{ type: 'RuleSetActivated', data: { name: 'promo', version: 1, reason: 'back' } }]);
  });

  it('knows the default set before anything is recorded: version 1 built in and active; an edit is version 2', () => {
    expect(activeRuleSet(ruleSetStateOf(ruleSetDecider.initialState(), 'default'))).toEqual({
      version: 1,
      document: DEFAULT_RULE_SET,
    });
    const next = { ...DEFAULT_RULE_SET, rules: DEFAULT_RULE_SET.rules.slice(1) };
    const state = spec
      .given([])
      .when({ type: 'EditRuleSet', name: 'default', document: next })
      .then([{ type: 'RuleSetEdited', data: { name: 'default', version: 2, document: next } }]);
    expect(activeRuleSet(state)?.version).toBe(1);
    spec
      .given([])
      .when({ type: 'CreateRuleSet', name: 'default', document: DEFAULT_RULE_SET })
      .thenRejects('rules.set-exists');
    spec.given([]).when({ type: 'EditRuleSet', name: 'nope', document: promo }).thenRejects('rules.set-not-found');
  });
});
