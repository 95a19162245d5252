import { ORDER_TRACKING_COLLECTION, ParkedEventStore, SqliteReadStore } from '@ordinal/projections';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embeddedFiles, startEmbedded } from '../embedded/embedded.ts';
import { runCli, startCli } from '../testing/cli-process.ts';
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
    const placed = await apiClient(system.url).post<{ orderId: string }>('/orders', ORDER);
    await apiClient(system.url).viewAt(placed.body.orderId, 2);
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
