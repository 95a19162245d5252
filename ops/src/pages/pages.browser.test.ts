import { type ActorRef, describeActor } from '@ordinal/domain';
import { issueToken, SIGNATURE_HEADER, signBody } from '@ordinal/gateways';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedSystem, startEmbedded } from '../embedded/embedded.ts';
import { type TempDataDir, tempDataDir, testConfig } from '../testing/data-dir.ts';
import { BROWSER_REQUIRED, CHROMIUM_FOUND, CHROMIUM_PATH, callApi, screenshot } from './browser.fixture.ts';

const SECRET = 'pages-browser-test-secret-0123456789abcdef';
/** Given to the configuration, so these tests hold once the server checks tokens. */
const DHL_SECRET = 'dhl-pages-secret-0123456789';
/**
 * Given to the configuration: the token secret, no router (allocations are made by hand), and a
 * carrier whose pushes are retried soon when they come before the shipment is filed.
 */
const AUTH_ENV = {
  ORDINAL_AUTH_SECRETS: SECRET,
  ORDINAL_ROUTER: 'off',
  ORDINAL_CARRIER_SECRETS: `dhl=${DHL_SECRET}`,
  ORDINAL_CARRIER_RETRY_INTERVAL_MS: '200',
};

function placeOrder(orderId: string, salesChannel: string) {
  return {
    orderId,
    customer: { customerId: `cust-${orderId}`, name: 'Jane Doe' },
    channel: { salesChannel },
    lines: [
      { lineId: '1', sku: 'SKU-RED', name: 'Red mug', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } },
      { lineId: '2', sku: 'SKU-TEA', name: 'Green tea', quantity: 1, unitPrice: { amount: 899, currency: 'EUR' } },
    ],
    shippingAddress: { name: 'Jane Doe', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
    shippingFee: { amount: 490, currency: 'EUR' },
    currency: 'EUR',
  };
}

if (!CHROMIUM_FOUND && !BROWSER_REQUIRED) {
  console.warn(
    `[pages] browser tests skipped: no Chromium at ${CHROMIUM_PATH} (install Debian's chromium or set ORDINAL_CHROMIUM)`,
  );
}

