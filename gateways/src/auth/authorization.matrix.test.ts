import { ROLES, type Role } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_ROLES } from '../http/roles.ts';
import { startTestApi, type TestApi, type TestResponse } from '../testing/api.fixture.ts';
import { TestSocket } from '../testing/live-socket.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';
import type { RouteGrant } from './auth.guard.ts';
import { issueToken } from './auth.token.ts';

const SECRET = 'the-matrix-secret-of-at-least-32-characters';
const OTHER_SECRET = 'a-secret-this-service-never-had-32-characters';
const HOUR = 3600;

const token = (role: Role, sub: string, orderId?: string, secrets = [SECRET], now = new Date()) =>
  issueToken(secrets, { role, sub, ttlSeconds: HOUR, ...(orderId === undefined ? {} : { orderId }) }, now);
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
/** A staff member of the role, or customer A. */
const subjectOf = (role: Role) => (role === 'customer' ? 'cust-a' : `staff-${role}`);
const tokenOf = (role: Role) => token(role, subjectOf(role));

/** Orders: A1 and A2 placed by customer A, B1 by customer B. */
const A1 = 'o-matrix-a1';
const A2 = 'o-matrix-a2';
const B1 = 'o-matrix-b1';
const MISSING = 'o-matrix-never-placed';

const PARAMS: Record<string, string> = {
  orderId: A1,
  customerId: 'cust-a',
  sku: 'SKU-RED',
  locationId: 'wh-1',
  channel: 'shopify',
  id: 'shopify-1',
  carrier: 'sf-express',
  version: '1',
};

/** The route's URL with every parameter filled in (`orderId` overridable). */
function pathOf(grant: RouteGrant, params: Record<string, string> = {}): string {
  return grant.url
    .replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? PARAMS[name] ?? 'x'))
    .replace('*', 'index.html');
}

const AUTH_CODES = [
  'auth.token-missing',
  'auth.token-malformed',
  'auth.token-invalid',
  'auth.token-expired',
  'auth.forbidden',
];

let api: TestApi;
let grants: readonly RouteGrant[];

function call(grant: RouteGrant, headers: Record<string, string>, params?: Record<string, string>) {
  const writes = grant.method === 'POST' || grant.method === 'PUT';
  return api.request(grant.method, pathOf(grant, params), { headers, ...(writes ? { body: {} } : {}) });
}

/** The body of a 404 with the id it names taken out, to compare two of them. */
const withoutId = (response: TestResponse, id: string) => JSON.parse(response.text.replaceAll(id, '<id>'));

function expectLetThrough(grant: RouteGrant, response: TestResponse): void {
  const label = `${grant.method} ${grant.url}: ${response.status} ${response.text.slice(0, 200)}`;
  expect(AUTH_CODES, label).not.toContain(response.body?.error);
  // A public route may still refuse with its own 401 (a carrier's signature); a guarded one never does.
  if (!grant.public) expect([401, 403], label).not.toContain(response.status);
}

beforeAll(async () => {
  api = await startTestApi({
    auth: { mode: 'tokens', secrets: [SECRET] },
    channels: true,
    routing: true,
    carriers: new Map([['sf-express', 'a-carrier-secret-16+']]),
    kpis: { timeZone: 'UTC' },
    operations: true,
    privacy: true,
    live: { heartbeatMs: 60_000 },
  });
  // Unique method and path pairs; HEAD routes included, they answer as their GET.
  grants = api.app.routeGrants;
  const admin = bearer(tokenOf('admin'));
  for (const [orderId, customerId] of [
    [A1, 'cust-a'],
    [A2, 'cust-a'],
    [B1, 'cust-b'],
  ] as const) {
    const body = placeOrderBody({ orderId, customer: { customerId, name: customerId } });
    expect((await api.request('POST', '/orders', { body, headers: admin })).status).toBe(201);
  }
});

afterAll(async () => {
  await api.close();
});

describe('every route declares who may call it', () => {
  it('has roles or public: true on each registered route (a new route cannot forget)', () => {
    expect(grants.length).toBeGreaterThan(40);
    const undeclared = grants.filter((g) => !g.public && (g.roles === undefined || g.roles.length === 0));
    expect(undeclared.map((g) => `${g.method} ${g.url}`)).toEqual([]);
    const publicOnes = grants.filter((g) => g.public).map((g) => `${g.method} ${g.url}`);
    expect(publicOnes).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /ready',
        'GET /docs',
        'GET /docs/json',
        'POST /carriers/:carrier/events',
      ]),
    );
    expect(publicOnes.every((route) => /\/(health|ready|docs|carriers)\b/.test(route))).toBe(true);
  });
});

