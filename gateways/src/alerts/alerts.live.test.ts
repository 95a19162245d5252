import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { TestSocket } from '../testing/live-socket.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('the alerts feed at /ws', () => {
  let api: TestApi;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    api = await startTestApi({ alerts: true, live: { heartbeatMs: 60_000 }, headers: { 'x-ordinal-role': 'ops' } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await api.close();
  });

  it('sends each alert raised, acknowledged and resolved, with the rule, subject, summary and figures', async () => {
    const socket = await TestSocket.open(api.wsUrl, { headers: { 'x-ordinal-role': 'ops' } });
    sockets.push(socket);
    socket.send({ type: 'subscribe', id: 'board', feed: 'alerts' });
    expect(await socket.find((m) => m.type === 'subscribed')).toEqual({
      type: 'subscribed',
      id: 'board',
      feed: 'alerts',
    });
    const body = placeOrderBody({ lines: [{ sku: 'HOT-1', name: 'Fan', quantity: 11, unitPrice: eur(1_000) }] });
    expect((await api.request('POST', '/orders', { body })).status).toBe(201);
    const raised = await socket.find((m) => m.type === 'alert');
    expect(raised).toMatchObject({
      id: 'board',
      alert: {
        eventType: 'AlertRaised',
        status: 'open',
        rule: { ruleId: 'sku-sales-surge', version: 1 },
        subject: { kind: 'sku', id: 'HOT-1' },
        figures: { recentUnits: 11, basis: 'new-demand' },
        audience: 'purchasing',
      },
    });
    const { alertId } = raised.alert;
    expect(raised.alert.summary).toContain('HOT-1');
    await api.request('POST', `/alerts/${alertId}/acknowledge`, { body: { note: 'on it' } });
    await api.request('POST', `/alerts/${alertId}/resolve`, { body: { reason: 'restocked' } });
    await socket.find((m) => m.type === 'alert' && m.alert.status === 'resolved');
    expect(socket.messages.filter((m) => m.type === 'alert').map((m) => [m.alert.alertId, m.alert.status])).toEqual([
      [alertId, 'open'],
      [alertId, 'acknowledged'],
      [alertId, 'resolved'],
    ]);
  });

  it('is for those who may watch the ops feed; a customer is refused', async () => {
    const socket = await TestSocket.open(api.wsUrl, {
      headers: { 'x-ordinal-role': 'customer', 'x-ordinal-actor-id': 'c' },
    });
    sockets.push(socket);
    socket.send({ type: 'subscribe', id: 'board', feed: 'alerts' });
    expect(await socket.find((m) => m.type === 'error')).toMatchObject({ id: 'board', code: 'auth.forbidden' });
    socket.send({ type: 'subscribe', id: 'x', feed: 'alerts', filters: {} });
    expect(await socket.find((m) => m.type === 'error' && m.id === 'x')).toMatchObject({
      code: 'message.invalid',
      details: { field: '/filters' },
    });
  });
});
