import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { TestSocket } from '../testing/live-socket.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

let api: TestApi;
const sockets: TestSocket[] = [];

/** A client of the ops role, as the trusted identity headers say (the feed is for cs, ops and admin). */
async function open(): Promise<TestSocket> {
  const socket = await TestSocket.open(api.wsUrl, { headers: { 'x-ordinal-role': 'ops' } });
  sockets.push(socket);
  return socket;
}

async function placeOrder(orderId: string): Promise<void> {
  const placed = await api.request('POST', '/orders', { body: placeOrderBody({ orderId }) });
  expect(placed.status).toBe(201);
}

async function note(orderId: string, n: number): Promise<void> {
  const response = await api.request('POST', `/orders/${orderId}/commands`, {
    body: { type: 'AddNote', noteId: `n-${n}`, text: `note ${n}`, visibility: 'internal' },
  });
  expect(response.status).toBe(200);
}

beforeEach(async () => {
  api = await startTestApi({ live: { heartbeatMs: 60_000 } });
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await api.close();
});

describe('order subscriptions at /ws', () => {
  it('sends the events after fromRevision, the tracking view, then each new event and view', async () => {
    await placeOrder('o-live-1');
    await note('o-live-1', 1);
    const socket = await open();
    socket.send({ type: 'subscribe', id: 's1', order: 'o-live-1', fromRevision: 0 });
    const view = await socket.find((m) => m.type === 'view');
    expect(socket.messages.map((m) => [m.type, m.revision])).toEqual([
      ['subscribed', 3],
      ['event', 1],
      ['event', 2],
      ['event', 3],
      ['view', 3],
    ]);
    expect(socket.messages.slice(1, 4).map((m) => m.event.type)).toEqual([
      'OrderPlaced',
      'OrderConfirmed',
      'NoteAdded',
    ]);
    expect(view.view).toMatchObject({ orderId: 'o-live-1', revision: 3, status: { main: 'confirmed' } });

    const seen = socket.messages.length;
    const held = await api.request('POST', '/orders/o-live-1/commands', {
      body: { type: 'HoldOrder', reason: 'address check' },
    });
    expect(held.status).toBe(200);
    const next = await socket.find((m) => m.type === 'view' && m.revision === 4, seen);
    expect(next.view.hold).toMatchObject({ reason: 'address check' });
    expect(socket.messages.slice(seen).map((m) => [m.type, m.revision])).toEqual([
      ['event', 4],
      ['view', 4],
    ]);
  });

  it('without fromRevision starts at the current revision: the view, then only what is new', async () => {
    await placeOrder('o-live-2');
    const socket = await open();
    socket.send({ type: 'subscribe', id: 'a', order: 'o-live-2' });
    await socket.find((m) => m.type === 'view');
    await note('o-live-2', 1);
    await socket.find((m) => m.type === 'view' && m.revision === 3);
    expect(socket.messages.map((m) => `${m.type}:${m.revision}`)).toEqual([
      'subscribed:2',
      'view:2',
      'event:3',
      'view:3',
    ]);
  });

  it('answers unknown orders and revisions ahead of the stream with an error, and the connection stays usable', async () => {
    await placeOrder('o-live-3');
    const socket = await open();
    socket.send({ type: 'subscribe', id: 'x', order: 'nope' });
    expect(await socket.find((m) => m.type === 'error')).toMatchObject({ id: 'x', code: 'order.not-found' });
    socket.send({ type: 'subscribe', id: 'y', order: 'o-live-3', fromRevision: 9 });
    expect(await socket.find((m) => m.type === 'error' && m.id === 'y')).toMatchObject({
      code: 'order.revision-ahead',
      details: { fromRevision: 9, revision: 2 },
    });
    // The failed ids are free again.
    socket.send({ type: 'subscribe', id: 'x', order: 'o-live-3' });
    expect(await socket.find((m) => m.type === 'view' && m.id === 'x')).toMatchObject({ revision: 2 });
  });

  it('keeps several subscriptions apart on one connection and stops one on unsubscribe', async () => {
    await placeOrder('o-a');
    await placeOrder('o-b');
    const socket = await open();
    socket.send({ type: 'subscribe', id: 'a', order: 'o-a' });
    socket.send({ type: 'subscribe', id: 'b', order: 'o-b' });
    await socket.find((m) => m.type === 'view' && m.id === 'a');
    await socket.find((m) => m.type === 'view' && m.id === 'b');
    socket.send({ type: 'unsubscribe', id: 'a' });
    await socket.find((m) => m.type === 'unsubscribed' && m.id === 'a');
    const from = socket.messages.length;
    await note('o-a', 1);
    await note('o-b', 1);
    await socket.find((m) => m.type === 'view' && m.id === 'b' && m.revision === 3, from);
    expect(socket.messages.slice(from).filter((m) => m.id === 'a')).toEqual([]);
    socket.send({ type: 'unsubscribe', id: 'a' });
    expect(await socket.find((m) => m.type === 'error', from)).toMatchObject({
      id: 'a',
      code: 'subscription.not-found',
    });
  });
});

