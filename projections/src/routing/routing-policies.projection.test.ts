import { DEFAULT_ROUTING_POLICY } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { projectionSpec } from '../testing/projection-spec.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import {
  builtInRoutingPolicies,
  ROUTING_POLICIES_COLLECTION,
  type RoutingPoliciesDocument,
  routingPoliciesProjection,
} from './routing-policies.projection.ts';

const ADMIN = { kind: 'user', id: 'ana.lima', role: 'admin' } as const;
const OPS = { kind: 'user', id: 'rui.costa', role: 'ops' } as const;
const policies = projectionSpec(routingPoliciesProjection, {
  collection: ROUTING_POLICIES_COLLECTION,
  idOf: () => 'policies',
});
const at = (revision: number) => `2026-12-0${revision}T10:00:00.000Z`;
const drafted = (revision: number, version: number) =>
  recordedEvent({
    streamId: 'routing-policies',
    revision,
    position: revision * 10,
    occurredAt: at(revision),
    metadata: { actor: OPS },
    type: 'RoutingPolicyDrafted',
    data: { version, policy: { ...DEFAULT_ROUTING_POLICY, version, name: `v${version}` } },
  });
const activated = (revision: number, version: number, previousVersion: number) =>
  recordedEvent({
    streamId: 'routing-policies',
    revision,
    position: revision * 10,
    occurredAt: at(revision),
    metadata: { actor: ADMIN },
    type: 'RoutingPolicyActivated',
    data: { version, previousVersion, reason: `to v${version}` },
  });
const statuses = (doc: unknown) =>
  (doc as RoutingPoliciesDocument).versions.map((v) => [v.version, v.name, v.status] as const);

describe('routingPolicies projection', () => {
  it('starts from the built-in version 1, active', () => {
    expect(statuses(builtInRoutingPolicies())).toEqual([[1, 'default', 'active']]);
  });

  it('RoutingPolicyDrafted adds a draft with who drafted it and when; applied twice changes nothing', async () => {
    const draft = drafted(1, 2);
    const result = await policies.given([]).when(draft, draft).then({
      id: 'policies',
      revision: 1,
      activeVersion: 1,
      activations: [],
    });
    expect(result.outcomes).toEqual(['applied', 'duplicate']);
    expect(statuses(result.doc)).toEqual([
      [1, 'default', 'active'],
      [2, 'v2', 'draft'],
    ]);
    expect((result.doc as RoutingPoliciesDocument).versions[1]).toMatchObject({
      builtIn: false,
      draftedBy: OPS,
      draftedAt: at(1),
      policy: { name: 'v2', version: 2 },
    });
  });

  it('RoutingPolicyActivated makes the version active and retires the one it replaces; applied twice changes nothing', async () => {
    const activation = activated(3, 3, 1);
    const result = await policies
      .given([drafted(1, 2), drafted(2, 3)])
      .when(activation, activation)
      .then({ revision: 3, activeVersion: 3 });
    expect(result.outcomes).toEqual(['applied', 'duplicate']);
    expect(statuses(result.doc)).toEqual([
      [1, 'default', 'retired'],
      [2, 'v2', 'draft'],
      [3, 'v3', 'active'],
    ]);
    const doc = result.doc as RoutingPoliciesDocument;
    const trail = { version: 3, previousVersion: 1, reason: 'to v3', activatedBy: ADMIN, activatedAt: at(3) };
    expect(doc.activations).toEqual([trail]);
    expect(doc.versions[2]?.lastActivation).toEqual(trail);
    expect(doc.versions[0]?.retiredAt).toBe(at(3));
  });

  it('a rollback makes a retired version active again', async () => {
    const result = await policies
      .given([drafted(1, 2), activated(2, 2, 1)])
      .when(activated(3, 1, 2))
      .then({ activeVersion: 1 });
    expect(statuses(result.doc)).toEqual([
      [1, 'default', 'active'],
      [2, 'v2', 'retired'],
    ]);
    const doc = result.doc as RoutingPoliciesDocument;
    expect(doc.versions[0]?.retiredAt).toBeUndefined();
    expect(doc.activations.map((a) => a.version)).toEqual([2, 1]);
  });

  it('fills a gap from the log: an activation received before its draft', async () => {
    const result = await policies
      .given([])
      .when(activated(2, 2, 1))
      .withLog([drafted(1, 2)])
      .then({ revision: 2, activeVersion: 2 });
    expect(statuses(result.doc)).toEqual([
      [1, 'default', 'retired'],
      [2, 'v2', 'active'],
    ]);
  });
});
