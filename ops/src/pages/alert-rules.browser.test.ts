import { issueToken } from '@ordinal/gateways';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedSystem, startEmbedded } from '../embedded/embedded.ts';
import { type TempDataDir, tempDataDir, testConfig } from '../testing/data-dir.ts';
import { BROWSER_REQUIRED, CHROMIUM_FOUND, CHROMIUM_PATH, callApi, screenshot } from './browser.fixture.ts';

const SECRET = 'alert-rules-browser-test-secret-0123456789';
const ENV = { ORDINAL_AUTH_SECRETS: SECRET, ORDINAL_ROUTER: 'off' };
const SURGE = '/rules/0';

function order(orderId: string, sku: string, quantity: number) {
  return {
    orderId,
    customer: { customerId: `cust-${orderId}`, name: 'Jane Doe' },
    channel: { salesChannel: 'webshop' },
    lines: [{ lineId: '1', sku, name: sku, quantity, unitPrice: { amount: 1_500, currency: 'EUR' } }],
    shippingAddress: { name: 'Jane Doe', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
    shippingFee: { amount: 490, currency: 'EUR' },
    currency: 'EUR',
  };
}

interface RuleSetAnswer {
  activeVersion: number | null;
  latestVersion: number;
  changes: { type: string; version: number; reason?: string; by: unknown }[];
}

describe.skipIf(!CHROMIUM_FOUND && !BROWSER_REQUIRED)('the alert rules page in headless Chromium', () => {
  let dir: TempDataDir;
  let system: EmbeddedSystem;
  let browser: Browser;
  const token = (sub: string, role: Parameters<typeof issueToken>[1]['role']) =>
    issueToken([SECRET], { sub, role, ttlSeconds: 3600 }, new Date());
  const admin = token('ana.lima', 'admin');
  const api = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    callApi<T>(system.url, admin, method, path, body);

  async function open(as: string, path = '/ops/alerts/rules'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
    page.on('pageerror', (error) => console.error(`[page ${path}] ${error.message}`));
    await page.goto(`${system.url}${path}?token=${as}`);
    return page;
  }

  beforeAll(async () => {
    if (!CHROMIUM_FOUND) {
      throw new Error(`no Chromium at ${CHROMIUM_PATH}: .ci/run installs Debian's chromium; or set ORDINAL_CHROMIUM`);
    }
    dir = await tempDataDir('ordinal-alert-rules-pages-');
    system = await startEmbedded(testConfig(dir.path, ENV));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
    await dir?.remove();
  });

  it('an admin changes the surge rule on the page, is shown a refused value under its field, saves and activates with a reason', async () => {
    const page = await open(admin);
    await expect.poll(() => page.locator('#version-rules li').count()).toBe(3);
    expect(await page.locator('#version-title').textContent()).toBe('default, version 1 (active)');
    expect(await page.locator('#version-rules li[data-rule="sku-sales-surge"]').textContent()).toContain(
      'more than 50% above the 7 days before, counted from 10 units',
    );
    expect(await page.locator('#history').textContent()).toContain('version 1 built in');

    await page.locator('#edit-version').click();
    const threshold = page.locator(`input[data-field="${SURGE}/thresholdPercent"]`);
    expect(await threshold.inputValue()).toBe('50');

    // A value the domain refuses: the API's reason under the field, and no version recorded.
    await threshold.fill('20000');
    await page.locator('#save-draft').click();
    const slot = page.locator(`[data-problem-for="${SURGE}/thresholdPercent"]`);
    await expect.poll(() => slot.textContent()).toBe('must be a whole number from 0 to 10000');
    expect(await threshold.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'ops-alert-rules-refused');
    expect(await page.locator('#problem').textContent()).toContain('alert.invalid-rule-set');
    expect((await api<RuleSetAnswer>('GET', '/alerts/rules/default')).body).toMatchObject({
      activeVersion: 1,
      latestVersion: 1,
    });

    // Fixed: 80% and from 15 units, e-mailed to the buyers as well.
    await threshold.fill('80');
    await page.locator(`input[data-field="${SURGE}/minimumUnits"]`).fill('15');
    await page.locator(`input[data-field="${SURGE}/notify/email"]`).fill('buyers@shop.example');
    await page.locator('#save-draft').click();
    await expect.poll(() => page.locator('#version-title').textContent()).toBe('default, version 2 (draft)');
    expect(await page.locator('#notice').textContent()).toContain('Saved default version 2 as a draft');
    expect(await page.locator('#edit').isHidden()).toBe(true);
    expect(await page.locator('#version-rules li[data-rule="sku-sales-surge"]').textContent()).toContain(
      'more than 80% above the 7 days before, counted from 15 units',
    );

    // Activation needs a reason: the browser does not send the form without one.
    await page.locator('#activate-button').click();
    expect(
      await page
        .locator('#activate-reason')
        .evaluate((input) => (input as { validationMessage: string }).validationMessage),
    ).not.toBe('');
    expect((await api<RuleSetAnswer>('GET', '/alerts/rules/default')).body.activeVersion).toBe(1);
    await page.locator('#activate-reason').fill('too many surge alerts on promotions');
    await page.locator('#activate-button').click();
    await expect.poll(() => page.locator('#version-title').textContent()).toBe('default, version 2 (active)');
    expect(await page.locator('#activate').isHidden()).toBe(true);
    expect(await page.locator('#history tr[data-change="AlertRuleSetActivated"]').textContent()).toContain(
      'too many surge alerts on promotions',
    );
    expect(await page.locator('#versions tr[data-version="1"]').textContent()).toContain('not active (was active)');
    await screenshot(page, 'ops-alert-rules');

    const set = await api<RuleSetAnswer>('GET', '/alerts/rules/default');
    expect(set.body).toMatchObject({ activeVersion: 2, latestVersion: 2 });
    expect(set.body.changes).toContainEqual({
      type: 'AlertRuleSetActivated',
      version: 2,
      reason: 'too many surge alerts on promotions',
      by: { kind: 'user', id: 'ana.lima', role: 'admin' },
      at: expect.any(String),
    });
    const version = await api<{ document: { rules: Record<string, unknown>[] } }>(
      'GET',
      '/alerts/rules/default/versions/2',
    );
    expect(version.body.document.rules[0]).toMatchObject({
      thresholdPercent: 80,
      minimumUnits: 15,
      notify: { audience: 'purchasing', email: ['buyers@shop.example'], webhooks: true },
    });
    expect(version.body.document.rules.slice(1)).toEqual(
      (
        await api<{ document: { rules: unknown[] } }>('GET', '/alerts/rules/default/versions/1')
      ).body.document.rules.slice(1),
    );

    // Activating it again (another admin was first) is refused in words.
    await page.locator('#activate').evaluate((section) => {
      (section as { hidden: boolean }).hidden = false;
    });
    await page.locator('#activate-reason').fill('again');
    await page.locator('#activate-button').click();
    await expect
      .poll(() => page.locator('#problem').textContent())
      .toContain('is already active (alert.version-active)');
    expect((await api<RuleSetAnswer>('GET', '/alerts/rules/default')).body.changes).toHaveLength(2);

    // A draft begun on version 2 while another admin saves version 3: refused in words, nothing saved.
    await page.locator('#edit-version').click();
    await threshold.fill('90');
    const other = await api<{ version: number }>('POST', '/alerts/rules/default/versions', version.body.document);
    expect(other.body.version).toBe(3);
    await page.locator('#save-draft').click();
    await expect.poll(() => page.locator('#problem').textContent()).toContain('(alert.version-conflict)');
    expect(await page.locator('#edit-problems').textContent()).toContain('another version was saved');
    expect((await api<RuleSetAnswer>('GET', '/alerts/rules/default')).body).toMatchObject({
      activeVersion: 2,
      latestVersion: 3,
    });
    await page.close();

    // Orders placed afterwards are evaluated under version 2: 12 units of a new SKU were an
    // alert under version 1 and are none now; 16 are, and the alert records version 2.
    expect((await api('POST', '/orders', order('o-12', 'FAN-12', 12))).status).toBe(201);
    expect((await api('POST', '/orders', order('o-16', 'FAN-16', 16))).status).toBe(201);
    type Listed = { items: { subject: { id: string }; rule: { ruleSet: string; version: number; ruleId: string } }[] };
    const surges = async () =>
      (await api<Listed>('GET', '/alerts?status=open&limit=100')).body.items.filter(
        (a) => a.rule.ruleId === 'sku-sales-surge',
      );
    await expect.poll(async () => (await surges()).length, { timeout: 5_000 }).toBe(1);
    expect(await surges()).toMatchObject([
      { subject: { id: 'FAN-16' }, rule: { ruleSet: 'default', version: 2, ruleId: 'sku-sales-surge' } },
    ]);
  });

  it('shows the rules read-only to roles that may not change them, reached from the operations floor', async () => {
    for (const role of ['ops', 'auditor'] as const) {
      const floor = await open(token(`${role}-1`, role), '/ops');
      await floor.locator('#alert-rules-link').click();
      await floor.waitForURL('**/ops/alerts/rules');
      await expect.poll(() => floor.locator('#version-rules li').count()).toBe(3);
      expect(await floor.locator('#version-title').textContent()).toMatch(/^default, version \d \(active\)$/);
      expect(await floor.locator('#version-rules li[data-rule="sla-breach"]').textContent()).toContain(
        'For operations; sent to the webhooks.',
      );
      expect(await floor.locator('#history tr').count()).toBeGreaterThan(1);
      expect(await floor.locator('input, #edit-version, #edit-form, #activate-form').count()).toBe(0);
      expect(await floor.locator('#signed-in').textContent()).toBe(
        `Signed in as ${role}-1 (${role}); an admin changes alert rules`,
      );
      await floor.close();
    }
  });
});