describe('bad messages', () => {
  it('answers each with a typed error and keeps the connection', async () => {
    const socket = await open();
    const cases: [unknown, string, string?][] = [
      ['not json', 'message.malformed'],
      [[1, 2], 'message.malformed'],
      [{ type: 'dance' }, 'message.unknown-type'],
      [{ type: 'subscribe', id: 'a b', order: 'o' }, 'message.invalid', '/id'],
      [{ type: 'subscribe', id: 's', order: 'o', fromRevision: -1 }, 'message.invalid', '/fromRevision'],
      [{ type: 'subscribe', id: 's', order: 'o', extra: 1 }, 'message.invalid', '/extra'],
      [{ type: 'subscribe', id: 's', feed: 'all' }, 'message.invalid', '/feed'],
      [{ type: 'subscribe', id: 's', feed: 'ops', filters: { status: [] } }, 'message.invalid', '/filters/status'],
    ];
    for (const [message, code, field] of cases) {
      const from = socket.messages.length;
      socket.send(message);
      const error = await socket.find((m) => m.type === 'error', from);
      expect(error.code, JSON.stringify(message)).toBe(code);
      if (field !== undefined) expect(error.details.field).toBe(field);
    }
    socket.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await socket.find((m) => m.type === 'error' && m.message.includes('binary'))).toMatchObject({
      code: 'message.malformed',
    });
    socket.send({ type: 'ping', id: 'p1' });
    expect(await socket.find((m) => m.type === 'pong')).toEqual({ type: 'pong', id: 'p1' });
  });

  it('closes with 1009 a frame above the size limit, and the server goes on serving', async () => {
    const socket = await open();
    socket.send({ type: 'ping', id: 'x'.repeat(20_000) });
    expect((await socket.closed).code).toBe(1009);
    const again = await open();
    again.send({ type: 'ping' });
    expect(await again.find((m) => m.type === 'pong')).toEqual({ type: 'pong' });
  });

  it('refuses upgrades on other paths', async () => {
    await expect(TestSocket.open(`${api.wsUrl}/elsewhere`)).rejects.toThrow('upgrade refused: 404');
  });
});

describe('the ops feed', () => {
  it('sends each change that passes every filter, with the order’s state after it', async () => {
    const socket = await open();
    socket.send({ type: 'subscribe', id: 'tmall', feed: 'ops', filters: { channel: 'tmall' } });
    socket.send({ type: 'subscribe', id: 'held', feed: 'ops', filters: { status: ['onHold'], customer: ['cust-9'] } });
    socket.send({ type: 'subscribe', id: 'all', feed: 'ops' });
    await socket.find((m) => m.type === 'subscribed' && m.id === 'all');
    const tmall = placeOrderBody({ orderId: 'o-tm', channel: { salesChannel: 'tmall' } });
    const web = placeOrderBody({ orderId: 'o-web', customer: { customerId: 'cust-9', name: 'Li Lei' } });
    expect((await api.request('POST', '/orders', { body: tmall })).status).toBe(201);
    expect((await api.request('POST', '/orders', { body: web })).status).toBe(201);
    const hold = { type: 'HoldOrder', reason: 'check' };
    expect((await api.request('POST', '/orders/o-web/commands', { body: hold })).status).toBe(200);
    expect((await api.request('POST', '/orders/o-tm/commands', { body: hold })).status).toBe(200);
    await socket.find(
      (m) => m.type === 'change' && m.id === 'all' && m.change.orderId === 'o-tm' && m.change.revision === 3,
    );
    const changes = (id: string) =>
      socket.messages
        .filter((m) => m.type === 'change' && m.id === id)
        .map((m) => `${m.change.orderId}:${m.change.eventType}`);
    expect(changes('all')).toEqual([
      'o-tm:OrderPlaced',
      'o-tm:OrderConfirmed',
      'o-web:OrderPlaced',
      'o-web:OrderConfirmed',
      'o-web:OrderHeld',
      'o-tm:OrderHeld',
    ]);
    expect(changes('tmall')).toEqual(['o-tm:OrderPlaced', 'o-tm:OrderConfirmed', 'o-tm:OrderHeld']);
    expect(changes('held')).toEqual(['o-web:OrderHeld']);
    const held = socket.messages.find((m) => m.id === 'held' && m.type === 'change');
    expect(held.change).toMatchObject({
      status: { main: 'onHold' },
      stage: 'onHold',
      channel: 'webshop',
      customerId: 'cust-9',
    });
  });
});
