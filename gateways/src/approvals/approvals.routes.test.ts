import { parseApprovalEscalation } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

const FINANCE = { 'x-ordinal-role': 'finance', 'x-ordinal-actor-id': 'fiona' };
const OPS = { 'x-ordinal-role': 'ops', 'x-ordinal-actor-id': 'olga' };
const CS = { 'x-ordinal-role': 'cs', 'x-ordinal-actor-id': 'carl' };
const ADMIN = { 'x-ordinal-role': 'admin', 'x-ordinal-actor-id': 'ana' };
const HOUR = 3_600_000;
const policy = parseApprovalEscalation('finance=4h>ops');
if ('error' in policy) throw new Error(policy.error);

interface Item {
  orderId: string;
  currentRole: string;
  mayDecide: string[];
  askedAt: string;
  escalations: { toRole: string }[];
}

describe('the approvals queue through the real API', () => {
  let api: TestApi;
  beforeAll(async () => {
    // The default rule set asks finance to approve orders above 5,000.00.
    api = await startTestApi({ rules: true, approvals: policy, headers: OPS });
  });
  afterAll(async () => {
    await api.close();
  });

  const place = async (orderId: string, unitPrice: number) => {
    const lines = [
      { sku: 'SKU-GOLD', name: 'Gold watch', quantity: 1, unitPrice: { amount: unitPrice, currency: 'EUR' } },
    ];
    const response = await api.request('POST', '/orders', {
      body: placeOrderBody({ orderId, lines, customer: { customerId: 'cust-9' } }),
    });
    expect(response.status, response.text).toBe(201);
  };
  const queue = async (query = '', headers = FINANCE) =>
    (await api.request('GET', `/approvals${query}`, { headers })).body as { count: number; items: Item[] };
  const untilQueue = async (check: (items: Item[]) => boolean, query = '') => {
    for (let i = 0; i < 500; i++) {
      const { items } = await queue(query);
      if (check(items)) return items;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the approvals queue did not change in time');
  };
  const main = async (orderId: string) =>
    ((await api.request('GET', `/orders/${orderId}/state`)).body as { status: { main: string } }).status.main;

  it('lists an order above 5,000.00 for finance with the rule that asked and when it escalates', async () => {
    await place('ap-big', 600_000);
    await place('ap-small', 10_000);
    const items = await untilQueue((found) => found.some((item) => item.orderId === 'ap-big'), '?role=finance');
    expect(items.map((item) => item.orderId)).toEqual(['ap-big']);
    const [item] = items;
    expect(item).toMatchObject({
      customerId: 'cust-9',
      salesChannel: 'webshop',
      total: { amount: 600_490, currency: 'EUR' },
      role: 'finance',
      currentRole: 'finance',
      mayDecide: ['finance', 'admin'],
      rule: { ruleSet: 'default', version: 1, ruleId: 'large-order-approval' },
      escalations: [],
      escalatesTo: 'ops',
    });
    expect((item as unknown as { reason: string }).reason).toMatch(/5,000/);
    expect((item as unknown as { dueAt: string }).dueAt).toBe(
      new Date(Date.parse(item?.askedAt ?? '') + 4 * HOUR).toISOString(),
    );
    expect((await queue('?role=ops')).items).toEqual([]);
    expect((await queue('?role=admin')).items.map((i) => i.orderId)).toEqual(['ap-big']);
    expect((await queue('', CS)).count).toBe(1);
  });

  it('refuses other roles (order.approval-role) and a missing reason; finance approves and is recorded as the decider', async () => {
    const refused = await api.request('POST', '/approvals/ap-big/approve', {
      headers: OPS,
      body: { reason: 'looks fine' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      error: 'order.approval-role',
      details: { allowedRoles: ['finance', 'admin'] },
    });
    const noReason = await api.request('POST', '/approvals/ap-big/approve', { headers: FINANCE, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details).toMatchObject({ field: '/reason' });
    const auditor = await api.request('POST', '/approvals/ap-big/approve', {
      headers: { 'x-ordinal-role': 'auditor', 'x-ordinal-actor-id': 'aud' },
      body: { reason: 'x' },
    });
    expect(auditor.body.error).toBe('auth.forbidden');

    const approved = await api.request('POST', '/approvals/ap-big/approve', {
      headers: FINANCE,
      body: { reason: 'known customer, paid by transfer' },
    });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.events[0]).toMatchObject({
      type: 'OrderApproved',
      data: {
        role: 'finance',
        reason: 'known customer, paid by transfer',
        decidedBy: { kind: 'user', id: 'fiona', role: 'finance' },
      },
    });
    expect(await main('ap-big')).toBe('confirmed');
    await untilQueue((items) => items.length === 0);
    const again = await api.request('POST', '/approvals/ap-big/reject', { headers: FINANCE, body: { reason: 'late' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('order.not-awaiting-approval');
  });

  it('after an escalation the approval is in the next role’s queue too, and that role decides', async () => {
    await place('ap-late', 700_000);
    const [waiting] = await untilQueue((items) => items.some((i) => i.orderId === 'ap-late'));
    const escalate = {
      type: 'EscalateApproval',
      fromRole: 'finance',
      toRole: 'ops',
      deadline: waiting?.askedAt,
      rule: 'finance=4h>ops',
      timeoutMs: 4 * HOUR,
    };
    const byCs = await api.request('POST', '/orders/ap-late/commands', { headers: CS, body: escalate });
    expect(byCs.status).toBe(403);
    expect(byCs.body.error).toBe('order.approval-role');
    const byAdmin = await api.request('POST', '/orders/ap-late/commands', { headers: ADMIN, body: escalate });
    expect(byAdmin.status, byAdmin.text).toBe(200);
    const [escalated] = await untilQueue((items) => items[0]?.currentRole === 'ops', '?role=ops');
    expect(escalated).toMatchObject({
      orderId: 'ap-late',
      role: 'finance',
      mayDecide: ['finance', 'ops', 'admin'],
      escalations: [{ fromRole: 'finance', toRole: 'ops', level: 1, rule: 'finance=4h>ops' }],
      // ops has no step in the policy: it does not escalate again.
      dueAt: null,
      escalatesTo: null,
    });
    expect((await queue('?role=finance')).items.map((i) => i.orderId)).toEqual(['ap-late']);

    const rejected = await api.request('POST', '/approvals/ap-late/reject', {
      headers: OPS,
      body: { reason: 'card used in three countries' },
    });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body.events[0].data).toEqual({
      role: 'ops',
      reason: 'card used in three countries',
      decidedBy: { kind: 'user', id: 'olga', role: 'ops' },
    });
    expect(await main('ap-late')).toBe('cancelled');
  });
});
