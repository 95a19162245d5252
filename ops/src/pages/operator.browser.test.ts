import { issueToken } from '@ordinal/gateways';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedSystem, startEmbedded } from '../embedded/embedded.ts';
import { type TempDataDir, tempDataDir, testConfig } from '../testing/data-dir.ts';
import { chinaWarehouse } from '../testing/embedded-bed.ts';
import { BROWSER_REQUIRED, CHROMIUM_FOUND, CHROMIUM_PATH, callApi, screenshot } from './browser.fixture.ts';

const SECRET = 'operator-pages-test-secret-0123456789abcdef';
const FINANCE_RULE = 'When order total is above 5,000.00 → ask finance to approve: order total above 5,000';

/** An order to Shanghai in CNY: `amount` minor units for each of two red mugs. */
function order(orderId: string, amount: number) {
  return {
    orderId,
    customer: { customerId: `cust-${orderId}`, name: '孙悦' },
    channel: { salesChannel: 'tmall' },
    lines: [{ lineId: '1', sku: 'SKU-RED', name: 'Red mug', quantity: 2, unitPrice: { amount, currency: 'CNY' } }],
    shippingAddress: {
      name: '孙悦',
      line1: '南京西路 1515 号',
      city: '上海市',
      region: 'CN-31',
      postalCode: '200040',
      country: 'CN',
    },
    currency: 'CNY',
  };
}

