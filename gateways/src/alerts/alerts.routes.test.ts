import { DEFAULT_ALERT_RULE_SET } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

const ADMIN = { 'x-ordinal-role': 'admin', 'x-ordinal-actor-id': 'ana.lima' };
const OPS = { 'x-ordinal-role': 'ops', 'x-ordinal-actor-id': 'rui.costa' };
const CUSTOMER = { 'x-ordinal-role': 'customer', 'x-ordinal-actor-id': 'c-1' };
const eur = (amount: number) => ({ amount, currency: 'EUR' });

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('alerts over HTTP', () => {
  let api: TestApi;
  let alertId = '';
  beforeAll(async () => {
    api = await startTestApi({ alerts: true, headers: OPS });
    // 12 units of a SKU that sold nothing before: new demand from the surge rule's 10-unit minimum.
    const body = placeOrderBody({ lines: [{ sku: 'SURGE-1', name: 'Fan', quantity: 12, unitPrice: eur(2_000) }] });
    expect((await api.request('POST', '/orders', { body })).status).toBe(201);
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists the alert a placement raised, open, with the rule, version and figures', async () => {
    const list = await eventually(
      () => api.request('GET', '/alerts?status=open'),
      (r) => r.body.count === 1,
    );
    expect(list.status).toBe(200);
    const [alert] = list.body.items;
    alertId = alert.alertId;
    expect(alert).toMatchObject({
      status: 'open',
      rule: { ruleSet: 'default', version: 1, ruleId: 'sku-sales-surge', kind: 'skuSalesSurge' },
      subject: { kind: 'sku', id: 'SURGE-1' },
      figures: { recentUnits: 12, previousUnits: 0, basis: 'new-demand' },
      notify: { audience: 'purchasing' },
      acknowledged: null,
      resolved: null,
    });
    expect(alertId).toMatch(/^sku-sales-surge\.SURGE-1\.\d{4}-\d{2}-\d{2}$/);
    expect((await api.request('GET', `/alerts/${alertId}`)).body.summary).toContain('SURGE-1');
    expect((await api.request('GET', '/alerts?status=resolved')).body.count).toBe(0);
    expect((await api.request('GET', '/alerts?status=sleeping')).status).toBe(400);
    expect((await api.request('GET', '/alerts', { headers: CUSTOMER })).status).toBe(403);
  });

  it('acknowledges once, with who and the note; resolves by hand with a reason', async () => {
    const ack = await api.request('POST', `/alerts/${alertId}/acknowledge`, { body: { note: 'asked the buyer' } });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ alertId, status: 'acknowledged', by: { kind: 'user', id: 'rui.costa' } });
    const again = await api.request('POST', `/alerts/${alertId}/acknowledge`, { body: {} });
    expect([again.status, again.body.error]).toEqual([409, 'alert.already-acknowledged']);
    const blank = await api.request('POST', `/alerts/${alertId}/resolve`, { body: { reason: '   ' } });
    expect([blank.status, blank.body.error]).toEqual([422, 'alert.reason-missing']);
    const resolved = await api.request('POST', `/alerts/${alertId}/resolve`, { body: { reason: 'stock ordered' } });
    expect(resolved.status).toBe(200);
    const view = await api.waitForRevision(`/alerts/${alertId}`, 3);
    expect(view.body).toMatchObject({
      status: 'resolved',
      acknowledged: { note: 'asked the buyer', by: { id: 'rui.costa' } },
      resolved: { how: 'by-hand', reason: 'stock ordered', by: { id: 'rui.costa' } },
    });
    expect((await api.request('POST', '/alerts/nope/acknowledge', { body: {} })).status).toBe(404);
  });

  it('serves the delivery log of an alert, and 404 for an alert never raised', async () => {
    const log = await api.request('GET', `/alerts/${alertId}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body).toEqual({ alertId, deliveries: [] });
    const missing = await api.request('GET', '/alerts/nope/deliveries');
    expect([missing.status, missing.body.error]).toEqual([404, 'alert.not-found']);
  });

  it('versions the alert rules: the built-in default, a draft with its problems, an activation with a reason', async () => {
    const list = await api.request('GET', '/alerts/rules');
    expect(list.body.sets).toEqual([{ name: 'default', activeVersion: 1, latestVersion: 1, builtIn: true }]);
    const v1 = await api.request('GET', '/alerts/rules/default/versions/1');
    expect(v1.body).toEqual({ name: 'default', version: 1, status: 'active', document: DEFAULT_ALERT_RULE_SET });

    const bad = { ...DEFAULT_ALERT_RULE_SET, rules: [{ ...DEFAULT_ALERT_RULE_SET.rules[0], thresholdPercent: -1 }] };
    const refused = await api.request('POST', '/alerts/rules/default/versions', { body: bad, headers: ADMIN });
    expect([refused.status, refused.body.error]).toEqual([422, 'alert.invalid-rule-set']);
    expect(refused.body.details.problems).toEqual([
      { field: '/rules/0/thresholdPercent', reason: 'must be a whole number from 0 to 10000' },
    ]);
    const stricter = {
      ...DEFAULT_ALERT_RULE_SET,
      rules: DEFAULT_ALERT_RULE_SET.rules.map((r) => (r.kind === 'skuSalesSurge' ? { ...r, thresholdPercent: 80 } : r)),
    };
    expect((await api.request('POST', '/alerts/rules/default/versions', { body: stricter })).status).toBe(403);
    const drafted = await api.request('POST', '/alerts/rules/default/versions', { body: stricter, headers: ADMIN });
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ name: 'default', version: 2, status: 'draft' });
    // A draft written against version 1 (meant to become 2) now that 2 exists: refused, nothing recorded.
    const stale = await api.request('POST', '/alerts/rules/default/versions?expectedVersion=2', {
      body: stricter,
      headers: ADMIN,
    });
    expect([stale.status, stale.body.error, stale.body.details]).toEqual([
      409,
      'alert.version-conflict',
      { expectedVersion: 2, latestVersion: 2 },
    ]);
    const activate = (reason: string) =>
      api.request('POST', '/alerts/rules/default/versions/2/activate', { body: { reason }, headers: ADMIN });
    expect((await activate('fewer surges')).status).toBe(200);
    expect((await activate('again')).body.error).toBe('alert.version-active');
    const set = await api.request('GET', '/alerts/rules/default');
    expect(set.body).toMatchObject({ activeVersion: 2, latestVersion: 2, builtIn: false });
    expect(set.body.versions.map((v: { status: string }) => v.status)).toEqual(['draft', 'active']);
    expect(set.body.changes).toMatchObject([
      { type: 'AlertRuleSetDrafted', version: 2, by: { id: 'ana.lima' } },
      { type: 'AlertRuleSetActivated', version: 2, reason: 'fewer surges', by: { id: 'ana.lima' } },
    ]);
    expect((await api.request('GET', '/alerts/rules/nope')).status).toBe(404);
  });
});
