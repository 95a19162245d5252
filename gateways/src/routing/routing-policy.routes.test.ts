import { DEFAULT_ROUTING_POLICY, type OrderRouting, type RecordedEvent, recordedRoutingOf } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

const ADMIN = { 'x-ordinal-role': 'admin', 'x-ordinal-actor-id': 'ana.lima' };
const OPS = { 'x-ordinal-role': 'ops', 'x-ordinal-actor-id': 'rui.costa' };
const warehouse = (locationId: string, lat: number, lng: number, dailyCapacity: number) => ({
  locationId,
  name: locationId,
  kind: 'warehouse',
  coordinates: { lat, lng },
  region: 'SP',
  country: 'BR',
  capabilities: ['fragile', 'express'],
  dailyCapacity,
  active: true,
});
/** The default weights with the capacity factor off: the small warehouse near the customer wins again. */
const { version: _, ...ignoreCapacity } = {
  ...DEFAULT_ROUTING_POLICY,
  name: 'ignore-capacity',
  weights: { ...DEFAULT_ROUTING_POLICY.weights, capacity: 0 },
};
const order = (sku = 'SKU-RED') =>
  placeOrderBody({
    lines: [{ sku, name: 'Red mug', quantity: 1, unitPrice: { amount: 1250, currency: 'BRL' } }],
    shippingAddress: {
      name: 'Ana Souza',
      line1: 'Praça da Sé 1',
      city: 'São Paulo',
      region: 'SP',
      postalCode: '01001',
      country: 'BR',
    },
    shippingFee: { amount: 990, currency: 'BRL' },
    currency: 'BRL',
  });

