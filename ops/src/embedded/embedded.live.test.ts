import { LiveClient, type WebSocketLike } from '@ordinal/gateways';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { tokenFor } from '../auth/client-auth.ts';
import { steppingClock, type TempDataDir, tempDataDir, testConfig } from '../testing/data-dir.ts';
import { apiClient } from '../testing/http-client.ts';
import { type EmbeddedSystem, startEmbedded } from './embedded.ts';

const PLACE_ORDER = {
  orderId: 'o-live-e2e',
  customer: { customerId: 'cust-live', name: 'Jane Doe' },
  channel: { salesChannel: 'webshop' },
  lines: [{ lineId: '1', sku: 'SKU-RED', name: 'Red mug', quantity: 1, unitPrice: { amount: 1250, currency: 'EUR' } }],
  shippingAddress: { name: 'Jane Doe', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
  shippingFee: { amount: 490, currency: 'EUR' },
  currency: 'EUR',
};

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the embedded OMS serves the live protocol', () => {
  let dir: TempDataDir;
  let system: EmbeddedSystem | undefined;
  let live: LiveClient | undefined;

  beforeEach(async () => {
    dir = await tempDataDir();
  });

  afterEach(async () => {
    live?.close();
    await system?.close();
    system = undefined;
    await dir.remove();
  });

  it('streams an order’s events and views at /ws, and an ops feed of changes filtered by channel', async () => {
    system = await startEmbedded(testConfig(dir.path), steppingClock());
    const api = apiClient(system.url, testConfig(dir.path));
    expect((await api.post('/orders', PLACE_ORDER)).status).toBe(201);
    live = new LiveClient({
      url: `${system.url.replace(/^http/, 'ws')}/ws?token=${tokenFor(testConfig(dir.path), { role: 'ops' }, 600)}`,
      connect: (url) => new WebSocket(url) as unknown as WebSocketLike,
    });
    const events: string[] = [];
    const views: string[] = [];
    const changes: string[] = [];
    live.watchOrder(
      'o-live-e2e',
      {
        onEvent: (event) => events.push(String(event.type)),
        onView: (view) => views.push(String((view.status as { main: string }).main)),
      },
      0,
    );
    live.watchOps({ channel: ['webshop'] }, { onChange: (change) => changes.push(String(change.eventType)) });
    await until(() => views.length === 1, 'the first view');
    expect(events).toEqual(['OrderPlaced', 'RulesApplied', 'OrderConfirmed']);
    expect((await api.post('/orders/o-live-e2e/commands', { type: 'HoldOrder', reason: 'check' })).status).toBe(200);
    await until(() => events.length === 4 && changes.length === 1, 'the hold');
    expect(events[3]).toBe('OrderHeld');
    expect(views.at(-1)).toBe('onHold');
    expect(changes).toEqual(['OrderHeld']);
  });
});
