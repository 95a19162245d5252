import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

const as = (role: string, id = `staff-${role}`) => ({ 'x-ordinal-role': role, 'x-ordinal-actor-id': id });

describe('customer erasure, export and consent over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ privacy: true, headers: as('cs') });
  });
  afterAll(async () => {
    await api.close();
  });

  async function place(customerId: string): Promise<string> {
    const body = placeOrderBody({ customer: { customerId, name: 'Jane Doe', email: 'jane@example.org' } });
    const response = await api.request('POST', '/orders', { body });
    expect(response.status).toBe(201);
    await api.waitForOrder(response.body.orderId, response.body.revision);
    return response.body.orderId;
  }

  it('records an erasure with who and why on the customer stream, then has the keys shredded', async () => {
    const customerId = `c-${randomUUID()}`;
    const response = await api.request('POST', `/customers/${customerId}/erase`, {
      headers: { ...as('privacy', 'dpo-1'), 'idempotency-key': `erase-${customerId}` },
      body: { reason: 'GDPR art. 17, ticket 4711' },
    });
    expect([response.status, response.text]).toEqual([200, expect.any(String)]);
    expect(response.body).toEqual({
      customerId,
      reason: 'GDPR art. 17, ticket 4711',
      erasedBy: { kind: 'user', id: 'dpo-1', role: 'privacy' },
      erasedAt: expect.any(String),
      payloads: [],
      keysDestroyed: 1,
      revision: 1,
    });
    const [recorded] = await api.events.readStream(`customer-${customerId}`);
    expect(recorded?.type).toBe('CustomerErased');
    expect(recorded?.metadata.actor).toEqual({ kind: 'user', id: 'dpo-1', role: 'privacy' });
    expect(api.shredded).toContain(customerId);

    const again = await api.request('POST', `/customers/${customerId}/erase`, {
      headers: { ...as('privacy', 'dpo-1'), 'idempotency-key': `erase-${customerId}` },
      body: { reason: 'GDPR art. 17, ticket 4711' },
    });
    expect([again.status, again.headers.get('idempotent-replayed'), again.body.revision]).toEqual([200, 'true', 1]);
  });

  it('refuses an erasure without a reason (naming the field) and by a role that may not erase', async () => {
    const customerId = `c-${randomUUID()}`;
    const blank = await api.request('POST', `/customers/${customerId}/erase`, {
      headers: as('admin'),
      body: { reason: '   ' },
    });
    expect([blank.status, blank.body.error, blank.body.details.field]).toEqual([
      422,
      'customer.invalid-command',
      '/reason',
    ]);
    const missing = await api.request('POST', `/customers/${customerId}/erase`, { headers: as('admin'), body: {} });
    expect(missing.status).toBe(400);
    const cs = await api.request('POST', `/customers/${customerId}/erase`, { body: { reason: 'asked' } });
    expect([cs.status, cs.body.error]).toEqual([403, 'auth.forbidden']);
    expect(await api.events.streamRevision(`customer-${customerId}`)).toBe(0);
  });

  it('records consent given and withdrawn, answers it per customer and feeds the changes to integrations', async () => {
    const customerId = `c-${randomUUID()}`;
    const own = as('customer', customerId);
    const before = (await api.request('GET', '/consents?limit=1000', { headers: as('integration') })).body.next;
    const give = await api.request('POST', `/customers/${customerId}/consent`, {
      headers: own,
      body: { purpose: 'marketing', channel: 'email', granted: true, source: 'checkout' },
    });
    expect([give.status, give.text]).toEqual([200, expect.any(String)]);
    expect(give.body.consents).toEqual([
      { purpose: 'marketing', channel: 'email', granted: true, source: 'checkout', changedAt: expect.any(String) },
    ]);
    const twice = await api.request('POST', `/customers/${customerId}/consent`, {
      headers: own,
      body: { purpose: 'marketing', channel: 'email', granted: true, source: 'checkout' },
    });
    expect([twice.status, twice.body.error]).toEqual([409, 'customer.consent-unchanged']);
    await api.request('POST', `/customers/${customerId}/consent`, {
      body: { purpose: 'marketing', channel: 'email', granted: false, source: 'phone call' },
    });
    const read = await api.request('GET', `/customers/${customerId}/consent`, { headers: own });
    expect(read.body).toMatchObject({ customerId, revision: 2, consents: [{ granted: false, source: 'phone call' }] });
    const other = await api.request('GET', `/customers/${customerId}/consent`, { headers: as('customer', 'someone') });
    expect(other.status).toBe(404);

    const feed = await api.request('GET', `/consents?after=${before}`, { headers: as('integration') });
    expect(feed.status).toBe(200);
    const mine = feed.body.changes.filter((change: { customerId: string }) => change.customerId === customerId);
    expect(mine.map((change: { kind: string; source: string }) => [change.kind, change.source])).toEqual([
      ['given', 'checkout'],
      ['withdrawn', 'phone call'],
    ]);
    expect(feed.body.next).toBeGreaterThan(before);
    const rest = await api.request('GET', `/consents?after=${feed.body.next}`, { headers: as('integration') });
    expect(rest.body).toEqual({ changes: [], next: feed.body.next });
  });

  it('exports everything held about a customer to them or to staff, and no one else’s', async () => {
    const customerId = `c-${randomUUID()}`;
    const orderId = await place(customerId);
    await place(`c-${randomUUID()}`);
    await api.request('POST', `/customers/${customerId}/consent`, {
      body: { purpose: 'marketing', channel: 'sms', granted: true, source: 'webshop' },
    });
    const response = await api.request('GET', `/customers/${customerId}/export`, {
      headers: as('customer', customerId),
    });
    expect([response.status, response.text]).toEqual([200, expect.any(String)]);
    const body = response.body;
    expect(body.customerId).toBe(customerId);
    expect(body.consents).toMatchObject([{ purpose: 'marketing', channel: 'sms', granted: true }]);
    expect(body.customerEvents.map((e: { type: string }) => e.type)).toEqual(['ConsentGiven']);
    expect(body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([orderId]);
    const placed = body.orders[0].events.find((e: { type: string }) => e.type === 'OrderPlaced');
    expect(placed.data.customer).toMatchObject({ customerId, name: 'Jane Doe', email: 'jane@example.org' });
    expect(body.readModels.orderTracking.map((d: { orderId: string }) => d.orderId)).toEqual([orderId]);
    expect(body.erasures).toEqual([]);
    // The account's risk view and repurchase estimates are rendered from its orders' documents.
    let views = body.readModels;
    for (let i = 0; i < 200 && (views.riskAccounts.length === 0 || views.repurchaseEstimates.length === 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      views = (await api.request('GET', `/customers/${customerId}/export`, { headers: as('privacy') })).body.readModels;
    }
    expect(views.riskAccounts).toEqual([
      expect.objectContaining({
        id: customerId,
        customerId,
        ordersSeen: 1,
        holds: [],
        velocity: expect.objectContaining({ orders: 1, orderIds: [orderId] }),
        revisions: [{ orderId, revision: 1 }],
      }),
    ]);
    expect(views.repurchaseEstimates).toEqual([
      expect.objectContaining({ id: customerId, customerId, revisions: [{ orderId, revision: 1 }] }),
    ]);
    expect(views.repurchaseEstimates[0].skus.length).toBeGreaterThan(0);

    const stranger = await api.request('GET', `/customers/${customerId}/export`, { headers: as('customer', 'other') });
    expect(stranger.status).toBe(404);
    const unknown = await api.request('GET', `/customers/c-${randomUUID()}/export`, { headers: as('privacy') });
    expect([unknown.status, unknown.body.error]).toEqual([404, 'customer.not-found']);
    const ops = await api.request('GET', `/customers/${customerId}/export`, { headers: as('ops') });
    expect(ops.status).toBe(403);
  });
});
