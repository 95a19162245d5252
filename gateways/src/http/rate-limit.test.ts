import { afterEach, describe, expect, it } from 'vitest';
import { placeOrderBody } from '../testing/order-bodies.ts';
import { type LimitedApi, startLimitedApi } from './back-pressure.fixture.ts';
import { rateLimitKey } from './rate-limit.ts';

describe('rateLimitKey', () => {
  const request = (headers: Record<string, string | string[]>) => ({ headers, ip: '10.0.0.7' });

  it('keys on the person, else the role at its address, else the address', () => {
    expect(rateLimitKey(request({ 'x-ordinal-actor-id': 'alice', 'x-ordinal-role': 'cs' }))).toBe('actor:alice');
    expect(rateLimitKey(request({ 'x-ordinal-role': 'ops' }))).toBe('role:ops@10.0.0.7');
    expect(rateLimitKey(request({}))).toBe('ip:10.0.0.7');
    expect(rateLimitKey(request({ 'x-ordinal-actor-id': '', 'x-ordinal-role': ['a', 'b'] }))).toBe('ip:10.0.0.7');
  });
});

describe('the per-client rate limit on the intake routes', () => {
  let api: LimitedApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function place(orderId: string, headers: Record<string, string> = {}) {
    const response = await api?.app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(placeOrderBody({ orderId })),
    });
    if (response === undefined) throw new Error('no API');
    return { status: response.statusCode, headers: response.headers, body: response.json() };
  }

  it('answers the request after the budget with 429 request.rate-limited; another client still passes', async () => {
    api = await startLimitedApi({ rateLimit: { max: 3, windowMs: 60_000 } });
    const alice = { 'x-ordinal-actor-id': 'alice' };
    for (const [i, remaining] of [2, 1, 0].entries()) {
      const placed = await place(`alice-${i}`, alice);
      expect(placed.status).toBe(201);
      expect([placed.headers['x-ratelimit-limit'], placed.headers['x-ratelimit-remaining']]).toEqual([
        '3',
        String(remaining),
      ]);
    }

    const refused = await place('alice-3', alice);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0' });
    expect(refused.body).toEqual({
      error: 'request.rate-limited',
      message: expect.stringContaining('at most 3 requests'),
      details: { limit: 3, windowMs: 60_000, retryAfterMs: retryAfter * 1000 },
    });
    expect(await api.events.streamRevision('order-alice-3')).toBe(0);

    // Both intake routes share the budget; the other routes do not count against it.
    const command = await api.app.inject({
      method: 'POST',
      url: '/orders/alice-0/commands',
      headers: alice,
      payload: { type: 'TagOrder', tag: 'vip' },
    });
    expect(command.statusCode).toBe(429);
    expect((await api.app.inject({ method: 'GET', url: '/health', headers: alice })).statusCode).toBe(200);

    expect((await place('bob-0', { 'x-ordinal-actor-id': 'bob' })).status).toBe(201);
    expect(api.shed).toEqual(['request.rate-limited', 'request.rate-limited']);
    expect(api.logs.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('counts an anonymous caller by its role and address', async () => {
    api = await startLimitedApi({ rateLimit: { max: 1, windowMs: 60_000 } });
    expect((await place('ops-0', { 'x-ordinal-role': 'ops' })).status).toBe(201);
    expect((await place('ops-1', { 'x-ordinal-role': 'ops' })).status).toBe(429);
    expect((await place('cs-0', { 'x-ordinal-role': 'cs' })).status).toBe(201);
    expect((await place('anonymous-0')).status).toBe(201);
    expect((await place('anonymous-1')).status).toBe(429);
  });

  it('is off unless configured', async () => {
    api = await startLimitedApi();
    for (let i = 0; i < 5; i += 1) {
      const placed = await place(`free-${i}`, { 'x-ordinal-actor-id': 'alice' });
      expect(placed.status).toBe(201);
      expect(placed.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});
