import { issueToken } from '@ordinal/gateways';
import { eventually } from '@ordinal/projections/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedSystem, startEmbedded } from '../embedded/embedded.ts';
import { type TempDataDir, tempDataDir, testConfig } from '../testing/data-dir.ts';
import { BROWSER_REQUIRED, CHROMIUM_FOUND, callApi, screenshot } from './browser.fixture.ts';

const SECRET = 'kpis-browser-test-secret-0123456789abcdef';
/** No router, so allocations are the test's own. */
const ENV = { ORDINAL_AUTH_SECRETS: SECRET, ORDINAL_ROUTER: 'off', ORDINAL_BUSINESS_TIME_ZONE: 'UTC' };

interface KpiGroup {
  readonly key: string;
  readonly orders: number;
  readonly gmv: number;
  readonly averageOrderValue: number | null;
  readonly cycleTimeHours: { readonly mean: number; readonly median: number; readonly p90: number } | null;
  readonly onTimeRate: number | null;
  readonly cancellationRate: number | null;
  readonly returnRate: number | null;
  readonly delivered: number;
}
interface KpiAnswer {
  readonly timeZone: string;
  readonly groups: readonly KpiGroup[];
}

/** The figures the dashboard shows for a group, by the table's `data-field`, as the API gives them. */
function apiFigures(group: KpiGroup): Record<string, number | null> {
  return {
    orders: group.orders,
    gmv: group.gmv,
    averageOrderValue: group.averageOrderValue,
    'cycleTime.mean': group.cycleTimeHours?.mean ?? null,
    'cycleTime.median': group.cycleTimeHours?.median ?? null,
    'cycleTime.p90': group.cycleTimeHours?.p90 ?? null,
    onTimeRate: group.onTimeRate,
    cancellationRate: group.cancellationRate,
    returnRate: group.returnRate,
  };
}

/** The table as the page shows it: per row key, each cell's raw value by field. */
async function tableFigures(page: Page): Promise<Record<string, Record<string, number | null>>> {
  const rows = await page.locator('#kpi-table tbody tr[data-key]').evaluateAll((trs) =>
    trs.map((tr) => ({
      key: (tr as unknown as { dataset: { key: string } }).dataset.key,
      cells: [...(tr as unknown as { querySelectorAll: (s: string) => Iterable<unknown> }).querySelectorAll('td')].map(
        (td) => (td as { dataset: { field: string; value: string } }).dataset,
      ),
    })),
  );
  return Object.fromEntries(
    rows.map((row) => [
      row.key,
      Object.fromEntries(row.cells.map((cell) => [cell.field, cell.value === '' ? null : Number(cell.value)])),
    ]),
  );
}