describe('routing policies over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ routing: true, headers: OPS });
    // wh-near is closer to the customer (the middle of the region's locations) but has only 5
    // shipments a day, so under the default policy its capacity factor sends orders to wh-far.
    for (const body of [
      warehouse('wh-near', -23.45, -46.53, 5),
      warehouse('wh-far', -23.7, -46.55, 500),
      warehouse('wh-empty', -23.44, -46.52, 500),
    ]) {
      expect((await api.request('POST', '/locations', { body })).status).toBe(201);
    }
    for (const locationId of ['wh-near', 'wh-far']) {
      const body = { type: 'ReceiveStock', locationId, quantity: 50, reference: 'PO-1' };
      expect((await api.request('POST', '/inventory/SKU-RED/commands', { body })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await api.close();
  });

  const policyEvents = () => api.events.readStream('routing-policies');
  /** Places an order and waits for the router's decision on it. */
  async function routed(sku?: string): Promise<{ orderId: string; event: RecordedEvent }> {
    const placed = await api.request('POST', '/orders', { body: order(sku) });
    expect(placed.status).toBe(201);
    const { orderId } = placed.body as { orderId: string };
    for (let i = 0; i < 500; i++) {
      const event = (await api.events.readStream(`order-${orderId}`)).find((e) => recordedRoutingOf(e));
      if (event !== undefined) return { orderId, event };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`order ${orderId} was not routed`);
  }
  const planOf = (event: RecordedEvent) => {
    const decision = recordedRoutingOf(event)?.decision;
    return decision?.outcome === 'routed' ? decision.plan.map((s) => s.locationId) : [];
  };

  it('drafts, simulates and activates a policy; the next order is routed under it, earlier ones stay as recorded', async () => {
    const listed = await api.request('GET', '/routing/policies');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      activeVersion: 1,
      revision: 0,
      versions: [{ version: 1, name: 'default', status: 'active', builtIn: true }],
      activations: [],
    });

    // Drafting is the admin's: the guard refuses any other role before the route runs.
    const notAdmin = await api.request('POST', '/routing/policies', { body: ignoreCapacity, headers: OPS });
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body).toMatchObject({ error: 'auth.forbidden', details: { role: 'ops', allowedRoles: ['admin'] } });
    const drafted = await api.request('POST', '/routing/policies', { body: ignoreCapacity, headers: ADMIN });
    expect(drafted.status).toBe(201);
    expect(drafted.body).toEqual({ version: 2, name: 'ignore-capacity', status: 'draft' });

    // Orders routed under version 1 go to the warehouse with room; one nobody stocks is held.
    const first = await routed();
    const second = await routed();
    const held = await routed('SKU-NOBODY');
    expect(planOf(first.event)).toEqual(['wh-far']);
    expect(planOf(second.event)).toEqual(['wh-far']);
    expect(held.event.type).toBe('OrderHeld');
    const headBefore = await api.events.headPosition();

    const simulated = await api.request('POST', '/routing/policies/2/simulate', { body: { limit: 10 }, headers: OPS });
    expect(simulated.status).toBe(200);
    expect(simulated.body.policy).toEqual({ version: 2, name: 'ignore-capacity' });
    expect(simulated.body.orders).toBe(3);
    expect(simulated.body.changed).toEqual(
      [first, second].map(({ orderId }) => ({
        orderId,
        before: expect.objectContaining({ policyVersion: 1, plan: 'wh-far standard [1]', outcome: 'routed' }),
        after: expect.objectContaining({ policyVersion: 2, plan: 'wh-near standard [1]', outcome: 'routed' }),
      })),
    );
    const recordedTotals = [first, second].map(({ event }) => {
      const decision = (event.data as { routing: OrderRouting }).routing.decision;
      return decision.outcome === 'routed' ? decision.totals : undefined;
    });
    const { before, after } = simulated.body.totals;
    expect(before).toMatchObject({ orders: 3, routed: 2, unroutable: 1, shipments: 2, splitRate: 0, promiseMisses: 0 });
    expect(before.shippingCosts).toHaveLength(1);
    expect(before.shippingCosts[0].amount).toBe(
      recordedTotals.reduce((sum, t) => sum + (t?.shippingCost.amount ?? 0), 0),
    );
    expect(before.distanceKm).toBeCloseTo(
      recordedTotals.reduce((sum, t) => sum + (t?.distanceKm ?? 0), 0),
      1,
    );
    expect(after.distanceKm).toBeLessThan(before.distanceKm);
    // The latest order alone; and the recorded version changes nothing.
    const last = await api.request('POST', '/routing/policies/2/simulate', { body: { limit: 1 } });
    expect(last.body).toMatchObject({ orders: 1, changed: [], totals: { before: { unroutable: 1 } } });
    const same = await api.request('POST', '/routing/policies/1/simulate', { body: {} });
    expect(same.body).toMatchObject({ orders: 3, changed: [] });
    // A simulation records nothing.
    expect(await api.events.headPosition()).toBe(headBefore);

    const activated = await api.request('POST', '/routing/policies/2/activate', {
      body: { reason: 'the small warehouse has room again' },
      headers: ADMIN,
    });
    expect(activated.status).toBe(200);
    expect(activated.body).toEqual({
      version: 2,
      previousVersion: 1,
      reason: 'the small warehouse has room again',
      activatedBy: { kind: 'user', id: 'ana.lima', role: 'admin' },
    });
    const [, activation] = await policyEvents();
    expect(activation?.metadata.actor).toEqual({ kind: 'user', id: 'ana.lima', role: 'admin' });

    const third = await routed();
    expect(planOf(third.event)).toEqual(['wh-near']);
    expect(recordedRoutingOf(third.event)?.decision.policyVersion).toBe(2);
    // The orders routed before keep their recorded decision.
    expect((await api.events.readStream(`order-${first.orderId}`)).find((e) => e.type === 'OrderAllocated')).toEqual(
      first.event,
    );

    const view = await api.waitForRevision('/routing/policies', 2);
    expect(view.body.activeVersion).toBe(2);
    expect(view.body.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'retired'],
      [2, 'active'],
    ]);
    expect(view.body.versions[1]).toMatchObject({
      draftedBy: { kind: 'user', id: 'ana.lima', role: 'admin' },
      lastActivation: { reason: 'the small warehouse has room again', previousVersion: 1 },
    });
    const one = await api.request('GET', '/routing/policies/2');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ version: 2, status: 'active', policy: { version: 2, weights: { capacity: 0 } } });
  });

  it('refuses an invalid draft with every problem and its field, and records nothing', async () => {
    const before = (await policyEvents()).length;
    const body = {
      ...ignoreCapacity,
      tariffs: { ...ignoreCapacity.tariffs, BR: { ...ignoreCapacity.tariffs.BR, currency: 'reais' } },
      scales: { ...ignoreCapacity.scales, distanceKm: 0 },
    };
    const refused = await api.request('POST', '/routing/policies', { body, headers: ADMIN });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('routing.invalid-policy');
    expect(refused.body.details.problems).toEqual([
      { field: 'scales.distanceKm', problem: 'must be greater than 0' },
      { field: 'tariffs.BR.currency', problem: 'must be an ISO 4217 code' },
    ]);
    const conflict = await api.request('POST', '/routing/policies', {
      body: { ...ignoreCapacity, version: 1 },
      headers: ADMIN,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: 'routing.policy-version-conflict', details: { expectedVersion: 3 } });
    expect((await api.request('POST', '/routing/policies', { raw: '[1]', headers: ADMIN })).status).toBe(400);
    expect(await policyEvents()).toHaveLength(before);
  });

  it('answers activations and simulations it cannot make with a code and the field', async () => {
    const activate = (version: number | string, body: unknown, headers = ADMIN) =>
      api.request('POST', `/routing/policies/${version}/activate`, { body, headers });
    const again = await activate(2, { reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'routing.policy-already-active', details: { version: 2 } });
    expect((await activate(9, { reason: 'typo' })).body).toMatchObject({
      error: 'routing.policy-not-found',
      details: { version: 9 },
    });
    expect((await activate(9, { reason: 'typo' })).status).toBe(404);
    const blank = await activate(1, { reason: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body).toMatchObject({ error: 'routing.activation-reason-missing', details: { field: 'reason' } });
    const missing = await activate(1, {});
    expect(missing.status).toBe(400);
    expect(missing.body.details.field).toBe('/reason');
    expect((await activate('two', { reason: 'x' })).status).toBe(400);
    expect((await activate(1, { reason: 'x' }, OPS)).status).toBe(403);

    const unknown = await api.request('POST', '/routing/policies/9/simulate', { body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('routing.policy-not-found');
    const tooMany = await api.request('POST', '/routing/policies/1/simulate', { body: { limit: 0 } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details.field).toBe('/limit');
    expect((await api.request('GET', '/routing/policies/9')).status).toBe(404);
  });
});