describe.skipIf(!CHROMIUM_FOUND && !BROWSER_REQUIRED)('the pages in headless Chromium', () => {
  let dir: TempDataDir;
  let system: EmbeddedSystem;
  let port: number;
  let browser: Browser;
  const staff = issueToken([SECRET], { sub: 'floor-1', role: 'ops', ttlSeconds: 3600 }, new Date());
  const customerToken = (orderId: string) =>
    issueToken([SECRET], { sub: `cust-${orderId}`, role: 'customer', orderId, ttlSeconds: 3600 }, new Date());
  const api = (method: string, path: string, body?: unknown) =>
    callApi<Record<string, unknown>>(system.url, staff, method, path, body);

  async function place(orderId: string, channel = 'webshop'): Promise<void> {
    const answer = await api('POST', '/orders', placeOrder(orderId, channel));
    expect(answer.status).toBe(201);
    await waitForView(orderId, 3);
  }

  async function command(orderId: string, body: Record<string, unknown>): Promise<number> {
    const answer = await api('POST', `/orders/${orderId}/commands`, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.revision as number;
  }

  async function waitForView(orderId: string, revision: number): Promise<void> {
    await expect
      .poll(async () => (await api('GET', `/orders/${orderId}`)).body?.revision, { timeout: 5_000 })
      .toBe(revision);
  }

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
    page.on('pageerror', (error) => console.error(`[page ${path}] ${error.message}`));
    await page.goto(`${system.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    if (!CHROMIUM_FOUND) {
      throw new Error(`no Chromium at ${CHROMIUM_PATH}: .ci/run installs Debian's chromium; or set ORDINAL_CHROMIUM`);
    }
    dir = await tempDataDir('ordinal-pages-');
    system = await startEmbedded(testConfig(dir.path, AUTH_ENV));
    port = Number(new URL(system.url).port);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
    await dir?.remove();
  });

  it('tracking: shows a command’s effect within 1 s of its answer, and keeps going after the server restarts', async () => {
    const orderId = 'o-track-1';
    await place(orderId);
    const page = await open(`/track/${orderId}?token=${customerToken(orderId)}`);
    const main = page.locator('main#page');
    await expect.poll(() => main.getAttribute('data-revision')).toBe('3');
    // The token left the address bar and stays with the tab.
    expect(new URL(page.url()).search).toBe('');
    await expect.poll(() => page.locator('#connection').getAttribute('data-status')).toBe('open');
    expect(await page.locator('[data-field="status"]').textContent()).toBe('Confirmed');
    expect(await page.locator('[data-total="total"]').textContent()).toBe('€38.89');
    expect(await page.locator('[data-step].reached').count()).toBe(2);

    const held = await command(orderId, { type: 'HoldOrder', reason: 'address check' });
    // The bound the issue sets, counted from the command's answer: polled, not measured as a benchmark.
    await expect.poll(async () => Number(await main.getAttribute('data-revision')), { timeout: 1_000 }).toBe(held);
    expect(await page.locator('[data-field="status"]').textContent()).toBe('Being checked');
    await screenshot(page, 'tracking-live');

    // Stop the server and start it again on the same port and files; the page stays open.
    await page.evaluate(() => {
      (globalThis as { unreloaded?: boolean }).unreloaded = true;
    });
    await system.close();
    await expect.poll(() => page.locator('#connection').getAttribute('data-status')).toBe('reconnecting');
    system = await startEmbedded(testConfig(dir.path, { ...AUTH_ENV, PORT: String(port) }));
    await expect.poll(() => page.locator('#connection').getAttribute('data-status'), { timeout: 10_000 }).toBe('open');
    const released = await command(orderId, { type: 'ReleaseOrder', reason: 'address confirmed' });
    await expect.poll(async () => Number(await main.getAttribute('data-revision')), { timeout: 1_000 }).toBe(released);
    expect(await page.locator('[data-field="status"]').textContent()).toBe('Confirmed');
    expect(await page.evaluate(() => (globalThis as { unreloaded?: boolean }).unreloaded)).toBe(true);
    await screenshot(page, 'tracking-after-restart');
    await page.close();
  });

  it('tracking: the customer chooses a delivery window on the page, and the carrier’s scans move it', async () => {
    const orderId = 'o-track-scans';
    const trackingNumber = 'JD014600006281004242';
    await place(orderId);
    const lines = [
      { lineId: '1', quantity: 2 },
      { lineId: '2', quantity: 1 },
    ];
    await command(orderId, { type: 'AllocateOrder', allocations: [{ shipmentId: 's1', locationId: 'wh-1', lines }] });
    await command(orderId, { type: 'StartPicking', shipmentId: 's1' });
    await command(orderId, { type: 'PackShipment', shipmentId: 's1', parcels: 1 });
    const dispatched = await command(orderId, {
      type: 'DispatchShipment',
      shipmentId: 's1',
      carrier: 'dhl',
      trackingNumber,
    });
    const page = await open(`/track/${orderId}?token=${customerToken(orderId)}`);
    const main = page.locator('main#page');
    await expect.poll(() => main.getAttribute('data-revision')).toBe(String(dispatched));
    expect(await page.locator('[data-field="delivery-window"]').textContent()).toBe('No window chosen yet.');

    // Tomorrow 10:00–14:00 (the page's time zone is UTC), typed into the form as a customer would.
    const day = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    await page.locator('input[name="from"]').fill(`${day}T10:00`);
    await page.locator('input[name="to"]').fill(`${day}T14:00`);
    await page.locator('form.window-form button[type="submit"]').click();
    await expect.poll(() => main.getAttribute('data-revision')).toBe(String(dispatched + 1));
    expect(await page.locator('[data-field="delivery-window"]').textContent()).not.toBe('No window chosen yet.');
    const recorded = (await api('GET', `/orders/${orderId}/events`)).body.events as {
      type: string;
      data: Record<string, unknown>;
      metadata: { actor: ActorRef };
    }[];
    const chosen = recorded.at(-1);
    expect(chosen?.type).toBe('DeliveryWindowChosen');
    expect(chosen?.data.window).toEqual({ from: `${day}T10:00:00.000Z`, to: `${day}T14:00:00.000Z` });
    // Recorded as the customer of the link, never as whoever else.
    expect(chosen?.metadata.actor).toEqual({ kind: 'user', id: `cust-${orderId}`, role: 'customer' });

    // The carrier's day, signed with its secret: the page shows each scan and ends delivered.
    const at = (hour: string) => `${day}T${hour}:00+00:00`;
    const body = JSON.stringify({
      shipmentTrackingNumber: trackingNumber,
      events: [
        { id: 'pg-1', timestamp: at('07:00'), typeCode: 'PU', location: { address: { addressLocality: 'Lyon' } } },
        { id: 'pg-2', timestamp: at('09:30'), typeCode: 'WC', location: { address: { addressLocality: 'Lyon' } } },
        { id: 'pg-3', timestamp: at('11:15'), typeCode: 'OK', signedBy: 'J. Doe' },
      ],
    });
    const pushed = await fetch(`${system.url}/carriers/dhl/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(DHL_SECRET, body) },
      body,
    });
    // 200 when the shipment was filed already, 202 when parked until it is (retried within 200 ms).
    expect([200, 202]).toContain(pushed.status);
    await expect.poll(() => page.locator('[data-scan]').count(), { timeout: 5_000 }).toBe(3);
    await expect.poll(() => page.locator('[data-field="status"]').textContent()).toBe('Delivered');
    await screenshot(page, 'tracking-window-and-scans');
    await page.close();
  });

  it('tracking: a link to an order that does not exist says so in words', async () => {
    const page = await open(`/track/o-nowhere?token=${customerToken('o-nowhere')}`);
    await expect.poll(() => page.locator('[data-problem]').textContent()).toBe('Order not found.');
    await page.close();
  });

  it('replay: the revision chosen with the scrubber shows the state GET /orders/:id/state gives for it', async () => {
    const orderId = 'o-replay-1';
    await place(orderId);
    await command(orderId, { type: 'HoldOrder', reason: 'fraud check' });
    await command(orderId, { type: 'ReleaseOrder', reason: 'checked' });
    const last = await command(orderId, { type: 'CancelOrder', reason: 'customer asked' });
    const page = await open(`/ops/orders/${orderId}?token=${staff}`);
    const state = page.locator('#state');
    await expect.poll(() => state.getAttribute('data-revision')).toBe(String(last));
    expect(await page.locator('#events li').count()).toBe(last);

    const shown = async () => ({
      states: await page.locator('[data-field="active-states"] li').allTextContents(),
      commands: await page.locator('ul[data-field="allowed-commands"] li').allTextContents(),
    });
    const expected = async (revision: number) => {
      const answer = await api('GET', `/orders/${orderId}/state?revision=${revision}`);
      const status = answer.body.status as { main: string; payment: string; returns: string };
      return {
        states: [`main: ${status.main}`, `payment: ${status.payment}`, `returns: ${status.returns}`],
        commands: answer.body.allowedCommands as string[],
      };
    };

    // The scrubber: revision 4 is the order on hold.
    await page.locator('#revision').fill('4');
    await expect.poll(() => state.getAttribute('data-revision')).toBe('4');
    const atFour = await expected(4);
    expect(atFour.states).toContain('main: onHold');
    expect((await shown()).states.sort()).toEqual(atFour.states.sort());
    expect((await shown()).commands).toEqual(atFour.commands);
    expect(await page.locator('#events li[data-revision="4"] button').getAttribute('aria-current')).toBe('step');
    await screenshot(page, 'replay-revision-4');

    // The keyboard moves it too, and a click on an event chooses that event.
    await page.locator('#revision').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => state.getAttribute('data-revision')).toBe('3');
    expect((await shown()).commands).toEqual((await expected(3)).commands);
    await page.locator('#events li[data-revision="1"] button').click();
    await expect.poll(() => state.getAttribute('data-revision')).toBe('1');
    expect((await shown()).states.sort()).toEqual((await expected(1)).states.sort());
    // Who caused it, as the API's decisions describe actors (floor-1 (ops) once tokens are checked).
    const history = await api('GET', `/orders/${orderId}/events`);
    const actor = (history.body.events as { metadata: { actor: ActorRef } }[])[0]?.metadata.actor as ActorRef;
    expect(await page.locator('#events li[data-revision="1"] .who').textContent()).toContain(describeActor(actor));
    await page.close();
  });

  it('ops: a new order appears in the live feed and the counts move', async () => {
    await place('o-ops-seed', 'tmall');
    const page = await open(`/ops?token=${staff}`);
    await expect.poll(() => page.locator('#connection').getAttribute('data-status')).toBe('open');
    const total = page.locator('#status-counts [data-total]');
    await expect.poll(async () => Number(await total.textContent())).toBeGreaterThan(0);
    const before = Number(await total.textContent());
    const tmall = page.locator('#channel-counts tr[data-value="tmall"] td.num');
    const tmallBefore = Number(await tmall.textContent());

    await place('o-ops-new', 'tmall');
    await expect.poll(() => page.locator('#feed li[data-order="o-ops-new"]').count()).toBeGreaterThan(0);
    await expect.poll(async () => Number(await total.textContent())).toBe(before + 1);
    await expect.poll(async () => Number(await tmall.textContent())).toBe(tmallBefore + 1);

    await command('o-ops-new', { type: 'HoldOrder', reason: 'stock check' });
    await expect.poll(() => page.locator('#held li[data-order="o-ops-new"]').count()).toBe(1);
    await screenshot(page, 'ops-floor');
    await page.close();
  });
});