describe.skipIf(!CHROMIUM_FOUND && !BROWSER_REQUIRED)('the KPI dashboard in headless Chromium', () => {
  let dir: TempDataDir;
  let system: EmbeddedSystem;
  let browser: Browser;
  const tokenOf = (sub: string, role: 'ops' | 'finance' | 'admin') =>
    issueToken([SECRET], { sub, role, ttlSeconds: 3600 }, new Date());
  const ops = tokenOf('floor-1', 'ops');
  const api = (method: string, path: string, body?: unknown) => callApi(system.url, ops, method, path, body);
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
  const kpis = async (groupBy: string) =>
    (await api('GET', `/kpis?from=${monthAgo}&to=${today}&groupBy=${groupBy}`)).body as unknown as KpiAnswer;

  async function place(orderId: string, channel: string, unitPrice: number): Promise<void> {
    const answer = await api('POST', '/orders', {
      orderId,
      customer: { customerId: `cust-${orderId}`, name: 'Jane Doe' },
      channel: { salesChannel: channel },
      lines: [
        { lineId: '1', sku: 'SKU-MUG', name: 'Mug', quantity: 2, unitPrice: { amount: unitPrice, currency: 'EUR' } },
      ],
      shippingAddress: {
        name: 'Jane Doe',
        line1: '1 Main St',
        city: 'Lyon',
        region: 'ARA',
        postalCode: '69001',
        country: 'FR',
      },
      shippingFee: { amount: 490, currency: 'EUR' },
      currency: 'EUR',
      promisedBy: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  }
  async function send(orderId: string, command: Record<string, unknown>): Promise<void> {
    const answer = await api('POST', `/orders/${orderId}/commands`, command);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  }
  async function deliver(orderId: string): Promise<void> {
    const lines = [{ lineId: '1', quantity: 2 }];
    await send(orderId, { type: 'AllocateOrder', allocations: [{ shipmentId: 's1', locationId: 'wh-1', lines }] });
    await send(orderId, { type: 'StartPicking', shipmentId: 's1' });
    await send(orderId, { type: 'PackShipment', shipmentId: 's1', parcels: 1 });
    await send(orderId, {
      type: 'DispatchShipment',
      shipmentId: 's1',
      carrier: 'colissimo',
      trackingNumber: `T-${orderId}`,
    });
    await send(orderId, { type: 'RecordShipmentInTransit', shipmentId: 's1' });
    await send(orderId, { type: 'RecordOutForDelivery', shipmentId: 's1' });
    await send(orderId, { type: 'RecordDelivery', shipmentId: 's1' });
  }

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1200 }, locale: 'en-GB', timezoneId: 'UTC' });
    page.on('pageerror', (error) => console.error(`[page ${path}] ${error.message}`));
    await page.goto(`${system.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    dir = await tempDataDir('ordinal-kpis-');
    system = await startEmbedded(testConfig(dir.path, ENV));
    browser = await chromium.launch({
      executablePath: process.env.ORDINAL_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox'],
    });
    await place('o-web-1', 'webshop', 1_250);
    await place('o-web-2', 'webshop', 3_100);
    await place('o-pos-1', 'pos', 990);
    await deliver('o-web-1');
    await send('o-pos-1', { type: 'CancelOrder', reason: 'customer asked' });
    // The projection may trail the commands: wait until it counts the delivery and the cancellation.
    await eventually(async () => {
      expect((await kpis('channel')).groups.map((g) => [g.key, g.orders, g.delivered, g.cancellationRate])).toEqual([
        ['pos', 1, 0, 1],
        ['webshop', 2, 1, 0],
      ]);
    }, 10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
    await dir?.remove();
  });

  it('shows the API’s numbers, per day and then per channel, and follows new orders live', async () => {
    const page = await open(`/ops/kpis?token=${ops}`);
    const byDay = await kpis('day');
    await expect
      .poll(() => tableFigures(page), { timeout: 10_000 })
      .toEqual(Object.fromEntries(byDay.groups.map((g) => [g.key, apiFigures(g)])));
    expect(await page.locator('#kpi-scope').getAttribute('data-time-zone')).toBe('UTC');
    expect(await page.locator('#kpi-charts canvas').count()).toBe(7);
    // What the numbers read as: money in euros, rates in percent.
    const row = page.locator(`#kpi-table tr[data-key="${today}"]`);
    expect(await row.locator('[data-field="gmv"]').textContent()).toBe('€121.50');
    expect(await row.locator('[data-field="cancellationRate"]').textContent()).toBe('33.3 %');

    await page.locator('select[name="groupBy"]').selectOption('channel');
    await page.getByRole('button', { name: 'Show' }).click();
    const byChannel = await kpis('channel');
    await expect
      .poll(() => tableFigures(page), { timeout: 5_000 })
      .toEqual(Object.fromEntries(byChannel.groups.map((g) => [g.key, apiFigures(g)])));
    await screenshot(page, 'kpis-dashboard');

    // A new order reaches the page over the ops feed, without a reload.
    await expect.poll(() => page.locator('#connection').getAttribute('data-status'), { timeout: 5_000 }).toBe('open');
    await place('o-web-3', 'webshop', 700);
    await expect.poll(async () => (await tableFigures(page)).webshop?.orders, { timeout: 10_000 }).toBe(3);
    const after = await kpis('channel');
    expect(await tableFigures(page)).toEqual(Object.fromEntries(after.groups.map((g) => [g.key, apiFigures(g)])));
  });

  it('opens on the role’s saved view: an admin saves finance’s widgets, filters and grouping', async () => {
    const admin = await open(`/ops/kpis?token=${tokenOf('ada', 'admin')}`);
    await expect.poll(() => admin.locator('#kpi-table tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    for (const widget of ['averageOrderValue', 'cycleTime', 'onTimeRate', 'cancellationRate', 'returnRate']) {
      await admin.locator(`#widget-choice input[value="${widget}"]`).uncheck();
    }
    await admin.locator('select[name="groupBy"]').selectOption('channel');
    await admin.locator('#view-form select[name="role"]').selectOption('finance');
    await admin.getByRole('button', { name: 'Save what is shown as the role’s default' }).click();
    await expect.poll(() => admin.locator('#view-notice').textContent(), { timeout: 5_000 }).toContain('version 1');
    const saved = await api('GET', '/kpis/views/finance');
    expect(saved.body).toMatchObject({ version: 1, widgets: ['orders', 'gmv'], groupBy: 'channel', days: 30 });

    const finance = await open(`/ops/kpis?token=${tokenOf('fin-1', 'finance')}`);
    const byChannel = await kpis('channel');
    const expected = Object.fromEntries(
      byChannel.groups.map((g) => [g.key, { orders: g.orders, gmv: g.gmv } as Record<string, number | null>]),
    );
    await expect.poll(() => tableFigures(finance), { timeout: 10_000 }).toEqual(expected);
    expect(await finance.locator('#kpi-charts canvas').count()).toBe(2);
    expect(await finance.locator('#view-admin').isHidden()).toBe(true);
    expect(await finance.locator('select[name="groupBy"]').inputValue()).toBe('channel');
    await screenshot(finance, 'kpis-finance-view');
  });
});
