import { DEFAULT_RULE_SET } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmbedded } from '../embedded/embedded.ts';
import { runCli } from '../testing/cli-process.ts';
import { steppingClock, type TempDataDir, tempDataDir, testConfig, testEnv } from '../testing/data-dir.ts';
import { apiClient } from '../testing/http-client.ts';

const brl = (amount: number) => ({ amount, currency: 'BRL' });
const order = (amount: number) => ({
  customer: { customerId: 'cust-sp', name: 'Ana Souza' },
  channel: { salesChannel: 'webshop' },
  lines: [{ lineId: '1', sku: 'SKU-TV', name: 'TV', quantity: 1, unitPrice: brl(amount) }],
  shippingAddress: {
    name: 'Ana Souza',
    line1: 'Rua 1',
    city: 'São Paulo',
    region: 'SP',
    postalCode: '01001',
    country: 'BR',
  },
  currency: 'BRL',
});
/** Version 2 of the default set: finance approves from 4,000.00. */
const v2 = {
  ...DEFAULT_RULE_SET,
  rules: DEFAULT_RULE_SET.rules.map((rule, i) =>
    i === 0 ? { ...rule, when: { fact: 'order.total', op: 'gt', value: 400_000 } } : rule,
  ),
};

describe('ordinal rules', { timeout: 90_000 }, () => {
  let dir: TempDataDir;
  beforeEach(async () => {
    dir = await tempDataDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('lists and shows the rule sets and dry-runs a version over the recorded orders of the data directory', async () => {
    const system = await startEmbedded(testConfig(dir.path), steppingClock('2026-12-04T12:00:00.000Z'));
    const placed: string[] = [];
    try {
      const api = apiClient(system.url, testConfig(dir.path));
      const admin = apiClient(system.url, testConfig(dir.path), { role: 'admin', sub: 'ana.lima' });
      for (const amount of [450_000, 1_000]) {
        const response = await api.post<{ orderId: string }>('/orders', order(amount));
        expect(response.status).toBe(201);
        placed.push(response.body.orderId);
      }
      expect((await admin.post('/rules/sets/default/versions', v2)).status).toBe(201);
    } finally {
      await system.close();
    }
    const env = testEnv(dir.path);
    const [list, show, dryRun, one, unknown, bad] = await Promise.all([
      runCli(['rules', 'list'], env),
      runCli(['rules', 'show', 'default'], env),
      runCli(['rules', 'dry-run', 'default', '2', '--last', '10'], env),
      runCli(['rules', 'dry-run', 'default', '2', '--order', placed[1] ?? '', '--json'], env),
      runCli(['rules', 'dry-run', 'default', '7'], env),
      runCli(['rules', 'dry-run', 'default'], env),
    ]);
    expect(list).toMatchObject({ code: 0, stderr: '' });
    expect(list.stdout).toMatch(/^default\s+v1\s+2\s+\S+ ana\.lima \(admin\) RuleSetEdited$/m);
    expect(show.stdout).toMatch(/^1\s+active\s+large-order-approval, remote-area-surcharge, vip-gift$/m);
    expect(show.stdout).toMatch(/^2\s+draft/m);

    expect(dryRun.code).toBe(0);
    expect(dryRun.stderr).toContain('reading placed orders: 2 placed orders found');
    expect(dryRun.stdout).toContain('Rule set default v2 over 2 orders: 1 would change (matched 1, approval 1).');
    expect(dryRun.stdout).toMatch(
      new RegExp(`^${placed[0]}\\s+v1\\s+matched: \\[\\] → \\["large-order-approval"\\]`, 'm'),
    );

    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ orders: 1, changed: 0, results: [{ orderId: placed[1] }] });
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toContain('Rule set default has no version 7');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('give a rule set name and a version');
  });
});
