import { issueToken } from '@ordinal/gateways';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedSystem, startEmbedded } from '../embedded/embedded.ts';
import { type TempDataDir, tempDataDir, testConfig } from '../testing/data-dir.ts';
import { BROWSER_REQUIRED, CHROMIUM_FOUND, callApi, screenshot } from './browser.fixture.ts';

const SECRET = 'queues-browser-test-secret-0123456789abcdef';
/** The token secret; no router, so a released or approved order stays confirmed for the checks. */
const ENV = { ORDINAL_AUTH_SECRETS: SECRET, ORDINAL_ROUTER: 'off' };
const STREETS = ['1 Main St', '22 Rue de la Paix', '300 Quai Perrache'];

interface RecordedEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: { readonly actor: unknown };
}

/** An order of one line at `unitPrice` EUR cents, to street `n`, with or without a coupon. */
function placeOrder(orderId: string, customerId: string, unitPrice: number, n = 0, coupon = false) {
  return {
    orderId,
    customer: { customerId, name: 'Jane Doe' },
    channel: { salesChannel: 'webshop' },
    lines: [
      {
        lineId: '1',
        sku: 'SKU-GOLD',
        name: 'Gold watch',
        quantity: 1,
        unitPrice: { amount: unitPrice, currency: 'EUR' },
      },
    ],
    shippingAddress: {
      name: 'Jane Doe',
      line1: STREETS[n] ?? '',
      city: 'Lyon',
      postalCode: `6900${n + 1}`,
      country: 'FR',
    },
    shippingFee: { amount: 490, currency: 'EUR' },
    currency: 'EUR',
    ...(coupon ? { coupons: ['WELCOME10'] } : {}),
  };
}

describe.skipIf(!CHROMIUM_FOUND && !BROWSER_REQUIRED)('the work queues in headless Chromium', () => {
  let dir: TempDataDir;
  let system: EmbeddedSystem;
  let browser: Browser;
  const tokenOf = (sub: string, role: 'ops' | 'finance' | 'risk') =>
    issueToken([SECRET], { sub, role, ttlSeconds: 3600 }, new Date());
  const ops = tokenOf('floor-1', 'ops');
  const api = (method: string, path: string, body?: unknown) => callApi(system.url, ops, method, path, body);
  const place = async (body: ReturnType<typeof placeOrder>) => {
    const answer = await api('POST', '/orders', body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  };
  const mainState = async (orderId: string) =>
    ((await api('GET', `/orders/${orderId}/state`)).body as { status?: { main?: string } }).status?.main;
  const eventOf = async (orderId: string, type: string) =>
    ((await api('GET', `/orders/${orderId}/events`)).body as { events: RecordedEvent[] }).events.find(
      (e) => e.type === type,
    );

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
    page.on('pageerror', (error) => console.error(`[page ${path}] ${error.message}`));
    await page.goto(`${system.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    dir = await tempDataDir('ordinal-queues-');
    system = await startEmbedded(testConfig(dir.path, ENV));
    browser = await chromium.launch({
      executablePath: process.env.ORDINAL_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
    await dir?.remove();
  });

  it('approvals: an order over 5,000 waits for finance, who approves it with a reason in the page', async () => {
    const orderId = 'o-big-1';
    await place(placeOrder(orderId, 'cust-big', 600_000));
    await place(placeOrder('o-small-1', 'cust-small', 1_000));
    expect(await mainState(orderId)).toBe('awaitingApproval');

    const page = await open(`/ops/approvals?token=${tokenOf('fin-1', 'finance')}`);
    const row = page.locator(`#approval-queue [data-order-id="${orderId}"]`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('#approval-queue [data-order-id="o-small-1"]').count()).toBe(0);
    const text = await row.textContent();
    expect(text).toContain('€6,004.90');
    expect(text).toContain('large-order-approval');
    expect(text).toContain('goes to admin'); // The default escalation: finance after 24 h to admin.
    await screenshot(page, 'approvals-queue');

    // Without a reason nothing is sent: the browser asks for one at the field.
    const reason = page.getByLabel(`Reason for ${orderId}`);
    await row.getByRole('button', { name: 'Approve' }).click();
    // The page runs in the browser: its element type is not known to this (Node) project.
    expect(
      await reason.evaluate((input) => (input as { validity: { valueMissing: boolean } }).validity.valueMissing),
    ).toBe(true);
    expect(await page.locator('#decisions [data-order-id]').count()).toBe(0);
    expect(await mainState(orderId)).toBe('awaitingApproval');

    await reason.fill('known customer, paid by transfer');
    await row.getByRole('button', { name: 'Approve' }).click();
    const decided = page.locator(`#decisions [data-order-id="${orderId}"]`);
    await expect.poll(() => decided.textContent(), { timeout: 5_000 }).toContain('Approved by fin-1 (finance)');
    await expect.poll(() => mainState(orderId)).toBe('confirmed');
    const approved = await eventOf(orderId, 'OrderApproved');
    const finance = { kind: 'user', id: 'fin-1', role: 'finance' };
    expect(approved?.data).toEqual({ role: 'finance', reason: 'known customer, paid by transfer', decidedBy: finance });
    expect(approved?.metadata.actor).toEqual(finance);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await screenshot(page, 'approvals-decided');
  });

  it('risk: a risk hold shows its facts in words and is released from the page by the risk role', async () => {
    for (const n of [0, 1, 2]) await place(placeOrder(`o-ring-${n + 1}`, 'cust-ring', 2_000, n, true));
    const orderId = 'o-ring-3';
    expect(await mainState(orderId)).toBe('onHold');

    const page = await open(`/ops/risk?token=${tokenOf('rita', 'risk')}`);
    const row = page.locator(`#risk-queue [data-order-id="${orderId}"]`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    const text = await row.textContent();
    expect(text).toContain('3 delivery addresses within 24 h');
    expect(text).toContain('3 orders, 3 with coupons (WELCOME10)');
    expect(text).toContain('orders counted: o-ring-1, o-ring-2, o-ring-3');
    await screenshot(page, 'risk-queue');

    await page.getByLabel(`Reason for ${orderId}`).fill('called the customer: gifts for three friends');
    await row.getByRole('button', { name: 'Release' }).click();
    const decided = page.locator(`#decisions [data-order-id="${orderId}"]`);
    await expect.poll(() => decided.textContent(), { timeout: 5_000 }).toContain('Released by rita (risk)');
    await expect.poll(() => mainState(orderId)).toBe('confirmed');
    const released = await eventOf(orderId, 'OrderReleased');
    expect(released?.data).toEqual({
      reason: 'called the customer: gifts for three friends',
      decidedBy: { kind: 'user', id: 'rita', role: 'risk' },
    });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await screenshot(page, 'risk-released');
  });
});
