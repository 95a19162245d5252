import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ROUTING_POLICY } from '@ordinal/domain';
import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmbedded } from '../embedded/embedded.ts';
import { runCli } from '../testing/cli-process.ts';
import { steppingClock, type TempDataDir, tempDataDir, testConfig, testEnv } from '../testing/data-dir.ts';
import { type ApiClient, apiClient } from '../testing/http-client.ts';

const warehouse = (locationId: string, lat: number, lng: number, dailyCapacity: number) => ({
  locationId,
  name: locationId,
  kind: 'warehouse',
  coordinates: { lat, lng },
  region: 'SP',
  country: 'BR',
  capabilities: ['fragile'],
  dailyCapacity,
  active: true,
});
const order = (sku: string) => ({
  customer: { customerId: 'cust-sp', name: 'Ana Souza' },
  channel: { salesChannel: 'webshop' },
  lines: [{ lineId: '1', sku, name: 'Mug', quantity: 1, unitPrice: { amount: 3990, currency: 'BRL' } }],
  shippingAddress: {
    name: 'Ana Souza',
    line1: 'Praça da Sé 1',
    city: 'São Paulo',
    region: 'SP',
    postalCode: '01001',
    country: 'BR',
  },
  currency: 'BRL',
});
const { version: _, ...defaults } = DEFAULT_ROUTING_POLICY;
/** The default weights with the capacity factor off: the small warehouse near the customer wins. */
const ignoreCapacity = { ...defaults, name: 'ignore-capacity', weights: { ...defaults.weights, capacity: 0 } };

interface Decisions {
  readonly decisions: readonly { readonly routing?: { readonly policyVersion: number; readonly plan: unknown[] } }[];
}

async function routed(api: ApiClient, sku: string): Promise<{ orderId: string; policyVersion: number }> {
  const placed = await api.post<{ orderId: string }>('/orders', order(sku));
  expect(placed.status).toBe(201);
  const { orderId } = placed.body;
  const policyVersion = await eventually(async () => {
    const found = await api.get<Decisions>(`/orders/${orderId}/decisions`);
    const routing = found.body.decisions[0]?.routing;
    expect(routing).toBeDefined();
    return routing?.policyVersion ?? 0;
  });
  return { orderId, policyVersion };
}

