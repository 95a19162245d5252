import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import { DEFAULT_ROUTING_POLICY } from './routing.policy.ts';
import { routingPolicyDecider } from './routing-policy.decider.ts';
import {
  activeRoutingPolicy,
  type RoutingPolicyActivated,
  type RoutingPolicyDrafted,
  type RoutingPolicyEvent,
  routingPolicyVersion,
} from './routing-policy.events.ts';

const admin = { kind: 'user', id: 'ana.lima', role: 'admin' } as const;
const facts = () => ({
  now: '2026-12-04T12:00:00.000Z',
  metadata: { commandId: 'c', correlationId: 'c', actor: admin },
});
const metadata = { schemaVersion: 1, occurredAt: facts().now, correlationId: 'c', causationId: 'c', actor: admin };
const spec = deciderSpec(
  routingPolicyDecider,
  facts,
  (draft, index) => ({ ...draft, eventId: `e${index}`, metadata }) as RoutingPolicyEvent,
);

/** The default policy, weighing shipping cost three times as much, without a version. */
const { version: _, ...costFirst } = {
  ...DEFAULT_ROUTING_POLICY,
  name: 'cost-first',
  weights: { ...DEFAULT_ROUTING_POLICY.weights, shippingCost: 3 },
};
const drafted = (version: number): RoutingPolicyDrafted => ({
  eventId: `d${version}`,
  type: 'RoutingPolicyDrafted',
  data: { version, policy: { ...costFirst, version } },
  metadata,
});
const activated = (version: number, previousVersion: number): RoutingPolicyActivated => ({
  eventId: `a${version}`,
  type: 'RoutingPolicyActivated',
  data: { version, previousVersion, reason: 'test' },
  metadata,
});
const draft = (policy: unknown) => ({ type: 'DraftRoutingPolicy' as const, policy });
const activate = (version: number, reason = 'cheaper freight in the south') => ({
  type: 'ActivateRoutingPolicy' as const,
  version,
  reason,
});

describe('routing policy decider', () => {
  it('starts with the built-in default as version 1, active, and numbers the first draft 2', () => {
    const state = spec
      .given([])
      .when(draft(costFirst))
      .then([{ type: 'RoutingPolicyDrafted', data: { version: 2, policy: { ...costFirst, version: 2 } } }]);
    expect(state.activeVersion).toBe(1);
    expect(activeRoutingPolicy(state)).toBe(DEFAULT_ROUTING_POLICY);
    expect(routingPolicyVersion(state, 2)?.name).toBe('cost-first');
    expect(routingPolicyVersion(state, 3)).toBeUndefined();
  });

  it('takes a document that names the next version, and refuses one that names another', () => {
    spec
      .given([drafted(2)])
      .when(draft({ ...costFirst, version: 3 }))
      .then([{ type: 'RoutingPolicyDrafted', data: { version: 3, policy: { ...costFirst, version: 3 } } }]);
    spec
      .given([drafted(2)])
      .when(draft({ ...costFirst, version: 2 }))
      .thenRejects('routing.policy-version-conflict', { expectedVersion: 3, latestVersion: 2 });
  });

  it('refuses an invalid document with every problem and its field', () => {
    const brazil = costFirst.tariffs.BR as NonNullable<(typeof costFirst.tariffs)['BR']>;
    const broken = {
      ...costFirst,
      tariffs: { ...costFirst.tariffs, BR: { ...brazil, currency: 'reais' } },
      weights: { ...costFirst.weights, distance: -1 },
      maxShipments: 0,
    };
    const rejection = spec.given([]).when(draft(broken)).thenRejects('routing.invalid-policy');
    expect(rejection.details?.problems).toEqual(
      expect.arrayContaining([
        { field: 'tariffs.BR.currency', problem: 'must be an ISO 4217 code' },
        { field: 'weights.distance', problem: 'must not be negative' },
        { field: 'maxShipments', problem: 'must be an integer of at least 1' },
      ]),
    );
    expect(rejection.details?.problems).toHaveLength(3);
    spec
      .given([])
      .when(draft('not a policy'))
      .thenRejects('routing.invalid-policy', { problems: [{ field: '', problem: 'must be an object' }] });
  });

  it('activates a draft, recording the reason and the version it replaces', () => {
    const state = spec
      .given([drafted(2), drafted(3)])
      .when(activate(3, '  cheaper freight in the south '))
      .then([
        {
          type: 'RoutingPolicyActivated',
          data: { version: 3, previousVersion: 1, reason: 'cheaper freight in the south' },
        },
      ]);
    expect(activeRoutingPolicy(state)).toEqual({ ...costFirst, version: 3 });
  });

  it('rolls back to an earlier version, the built-in default included', () => {
    spec
      .given([drafted(2), activated(2, 1)])
      .when(activate(1, 'back to the default'))
      .then([
        { type: 'RoutingPolicyActivated', data: { version: 1, previousVersion: 2, reason: 'back to the default' } },
      ]);
  });

  it('refuses to activate the active version, an unknown one, or without a reason', () => {
    spec
      .given([drafted(2), activated(2, 1)])
      .when(activate(2))
      .thenRejects('routing.policy-already-active', { version: 2, activeVersion: 2 });
    spec.given([]).when(activate(1)).thenRejects('routing.policy-already-active', { version: 1 });
    spec
      .given([drafted(2)])
      .when(activate(3))
      .thenRejects('routing.policy-not-found', { version: 3, latestVersion: 2 });
    spec
      .given([drafted(2)])
      .when(activate(0))
      .thenRejects('routing.policy-not-found');
    spec
      .given([drafted(2)])
      .when(activate(2, '   '))
      .thenRejects('routing.activation-reason-missing', {
        field: 'reason',
      });
  });

  it('keeps every version in one stream', () => {
    expect(routingPolicyDecider.entityId(activate(2))).toBe('policies');
    expect(routingPolicyDecider.category).toBe('routing');
    expect(routingPolicyDecider.describe(routingPolicyDecider.initialState())).toEqual({
      activeVersion: 1,
      latestVersion: 1,
    });
  });
});
