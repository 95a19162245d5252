import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@ordinal/actors';
import type { AlertEvent, DomainEvent, RecordedEvent } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embeddedFiles } from '../profile/adapters.ts';
import { runCli } from '../testing/cli-process.ts';
import { type TempDataDir, tempDataDir, testEnv } from '../testing/data-dir.ts';

const brl = (amount: number) => ({ amount, currency: 'BRL' });

/** An imported order of `units` of SKU-H placed at `at`, as a bulk import records it. */
function importedOrder(orderId: string, units: number, at: string): DomainEvent {
  return {
    eventId: randomUUID(),
    type: 'OrderPlaced',
    data: {
      orderId,
      customer: { customerId: `cust-${orderId}` },
      channel: { salesChannel: 'olist' },
      lines: [{ lineId: '1', sku: 'SKU-H', name: 'Fan', quantity: units, unitPrice: brl(5_000) }],
      shippingAddress: { line1: 'Rua 1', city: 'São Paulo', postalCode: '01001', country: 'BR' },
      shippingFee: brl(0),
      total: brl(5_000 * units),
      currency: 'BRL',
      placedAt: at,
    },
    metadata: {
      schemaVersion: 1,
      occurredAt: at,
      correlationId: orderId,
      causationId: orderId,
      actor: { kind: 'system', component: 'import' },
      import: { source: 'test', runId: 'run-1', record: `orders.csv:${orderId}` },
    },
  };
}

describe('ordinal alerts replay', { timeout: 90_000 }, () => {
  let dir: TempDataDir;
  beforeEach(async () => {
    dir = await tempDataDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('raises and clears what imported history raised, at its own times, only when asked; a second replay adds nothing', async () => {
    const store = SqliteEventStore.open({ file: embeddedFiles(dir.path).events });
    const history: [string, number, string][] = [
      ['h-1', 10, '2024-05-01T10:00:00.000Z'],
      ['h-2', 3, '2024-05-20T10:00:00.000Z'],
      ['h-3', 4, '2024-06-10T10:00:00.000Z'],
    ];
    for (const [orderId, units, at] of history) {
      await store.append(`order-${orderId}`, [importedOrder(orderId, units, at)], 'no-stream');
    }
    await store.close();
    const env = testEnv(dir.path);

    const quiet = await runCli(['alerts', 'replay'], env);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toContain('alerts replay: 0 alerts raised, 0 resolved, up to position');
    const asked = await runCli(['alerts', 'replay', '--import'], env);
    expect(asked.code).toBe(0);
    expect(asked.stderr).toContain('alerts replay: 1 alerts raised, 1 resolved');
    const again = await runCli(['alerts', 'replay', '--import'], env);
    expect(again.stderr).toContain('alerts replay: 0 alerts raised, 0 resolved');
    expect((await runCli(['alerts', 'nope'], env)).code).toBe(2);

    const read = SqliteEventStore.open({ file: embeddedFiles(dir.path).events });
    try {
      const alerts = (await read.readAll({
        afterPosition: 0,
        maxCount: 100,
        streamPrefixes: ['alert-'],
      })) as RecordedEvent<AlertEvent>[];
      expect(alerts.map((e) => [e.streamId, e.type, e.metadata.occurredAt])).toEqual([
        ['alert-sku-sales-surge.SKU-H.2024-05-01', 'AlertRaised', '2024-05-01T10:00:00.000Z'],
        ['alert-sku-sales-surge.SKU-H.2024-05-01', 'AlertResolved', '2024-05-20T10:00:00.000Z'],
      ]);
      expect(alerts[0]?.data).toMatchObject({ figures: { recentUnits: 10, basis: 'new-demand' } });
      expect(alerts[1]?.data).toMatchObject({ how: 'condition-cleared', figures: { recentUnits: 3 } });
    } finally {
      await read.close();
    }
  });
});
