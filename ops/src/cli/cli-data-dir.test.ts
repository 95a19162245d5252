import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ORDER_TRACKING_COLLECTION, ParkedEventStore, SqliteReadStore } from '@ordinal/projections';
import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embeddedFiles, startEmbedded } from '../embedded/embedded.ts';
import { childEnv, REPO_ROOT, runCli, startCli } from '../testing/cli-process.ts';
import { steppingClock, type TempDataDir, tempDataDir, testConfig, testEnv } from '../testing/data-dir.ts';
import { apiClient } from '../testing/http-client.ts';

const ORDER = {
  customer: { customerId: 'cust-parked', name: 'Anna Schmidt' },
  channel: { salesChannel: 'webshop' },
  lines: [
    { sku: 'COFFEE-BEANS-1KG', name: 'Coffee beans, 1 kg', quantity: 1, unitPrice: { amount: 2490, currency: 'EUR' } },
  ],
  shippingAddress: { name: 'Anna Schmidt', line1: '1 Demo Road', city: 'Berlin', postalCode: '10115', country: 'DE' },
  currency: 'EUR',
};

describe('the data directory, between processes', { timeout: 60_000 }, () => {
  let dir: TempDataDir;

  beforeEach(async () => {
    dir = await tempDataDir();
  });

  afterEach(async () => {
    await dir.remove();
  });

  it('is used by one OMS at a time: a second `all` or a rebuild is refused while the first runs', async () => {
    const system = await startEmbedded(testConfig(dir.path), steppingClock());
    try {
      const second = await runCli(['all'], testEnv(dir.path));
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`${dir.path} is in use by process ${process.pid} (ordinal all)`);
      const rebuild = await runCli(['rebuild'], testEnv(dir.path));
      expect(rebuild.code).toBe(1);
      expect(rebuild.stderr).toContain('is in use by process');
    } finally {
      await system.close();
    }
    // Released on close: the next start takes it.
    const again = await startEmbedded(testConfig(dir.path), steppingClock());
    await again.close();
  });

  it('takes over a lock left by a process that was killed', async () => {
    const first = startCli(['all'], testEnv(dir.path));
    await first.waitFor(/Ordinal is running/);
    first.kill();
    await first.exited;
    const system = await startEmbedded(testConfig(dir.path), steppingClock());
    await system.close();
  });

  it('lists parked events and applies them again with `parked --retry`', async () => {
    const system = await startEmbedded(testConfig(dir.path), steppingClock());
    const placed = await apiClient(system.url, testConfig(dir.path)).post<{ orderId: string }>('/orders', ORDER);
    await apiClient(system.url, testConfig(dir.path)).viewAt(placed.body.orderId, 3);
    const [event] = await system.events.readStream(`order-${placed.body.orderId}`, { maxCount: 1 });
    await system.close();

    // As if the projection had failed on the order's first event: parked, document missing.
    const store = new SqliteReadStore({ path: embeddedFiles(dir.path).read });
    await new ParkedEventStore(store).park({
      durableName: 'orderTracking',
      event: event!,
      reason: 'projection.apply-failed: 13 deliveries, last error: SQLITE_BUSY: database is locked',
      deliveryCount: 13,
      parkedAt: '2025-03-01T10:00:00.000Z',
    });
    await store.collection(ORDER_TRACKING_COLLECTION).delete(placed.body.orderId);
    await store.close();

    const listed = await runCli(['parked'], testEnv(dir.path));
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`orderTracking  order-${placed.body.orderId}@1 OrderPlaced`);
    expect(listed.stdout).toContain('SQLITE_BUSY');
    expect(listed.stdout).toContain('1 parked.');

    const retried = await runCli(['parked', '--retry'], testEnv(dir.path));
    expect(retried.stdout).toContain('Retried 1: 1 applied, 0 still failing.');
    expect(retried.code).toBe(0);
    const after = new SqliteReadStore({ path: embeddedFiles(dir.path).read });
    expect(await after.collection(ORDER_TRACKING_COLLECTION).get(placed.body.orderId)).toMatchObject({ revision: 1 });
    expect(await new ParkedEventStore(after).count()).toBe(0);
    await after.close();

    const none = await runCli(['parked'], testEnv(dir.path));
    expect(none.stdout).toContain('Nothing is parked');
  });
});

// Start-up through npm and tsx is slow on a loaded machine; what is tested is the stop, not the start.
describe('npm start', { timeout: 150_000 }, () => {
  it('stops the OMS cleanly when only npm itself is sent SIGTERM, as a supervisor does', async () => {
    const dir = await tempDataDir();
    try {
      const npm = spawn('npm', ['start', '--silent'], {
        cwd: REPO_ROOT,
        // The quick start as a new user runs it: the embedded profile, whatever ORDINAL_* the test
        // run has (CI sets ORDINAL_NATS_URL for the NATS suites, which would make it distributed).
        env: childEnv(testEnv(dir.path)),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      npm.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
      });
      npm.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        err += chunk;
      });
      const exited = new Promise<number | null>((resolve) => npm.once('close', resolve));
      await eventually(async () => expect(out, `stderr: ${err}`).toContain('Ordinal is running'), 120_000, 50);
      npm.kill('SIGTERM');
      await exited;
      // The server went down with npm: it said so, and it let go of the data directory.
      await eventually(async () => expect(out).toContain('stopped cleanly.'), 10_000);
      expect(existsSync(join(dir.path, 'ordinal.lock'))).toBe(false);
    } finally {
      await dir.remove();
    }
  });
});
