import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../auth/auth.token.ts';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

const SECRET = 'cross-origin-test-secret-0123456789abcdef';
const SHOP = 'https://shop.example.com';
const ELSEWHERE = 'https://evil.example.net';

const preflight = (origin: string) => ({
  headers: {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'authorization, content-type',
  },
});

describe('browser origins (CORS) with tokens checked', () => {
  let api: TestApi;
  const token = issueToken([SECRET], { sub: 'shop-front', role: 'integration', ttlSeconds: 600 }, new Date());
  const bearer = { authorization: `Bearer ${token}` };
  beforeAll(async () => {
    api = await startTestApi({ auth: { mode: 'tokens', secrets: [SECRET] }, allowedOrigins: [SHOP] });
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers a listed origin’s preflight without a token, naming what it may send', async () => {
    const answer = await api.request('OPTIONS', '/orders', preflight(SHOP));
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
    expect(answer.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets the listed origin read the answer of a call with its token, and shows it the order’s location', async () => {
    const placed = await api.request('POST', '/orders', {
      body: placeOrderBody(),
      headers: { origin: SHOP, ...bearer },
    });
    expect(placed.status).toBe(201);
    expect(placed.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(placed.headers.get('access-control-expose-headers')).toContain('location');
  });

  it('gives any other origin no CORS header, so a browser keeps the answer from its page', async () => {
    const asked = await api.request('OPTIONS', '/orders', preflight(ELSEWHERE));
    // Answered, but without Access-Control-Allow-Origin the browser does not send the call.
    expect(asked.headers.get('access-control-allow-origin')).toBeNull();
    const read = await api.request('GET', '/orders', { headers: { origin: ELSEWHERE, ...bearer } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('still asks every call but the preflight for a token', async () => {
    const anonymous = await api.request('POST', '/orders', { body: placeOrderBody(), headers: { origin: SHOP } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('auth.token-missing');
  });
});

describe('browser origins without a list', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('adds no CORS header: only pages of the API’s own origin call it', async () => {
    const asked = await api.request('OPTIONS', '/orders', preflight(SHOP));
    expect(asked.headers.get('access-control-allow-origin')).toBeNull();
    const read = await api.request('GET', '/orders', { headers: { origin: SHOP, 'x-ordinal-role': 'ops' } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });
});
