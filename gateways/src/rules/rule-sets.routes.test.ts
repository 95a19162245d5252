import { DEFAULT_RULE_SET } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

const ADMIN = { 'x-ordinal-role': 'admin', 'x-ordinal-actor-id': 'ana.lima' };
const OPS = { 'x-ordinal-role': 'ops', 'x-ordinal-actor-id': 'rui.costa' };
const CS = { 'x-ordinal-role': 'cs', 'x-ordinal-actor-id': 'cs.agent' };
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const big = placeOrderBody({
  lines: [{ sku: 'TV', name: 'TV', quantity: 1, unitPrice: eur(450_000) }],
  shippingFee: eur(0),
});
const vip = placeOrderBody({ customer: { customerId: 'cust-9', tier: 'vip' } });
/** Version 2 of the default set: approval from 4,000.00 and no more VIP gifts. */
const v2 = {
  ...DEFAULT_RULE_SET,
  rules: [
    { ...DEFAULT_RULE_SET.rules[0]!, when: { fact: 'order.total', op: 'gt', value: 400_000 } },
    DEFAULT_RULE_SET.rules[1]!,
  ],
};

describe('rule sets over HTTP', () => {
  let api: TestApi;
  const ids: string[] = [];
  beforeAll(async () => {
    api = await startTestApi({ rules: true, headers: OPS });
    for (const body of [big, vip]) {
      const placed = await api.request('POST', '/orders', { body });
      expect(placed.status).toBe(201);
      ids.push(placed.body.orderId);
    }
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists the built-in default set, active as version 1, and shows its document', async () => {
    const list = await api.request('GET', '/rules/sets', { headers: CS });
    expect(list.status).toBe(200);
    expect(list.body.sets).toEqual([
      {
        name: 'default',
        description: DEFAULT_RULE_SET.description,
        activeVersion: 1,
        latestVersion: 1,
        retired: false,
        builtIn: true,
      },
    ]);
    const v1 = await api.request('GET', '/rules/sets/default/versions/1', { headers: CS });
    expect(v1.body).toEqual({ name: 'default', version: 1, status: 'active', document: DEFAULT_RULE_SET });
    expect((await api.request('GET', '/rules/sets/default/versions/9')).body.error).toBe('rules.version-not-found');
    expect((await api.request('GET', '/rules/sets/nope')).status).toBe(404);
  });

  it('recorded what the default set did at placement in the order stream', async () => {
    const [bigId, vipId] = ids;
    const events = await api.events.readStream(`order-${vipId}`);
    expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'RulesApplied', 'OrderConfirmed']);
    expect(events[1]?.data).toMatchObject({ ruleSet: 'default', version: 1, matched: ['vip-gift'] });
    const tracked = await api.waitForOrder(vipId!, 3);
    expect(tracked.body.lines.at(-1)).toMatchObject({ lineId: 'gift-1', sku: 'GIFT-VIP', gift: true });
    const bigEvents = await api.events.readStream(`order-${bigId}`);
    // 4,500.00 matched no rule of version 1, and records the version it met and the facts seen.
    expect(bigEvents.map((e) => e.type)).toEqual(['OrderPlaced', 'RulesApplied', 'OrderConfirmed']);
    expect(bigEvents[1]?.data).toMatchObject({
      ruleSet: 'default',
      version: 1,
      matched: [],
      addedLines: [],
      facts: { 'order.total': 450_000 },
    });
  });

  it('refuses writes to any role but admin, and an invalid document with every problem', async () => {
    const forbidden = await api.request('POST', '/rules/sets', { body: { ...v2, name: 'promo' } });
    expect(forbidden.status).toBe(403);
    const invalid = await api.request('POST', '/rules/sets', {
      headers: ADMIN,
      body: {
        name: 'promo',
        description: '',
        rules: [{ id: 'x', name: 'x', when: { fact: 'order.size', op: 'gt', value: 1 }, then: [] }],
      },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error).toBe('rules.invalid-rule-set');
    expect(invalid.body.details.problems.map((p: { field: string }) => p.field)).toEqual([
      '/rules/0/when/fact',
      '/rules/0/then',
    ]);
    const created = await api.request('POST', '/rules/sets', { headers: ADMIN, body: { ...v2, name: 'promo' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name: 'promo', version: 1, status: 'draft' });
    const again = await api.request('POST', '/rules/sets', { headers: ADMIN, body: { ...v2, name: 'promo' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('rules.set-exists');
  });

  it('edits the default set into a draft, dry-runs it on the recorded orders, then activates it', async () => {
    const edited = await api.request('POST', '/rules/sets/default/versions', { headers: ADMIN, body: v2 });
    expect(edited.status).toBe(201);
    expect(edited.body).toEqual({ name: 'default', version: 2, status: 'draft' });

    const dryRun = await api.request('POST', '/rules/sets/default/versions/2/dry-run', { body: { last: 10 } });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({
      ruleSet: { name: 'default', version: 2 },
      orders: 2,
      changed: 2,
      differencesByField: { matched: 2, approval: 1, giftLines: 1 },
    });
    const [bigResult] = dryRun.body.results;
    expect(bigResult).toMatchObject({ orderId: ids[0], recordedVersion: 1, recordedMatched: [] });
    expect(bigResult.wouldMatch).toEqual(['large-order-approval']);
    expect(bigResult.facts['order.total']).toBe(450_000);

    const one = await api.request('POST', '/rules/sets/default/versions/2/dry-run', { body: { orderId: ids[1] } });
    expect(one.body.results.map((r: { orderId: string }) => r.orderId)).toEqual([ids[1]]);
    const unknown = await api.request('POST', '/rules/sets/default/versions/2/dry-run', { body: { orderId: 'nope' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('rules.order-not-found');
    const cs = await api.request('POST', '/rules/sets/default/versions/2/dry-run', { headers: CS, body: { last: 1 } });
    expect(cs.status).toBe(403);

    // A dry-run records nothing; the recorded orders keep their decisions after the activation.
    const before = await api.events.readStream(`order-${ids[0]}`);
    const activated = await api.request('POST', '/rules/sets/default/versions/2/activate', {
      headers: ADMIN,
      body: { reason: 'finance wants to see more orders' },
    });
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ name: 'default', version: 2, previousVersion: 1, by: { id: 'ana.lima' } });
    // The activation is answered once in force: an order placed at once meets version 2.
    const next = await api.request('POST', '/orders', { body: big });
    const nextEvents = await api.events.readStream(`order-${next.body.orderId}`);
    expect(nextEvents.map((e) => e.type)).toEqual(['OrderPlaced', 'RulesApplied', 'ApprovalRequested']);
    expect(nextEvents[1]?.data).toMatchObject({ version: 2, matched: ['large-order-approval'] });
    const twice = await api.request('POST', '/rules/sets/default/versions/2/activate', {
      headers: ADMIN,
      body: { reason: 'again' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toBe('rules.already-active');
    expect(await api.events.readStream(`order-${ids[0]}`)).toEqual(before);

    const shown = await api.request('GET', '/rules/sets/default');
    expect(shown.body.versions).toEqual([
      { version: 1, status: 'draft', rules: 3 },
      { version: 2, status: 'active', rules: 2 },
    ]);
    expect(shown.body.changes.map((c: { type: string; reason?: string }) => [c.type, c.reason])).toEqual([
      ['RuleSetEdited', undefined],
      ['RuleSetActivated', 'finance wants to see more orders'],
    ]);
  });

  it('retires a set once, with a reason', async () => {
    const missing = await api.request('POST', '/rules/sets/promo/retire', { headers: ADMIN, body: { reason: ' ' } });
    expect(missing.status).toBe(422);
    const retired = await api.request('POST', '/rules/sets/promo/retire', {
      headers: ADMIN,
      body: { reason: 'unused' },
    });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ name: 'promo', reason: 'unused' });
    const twice = await api.request('POST', '/rules/sets/promo/retire', { headers: ADMIN, body: { reason: 'unused' } });
    expect(twice.body.error).toBe('rules.already-retired');
  });

  it('defines products in the catalogue the rules read, once per change', async () => {
    const body = { name: 'Red mug', tags: ['fragile', 'kitchen'], listPrice: eur(1250) };
    const defined = await api.request('PUT', '/catalogue/products/SKU-RED', { body });
    expect(defined.status).toBe(200);
    expect(defined.body).toEqual({ sku: 'SKU-RED', ...body, version: 1 });
    expect((await api.request('PUT', '/catalogue/products/SKU-RED', { body })).body.error).toBe('catalogue.unchanged');
    const invalid = await api.request('PUT', '/catalogue/products/SKU-RED', { body: { ...body, tags: ['Fragile'] } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.details.problems).toEqual([
      { field: '/tags/0', problem: 'must be lower-case letters, digits or dashes' },
    ]);
    expect((await api.request('PUT', '/catalogue/products/SKU-RED', { headers: CS, body })).status).toBe(403);
    const read = await api.request('GET', '/catalogue/products/SKU-RED', { headers: CS });
    expect(read.body).toEqual({ sku: 'SKU-RED', ...body, version: 1 });
    expect((await api.request('GET', '/catalogue/products/SKU-NONE')).body.error).toBe('catalogue.product-not-found');
  });
});