describe('the authorization matrix: every route × every role', () => {
  it('lets a role through exactly when the route names it, and refuses the others with 403', async () => {
    for (const grant of grants) {
      for (const role of ROLES) {
        const response = await call(grant, bearer(tokenOf(role)));
        const allowed = grant.public || (grant.roles ?? []).includes(role);
        if (allowed) {
          expectLetThrough(grant, response);
          continue;
        }
        expect(response.status, `${role} on ${grant.method} ${grant.url}`).toBe(403);
        if (grant.method === 'HEAD') continue;
        expect(response.body).toEqual({
          error: 'auth.forbidden',
          message: expect.stringContaining(role),
          details: { role, allowedRoles: grant.roles },
        });
      }
    }
  });

  it('refuses a missing, expired or foreign token with 401 on every guarded route; public ones answer anyway', async () => {
    const hourAgo = new Date(Date.now() - 2 * HOUR * 1000);
    const cases: { headers: Record<string, string>; code: string }[] = [
      { headers: {}, code: 'auth.token-missing' },
      { headers: bearer(token('admin', 'ana', undefined, [SECRET], hourAgo)), code: 'auth.token-expired' },
      { headers: bearer(token('admin', 'ana', undefined, [OTHER_SECRET])), code: 'auth.token-invalid' },
      { headers: bearer('not-a-token'), code: 'auth.token-malformed' },
      // The identity headers are not believed when tokens are in use.
      { headers: { 'x-ordinal-role': 'admin', 'x-ordinal-actor-id': 'mallory' }, code: 'auth.token-missing' },
    ];
    for (const grant of grants) {
      for (const { headers, code } of cases) {
        const response = await call(grant, headers);
        if (grant.public) {
          expectLetThrough(grant, response);
          continue;
        }
        expect(response.status, `${code} on ${grant.method} ${grant.url}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        if (grant.method !== 'HEAD') expect(response.body.error).toBe(code);
      }
    }
  });
});

describe('a customer reaches only their own orders', () => {
  const customerOrderRoutes = () =>
    grants.filter((g) => g.url.includes(':orderId') && (g.roles ?? []).includes('customer') && g.method !== 'HEAD');

  it('answers customer B’s order exactly as an order that does not exist, on every order route', async () => {
    const asA = bearer(tokenOf('customer'));
    expect(customerOrderRoutes().length).toBeGreaterThan(0);
    for (const grant of customerOrderRoutes()) {
      const own = await call(grant, asA, { orderId: A1 });
      expectLetThrough(grant, own);
      const someoneElses = await call(grant, asA, { orderId: B1 });
      const missing = await call(grant, asA, { orderId: MISSING });
      expect(someoneElses.status, `${grant.method} ${grant.url}`).toBe(404);
      expect(someoneElses.body.error).toBe('order.not-found');
      expect(withoutId(someoneElses, B1)).toEqual(withoutId(missing, MISSING));
      // And as a member of staff sees a missing order.
      if (grant.method === 'GET') {
        const staffMissing = await call(grant, bearer(tokenOf('cs')), { orderId: MISSING });
        expect(withoutId(someoneElses, B1)).toEqual(withoutId(staffMissing, MISSING));
      }
    }
  });

  it('keeps a one-order token to that order, and off the customer’s list', async () => {
    const link = bearer(token('customer', 'cust-a', A1));
    for (const grant of customerOrderRoutes()) {
      expectLetThrough(grant, await call(grant, link, { orderId: A1 }));
      const second = await call(grant, link, { orderId: A2 });
      expect(second.status).toBe(404);
      expect(withoutId(second, A2)).toEqual(withoutId(await call(grant, link, { orderId: MISSING }), MISSING));
    }
    expect((await api.request('GET', '/customers/cust-a/orders', { headers: link })).status).toBe(404);
  });

  it('answers another customer’s list exactly as a customer with no order', async () => {
    const asA = bearer(tokenOf('customer'));
    // The list is a read model: wait until it has both of A's orders.
    const ids = async () => {
      const own = await api.request('GET', '/customers/cust-a/orders', { headers: asA });
      return own.status === 200 ? own.body.items.map((i: { orderId: string }) => i.orderId).sort() : [];
    };
    const deadline = Date.now() + 10_000;
    while ((await ids()).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await ids()).toEqual(expect.arrayContaining([A1, A2]));
    const other = await api.request('GET', '/customers/cust-b/orders', { headers: asA });
    const nobody = await api.request('GET', '/customers/cust-nobody/orders', { headers: bearer(tokenOf('cs')) });
    expect(other.status).toBe(404);
    expect(withoutId(other, 'cust-b')).toEqual(withoutId(nobody, 'cust-nobody'));
  });

  it('places orders only for themselves', async () => {
    const asA = bearer(tokenOf('customer'));
    const forB = placeOrderBody({ orderId: 'o-matrix-forged', customer: { customerId: 'cust-b', name: 'B' } });
    const forged = await api.request('POST', '/orders', { body: forB, headers: asA });
    expect(forged.status).toBe(403);
    expect(forged.body.error).toBe('auth.forbidden');
    expect(await api.events.streamRevision('order-o-matrix-forged')).toBe(0);
    const own = placeOrderBody({ orderId: 'o-matrix-a3', customer: { customerId: 'cust-a', name: 'A' } });
    expect((await api.request('POST', '/orders', { body: own, headers: asA })).status).toBe(201);
  });
});

describe('identity in the events', () => {
  it('records the token’s user and role as the actor of every command, whatever the headers say', async () => {
    const headers = { ...bearer(token('cs', 'agent-7')), 'x-ordinal-role': 'admin', 'x-ordinal-actor-id': 'mallory' };
    const body = { type: 'AddNote', noteId: 'n-matrix', text: 'called', visibility: 'internal' };
    const answer = await api.request('POST', `/orders/${A1}/commands`, { body, headers });
    expect(answer.status).toBe(200);
    const [last] = await api.events.readStream(`order-${A1}`, { direction: 'backwards', maxCount: 1 });
    expect(last?.metadata.actor).toEqual({ kind: 'user', id: 'agent-7', role: 'cs' });
  });
});

describe('the websocket, per role', () => {
  const sockets: TestSocket[] = [];
  const open = async (value: string) => {
    const socket = await TestSocket.open(`${api.wsUrl}?token=${encodeURIComponent(value)}`);
    sockets.push(socket);
    return socket;
  };
  afterAll(() => {
    for (const socket of sockets) socket.socket.terminate();
  });

  /** Subscribes and answers whether the server took it (`subscribed`) or refused it (`auth.forbidden`). */
  async function subscribe(socket: TestSocket, message: Record<string, unknown>): Promise<'subscribed' | 'forbidden'> {
    socket.send(message);
    const answer = await socket.find((m) => m.id === message.id && (m.type === 'subscribed' || m.type === 'error'));
    if (answer.type === 'subscribed') return 'subscribed';
    expect(answer.code).toBe('auth.forbidden');
    return 'forbidden';
  }

  it('refuses the upgrade without a valid token', async () => {
    await expect(TestSocket.open(api.wsUrl)).rejects.toThrow('upgrade refused: 401');
    const expired = token('ops', 'o', undefined, [SECRET], new Date(Date.now() - 2 * HOUR * 1000));
    await expect(open(expired)).rejects.toThrow('upgrade refused: 401');
    await expect(open(token('ops', 'o', undefined, [OTHER_SECRET]))).rejects.toThrow('upgrade refused: 401');
    // Headers do not stand in for a token.
    await expect(TestSocket.open(api.wsUrl, { headers: { 'x-ordinal-role': 'admin' } })).rejects.toThrow('401');
  });

  it('lets each role watch orders and the ops feed as ROUTE_ROLES says', async () => {
    for (const role of ROLES) {
      const socket = await open(tokenOf(role));
      const order = await subscribe(socket, { type: 'subscribe', id: 'order', order: A1 });
      const feed = await subscribe(socket, { type: 'subscribe', id: 'feed', feed: 'ops' });
      expect({ role, order, feed }).toEqual({
        role,
        order: (ROUTE_ROLES.watchOrder as readonly Role[]).includes(role) ? 'subscribed' : 'forbidden',
        feed: (ROUTE_ROLES.watchOpsFeed as readonly Role[]).includes(role) ? 'subscribed' : 'forbidden',
      });
    }
  });

  it('refuses customer A a subscription to customer B’s order and leaks none of its events', async () => {
    const socket = await open(tokenOf('customer'));
    expect(await subscribe(socket, { type: 'subscribe', id: 'b', order: B1 })).toBe('forbidden');
    expect(await subscribe(socket, { type: 'subscribe', id: 'missing', order: MISSING })).toBe('forbidden');
    const link = await open(token('customer', 'cust-a', A1));
    expect(await subscribe(link, { type: 'subscribe', id: 'a2', order: A2 })).toBe('forbidden');
    expect(await subscribe(link, { type: 'subscribe', id: 'a1', order: A1 })).toBe('subscribed');
    // A change to B's order afterwards reaches the staff member watching it, and neither of A's connections.
    const watcher = await open(tokenOf('cs'));
    expect(await subscribe(watcher, { type: 'subscribe', id: 'b', order: B1 })).toBe('subscribed');
    const body = { type: 'AddNote', noteId: 'n-b', text: 'for B only', visibility: 'internal' };
    const headers = bearer(tokenOf('cs'));
    expect((await api.request('POST', `/orders/${B1}/commands`, { body, headers })).status).toBe(200);
    await watcher.find((m) => m.type === 'event' && m.orderId === B1);
    for (const client of [socket, link]) {
      expect(client.messages.filter((m) => m.orderId === B1 || JSON.stringify(m).includes('for B only'))).toEqual([]);
    }
  });

  it('closes a connection with 4001 when its token expires', async () => {
    const shortLived = issueToken([SECRET], { role: 'ops', sub: 'night-shift', ttlSeconds: 1 }, new Date());
    const socket = await open(shortLived);
    expect(await subscribe(socket, { type: 'subscribe', id: 'feed', feed: 'ops' })).toBe('subscribed');
    const closed = await socket.closed;
    expect(closed.code).toBe(4001);
    expect(closed.reason).toMatch(/expired/);
  });
});