describe.skipIf(!CHROMIUM_FOUND && !BROWSER_REQUIRED)('the operator pages in headless Chromium', () => {
  let dir: TempDataDir;
  let system: EmbeddedSystem;
  let browser: Browser;
  const admin = issueToken([SECRET], { sub: 'ana.lima', role: 'admin', ttlSeconds: 3600 }, new Date());
  const finance = issueToken([SECRET], { sub: 'fei.chen', role: 'finance', ttlSeconds: 3600 }, new Date());
  const api = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    callApi<T>(system.url, admin, method, path, body);

  async function place(orderId: string, amount: number): Promise<void> {
    const answer = await api('POST', '/orders', order(orderId, amount));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  }

  /** The order's main status as its stream replays now, and the types of its events. */
  async function statusOf(orderId: string): Promise<{ main: string; events: string[] }> {
    const state = await api<{ status: { main: string } }>('GET', `/orders/${orderId}/state`);
    const history = await api<{ events: { type: string }[] }>('GET', `/orders/${orderId}/events`);
    return { main: state.body.status.main, events: history.body.events.map((e) => e.type) };
  }

  async function open(path: string, token = admin): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
    page.on('pageerror', (error) => console.error(`[page ${path}] ${error.message}`));
    await page.goto(`${system.url}${path}?token=${token}`);
    return page;
  }

  beforeAll(async () => {
    if (!CHROMIUM_FOUND) {
      throw new Error(`no Chromium at ${CHROMIUM_PATH}: .ci/run installs Debian's chromium; or set ORDINAL_CHROMIUM`);
    }
    dir = await tempDataDir('ordinal-operator-pages-');
    system = await startEmbedded(testConfig(dir.path, { ORDINAL_AUTH_SECRETS: SECRET }));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
    // Two warehouses with stock, so orders are routed and a what-if has orders to replay: Shanghai
    // is near the customers but short of capacity today, so weighing capacity more sends them to Beijing.
    for (const body of [
      chinaWarehouse('wh-shanghai', 'Shanghai DC', { lat: 31.23, lng: 121.47 }, 'CN-31', { dailyCapacity: 10 }),
      chinaWarehouse('wh-beijing', 'Beijing DC', { lat: 39.9, lng: 116.41 }, 'CN-11'),
    ]) {
      expect((await api('POST', '/locations', body)).status).toBe(201);
    }
    for (const locationId of ['wh-shanghai', 'wh-beijing']) {
      const received = await api('POST', '/inventory/SKU-RED/commands', {
        type: 'ReceiveStock',
        locationId,
        quantity: 100,
        reference: 'PO-1',
      });
      expect(received.status).toBe(200);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
    await dir?.remove();
  });

  it('rules: an admin builds the 5,000 finance rule without JSON, dry-runs it, activates it, and the next large order waits for approval', async () => {
    // The default set without its large-order rule, as version 2, active.
    const shipped = await api<{ document: { rules: { id: string }[] } }>('GET', '/rules/sets/default/versions/1');
    const without = {
      ...shipped.body.document,
      rules: shipped.body.document.rules.filter((r) => r.id !== 'large-order-approval'),
    };
    expect((await api('POST', '/rules/sets/default/versions', without)).status).toBe(201);
    const activated = await api('POST', '/rules/sets/default/versions/2/activate', { reason: 'no approvals for now' });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    await place('o-large-before', 300_000);
    await expect.poll(async () => (await statusOf('o-large-before')).events).toContain('OrderConfirmed');
    expect((await statusOf('o-large-before')).events).not.toContain('ApprovalRequested');

    const page = await open('/ops/rules');
    await expect.poll(() => page.locator('#signed-in').textContent()).toBe('Changes are recorded as ana.lima (admin)');
    await page.getByRole('button', { name: 'Open default' }).click();
    await expect.poll(() => page.locator('#version-title').textContent()).toBe('default, version 2 (active)');
    expect(await page.locator('#history').textContent()).toContain('activated version 2');
    expect(await page.locator('#history').textContent()).toContain('no approvals for now');
    await page.locator('#edit-version').click();
    await page.locator('#add-rule').click();

    const builder = page.locator('#builder');
    await builder.locator('[data-control="rule-name"]').fill('Finance approves orders above 5,000');
    await builder.locator('select[data-control="fact"]').selectOption('order.total');
    await builder.locator('select[data-control="op"]').selectOption('gt');
    // The amount still empty: the builder says so next to it, before anything is sent.
    await page.locator('#builder-apply').click();
    await expect.poll(() => builder.locator('.comparison .field-problem').textContent()).toContain('amount like 5000');
    await builder.locator('input[data-control="value"]').fill('5000');
    expect(await builder.locator('.comparison .field-problem').count()).toBe(0);
    await builder.locator('select[data-control="action-type"]').selectOption('requireApproval');
    await builder.locator('select[data-control="role"]').selectOption('finance');
    await builder.locator('input[data-control="reason"]').fill('order total above 5,000');
    await screenshot(page, 'rules-builder');
    await page.locator('#builder-apply').click();
    await expect.poll(() => page.locator('#draft-rules').textContent()).toContain(FINANCE_RULE);
    await screenshot(page, 'rules-builder-draft');

    await page.locator('#save-draft').click();
    await expect.poll(() => page.locator('#notice').textContent()).toContain('Saved default version 3 as a draft');
    const saved = await api<{ document: { rules: unknown[] } }>('GET', '/rules/sets/default/versions/3');
    expect(saved.body.document.rules).toContainEqual({
      id: 'finance-approves-orders-above-5-000',
      name: 'Finance approves orders above 5,000',
      when: { fact: 'order.total', op: 'gt', value: 500_000 },
      // biome-ignore lint/suspicious/noThenProperty: a rule's actions are `then` in the rule language; nothing awaits it.
      then: [{ type: 'requireApproval', role: 'finance', reason: 'order total above 5,000' }],
    });

    await page.locator('#dry-run-last').fill('20');
    await page.getByRole('button', { name: 'Dry-run', exact: true }).click();
    const row = page.locator('#dry-run-results [data-order-id="o-large-before"]');
    await expect
      .poll(() => row.locator('[data-difference="approval"]').textContent())
      .toBe('approval: none → finance approves (order total above 5,000)');
    expect(await page.locator('#dry-run-summary').textContent()).toMatch(
      /would change 1 of the \d+ most recent orders/,
    );
    await screenshot(page, 'rules-dry-run');

    await page.locator('#activate-reason').fill('finance approves large orders again');
    await page.getByRole('button', { name: 'Activate default version 3' }).click();
    await expect.poll(() => page.locator('#activate-result').textContent()).toContain('default version 3 is active');
    expect(await page.locator('#activate-result').textContent()).toContain('replacing version 2, by ana.lima (admin)');
    await screenshot(page, 'rules-activated');
    const sets = await api<{ sets: { name: string; activeVersion: number }[] }>('GET', '/rules/sets');
    expect(sets.body.sets.find((s) => s.name === 'default')?.activeVersion).toBe(3);

    await place('o-large-after', 300_000);
    await expect.poll(async () => (await statusOf('o-large-after')).main).toBe('awaitingApproval');
    expect((await statusOf('o-large-after')).events).toContain('ApprovalRequested');

    // It waits in the finance approvers' queue, asked by the rule just activated.
    const queue = await open('/ops/approvals', finance);
    const waiting = queue.locator('#approval-queue [data-order-id="o-large-after"]');
    await expect.poll(() => waiting.count(), { timeout: 5_000 }).toBe(1);
    expect(await waiting.textContent()).toContain('order total above 5,000');
    await screenshot(queue, 'rules-approval-queue');
    await queue.close();

    // What only the server can refuse is shown with the draft: a new set under a name already taken.
    await page.locator('#new-set input[name="name"]').fill('default');
    await page.getByRole('button', { name: 'Start a new set' }).click();
    await builder.locator('[data-control="rule-name"]').fill('Approve everything');
    await builder.locator('input[data-control="value"]').fill('1');
    await builder.locator('input[data-control="reason"]').fill('look at it');
    await page.locator('#builder-apply').click();
    await page.locator('#save-draft').click();
    await expect
      .poll(() => page.locator('#draft-problems').textContent())
      .toBe('the set: rule set default exists; edit it instead');
    expect(await page.locator('#problem').textContent()).toBe(
      'rule set default exists; edit it instead (rules.set-exists)',
    );
    expect((await api<{ latestVersion: number }>('GET', '/rules/sets/default')).body.latestVersion).toBe(3);
    await page.close();
  });

  it('routing: an admin moves a weight’s slider, sees the what-if, activates, and the API has the new version', async () => {
    await place('o-route-1', 4_900);
    await expect.poll(async () => (await statusOf('o-route-1')).events, { timeout: 5_000 }).toContain('OrderAllocated');

    // Drafting is an admin's command: the page says so to an ops user, and nothing is recorded.
    const ops = issueToken([SECRET], { sub: 'floor-1', role: 'ops', ttlSeconds: 3600 }, new Date());
    const looking = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    await looking.goto(`${system.url}/ops/routing?token=${ops}`);
    await expect.poll(() => looking.locator('#active-policy').textContent()).toContain('Version 1 is active');
    await looking.locator('#save-policy').click();
    await expect
      .poll(() => looking.locator('#problem').textContent())
      .toBe(
        'Not allowed for the role of this link: the ops role may not call POST /routing/policies (auth.forbidden).',
      );
    expect((await api<{ versions: unknown[] }>('GET', '/routing/policies')).body.versions).toHaveLength(1);
    await looking.close();

    const page = await open('/ops/routing');
    await expect.poll(() => page.locator('#active-policy').textContent()).toContain('Version 1 is active');
    const slider = page.locator('input[data-slider="weights.capacity"]');
    await expect.poll(() => slider.inputValue()).toBe('0.3');
    await slider.focus();
    await slider.press('End');
    expect(await page.locator('input[data-number="weights.capacity"]').inputValue()).toBe('5');
    expect(await page.locator('#changes').textContent()).toBe('Changed from version 1: weights.capacity: 0.3 → 5');
    // What-if asks for a saved draft: until then it says so.
    expect(await page.locator('#what-if-run').isDisabled()).toBe(true);

    await page.locator('#save-policy').click();
    await expect.poll(() => page.locator('#notice').textContent()).toContain('Saved as version 2, a draft');
    await page.locator('#what-if-run').click();
    await expect
      .poll(() => page.locator('#what-if-summary').textContent())
      .toMatch(
        /^Under version 2 \(default\), [1-9]\d* of the \d+ most recently routed orders would ship differently\.$/,
      );
    const moved = page.locator('#what-if-changed [data-order-id="o-route-1"]');
    expect(await moved.locator('td').nth(1).textContent()).toContain('wh-shanghai');
    expect(await moved.locator('td').nth(2).textContent()).toContain('wh-beijing');
    await screenshot(page, 'routing-what-if');

    await page.locator('#activate-reason').fill('spare Shanghai while it is short of capacity');
    await page.getByRole('button', { name: 'Activate version 2' }).click();
    await expect
      .poll(() => page.locator('#activate-result').textContent())
      .toBe('Version 2 is active, replacing version 1, by ana.lima (admin).');
    await expect.poll(() => page.locator('#activations').textContent()).toContain('spare Shanghai');
    await screenshot(page, 'routing-activated');
    await expect
      .poll(async () => (await api<{ activeVersion: number }>('GET', '/routing/policies')).body.activeVersion)
      .toBe(2);
    const active = await api<{ policy: { weights: { capacity: number } } }>('GET', '/routing/policies/2');
    expect(active.body.policy.weights.capacity).toBe(5);
    await page.close();
  });
});