describe('ordinal routing', { timeout: 90_000 }, () => {
  let dir: TempDataDir;
  beforeEach(async () => {
    dir = await tempDataDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('lists the policies and simulates a version or a file over the recorded orders of the data directory', async () => {
    // The OMS as `ordinal all` runs it: the router in the API process follows the activation.
    const system = await startEmbedded(testConfig(dir.path), steppingClock('2026-12-04T12:00:00.000Z'));
    const orders: { orderId: string; policyVersion: number }[] = [];
    try {
      const api = apiClient(system.url, testConfig(dir.path));
      const admin = apiClient(system.url, testConfig(dir.path), { role: 'admin', sub: 'ana.lima' });
      for (const body of [
        warehouse('wh-near', -23.45, -46.53, 5),
        warehouse('wh-far', -23.7, -46.55, 500),
        warehouse('wh-empty', -23.44, -46.52, 500),
      ]) {
        expect((await api.post('/locations', body)).status).toBe(201);
      }
      for (const locationId of ['wh-near', 'wh-far']) {
        const body = { type: 'ReceiveStock', locationId, quantity: 20, reference: 'PO-1' };
        expect((await api.post('/inventory/SKU-MUG/commands', body)).status).toBe(200);
      }
      orders.push(await routed(api, 'SKU-MUG'), await routed(api, 'SKU-MUG'));
      expect((await admin.post('/routing/policies', ignoreCapacity)).status).toBe(201);
      const activation = await admin.post('/routing/policies/2/activate', { reason: 'room again at wh-near' });
      expect(activation.status).toBe(200);
      orders.push(await routed(api, 'SKU-MUG'));
    } finally {
      await system.close();
    }
    expect(orders.map((o) => o.policyVersion)).toEqual([1, 1, 2]);

    const backToDefault = join(dir.path, 'back-to-default.json');
    // Copied from version 1, `version` and all: a file is numbered as its draft would be.
    await writeFile(backToDefault, JSON.stringify({ ...DEFAULT_ROUTING_POLICY, name: 'back-to-default' }));
    const broken = join(dir.path, 'broken.json');
    await writeFile(
      broken,
      JSON.stringify({
        ...defaults,
        tariffs: { ...defaults.tariffs, BR: { ...defaults.tariffs.BR, currency: 'reais' } },
        maxShipments: 0,
      }),
    );
    const env = testEnv(dir.path);
    // Each run loads the whole CLI: run them side by side.
    const [policies, byVersion, byFile, unknown, invalid, noTarget, noSuch] = await Promise.all([
      runCli(['routing', 'policies'], env),
      runCli(['routing', 'simulate', '2', '--last', '10'], env),
      runCli(['routing', 'simulate', backToDefault, '--last', '1', '--json'], env),
      runCli(['routing', 'simulate', '9'], env),
      runCli(['routing', 'simulate', broken], env),
      runCli(['routing', 'simulate', '--last', '5'], env),
      runCli(['routing', 'frobnicate'], env),
    ]);

    expect(policies).toMatchObject({ code: 0, stderr: '' });
    const rows = policies.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^version\s+name\s+status\s+drafted\s+last activated$/);
    expect(rows[1]).toMatch(/^1\s+default\s+retired\s+built in$/);
    expect(rows[2]).toMatch(
      /^2\s+ignore-capacity\s+active\s+\S+ ana\.lima \(admin\)\s+\S+ ana\.lima \(admin\): room again at wh-near$/,
    );

    expect(byVersion.code).toBe(0);
    expect(byVersion.stderr).toContain('reading routed orders: 3 routed orders found in');
    const [first, second] = orders;
    expect(byVersion.stdout).toContain('Policy 2 "ignore-capacity" over the last 3 routed orders: 2 would change.');
    expect(byVersion.stdout).toMatch(
      new RegExp(`${first?.orderId}\\s+v1 wh-far standard \\[1\\]\\s+wh-near standard \\[1\\]`),
    );
    expect(byVersion.stdout).toMatch(
      new RegExp(`${second?.orderId}\\s+v1 wh-far standard \\[1\\]\\s+wh-near standard \\[1\\]`),
    );
    expect(byVersion.stdout).toMatch(/^shipments\s+3\s+3$/m);
    expect(byVersion.stdout).toMatch(/^split rate\s+0\.0%\s+0\.0%$/m);
    expect(byVersion.stdout).toMatch(/^distance\s+[\d.]+ km\s+[\d.]+ km\s+-[\d.]+ km$/m);

    // A file not drafted yet: numbered as its draft would be, simulated over the latest order only.
    expect(byFile.code).toBe(0);
    const report = JSON.parse(byFile.stdout);
    expect(report).toMatchObject({
      policy: { version: 3, name: 'back-to-default' },
      orders: 1,
      changed: [
        {
          orderId: orders[2]?.orderId,
          before: { policyVersion: 2, plan: 'wh-near standard [1]' },
          after: { policyVersion: 3, plan: 'wh-far standard [1]' },
        },
      ],
    });

    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no routing policy version 9 (the latest is 2)');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain(`${broken} is not a valid routing policy:`);
    expect(invalid.stderr).toContain('  tariffs.BR.currency: must be an ISO 4217 code');
    expect(invalid.stderr).toContain('  maxShipments: must be an integer of at least 1');
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('give a version number or a policy file');
    expect(noSuch.code).toBe(2);
    expect(noSuch.stderr).toContain('Unknown routing command "frobnicate"');
  });
});
