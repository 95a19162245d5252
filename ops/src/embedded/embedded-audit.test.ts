import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SqliteCheckpointStore, SqliteEventStore, verifyLog } from '@ordinal/actors';
import type { OrderCommand } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditKeyFiles, auditPublicKey } from '../audit/audit-keys.ts';
import { PLACE_ORDER_BODY } from '../bench/place-order.body.ts';
import { steppingClock, type TempDataDir, tempDataDir, testConfig } from '../testing/data-dir.ts';
import { type EmbeddedSystem, embeddedFiles, startEmbedded } from './embedded.ts';

const actor = { kind: 'system', component: 'test' } as const;

describe('the embedded OMS signs audit checkpoints', () => {
  let dir: TempDataDir;
  let system: EmbeddedSystem | undefined;

  beforeEach(async () => {
    dir = await tempDataDir();
  });
  afterEach(async () => {
    await system?.close();
    system = undefined;
    await dir.remove();
  });

  async function placeOrders(on: EmbeddedSystem, count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const orderId = randomUUID();
      const command: OrderCommand = { type: 'PlaceOrder', orderId, ...PLACE_ORDER_BODY };
      const outcome = await on.host.execute({
        command,
        metadata: { commandId: randomUUID(), correlationId: orderId, actor },
      });
      expect(outcome.status).toBe('accepted');
    }
  }

  it('every N events and on demand, with the key it generated once, and the log verifies across a restart', async () => {
    const config = testConfig(dir.path, {
      ORDINAL_AUDIT_CHECKPOINT_EVERY: '7',
      ORDINAL_AUDIT_CHECKPOINT_INTERVAL_MS: '0',
    });
    system = await startEmbedded(config, steppingClock());
    await placeOrders(system, 5);
    const first = await system.checkpointer.checkpointNow();
    expect(first?.position).toBe(await system.events.headPosition());
    const key = readFileSync(auditKeyFiles(dir.path).privateKey, 'utf8');
    await system.close();

    // The second start signs with the same key and goes on from the last checkpoint.
    system = await startEmbedded(config, steppingClock('2025-03-02T09:00:00.000Z'));
    await placeOrders(system, 3);
    const last = await system.checkpointer.checkpointNow();
    expect(readFileSync(auditKeyFiles(dir.path).privateKey, 'utf8')).toBe(key);
    await system.close();
    system = undefined;

    const files = embeddedFiles(dir.path);
    const store = SqliteEventStore.open({ file: files.events });
    const checkpoints = SqliteCheckpointStore.openReadOnly(files.checkpoints);
    try {
      const all = checkpoints.all();
      expect(all.length).toBeGreaterThan(2);
      expect(all.map((c) => c.sequence)).toEqual(all.map((_, i) => i + 1));
      expect(all.at(-1)).toEqual(last);
      expect(last?.count).toBe((await store.readAll()).length);
      const report = await verifyLog({
        pages: async (after, max) => store.readStored(after, max),
        checkpoints: all,
        publicKey: auditPublicKey(config),
      });
      expect(report).toMatchObject({ ok: true, problemCount: 0, checkpoints: { checked: all.length } });
    } finally {
      checkpoints.close();
      await store.close();
    }
  });

  it('refuses to start with a signing key that is not an Ed25519 private key, naming the variable', async () => {
    const config = testConfig(dir.path, { ORDINAL_AUDIT_SIGNING_KEY: 'not-a-key' });
    await expect(startEmbedded(config)).rejects.toThrow(/^ORDINAL_AUDIT_SIGNING_KEY is not a private key .*Ed25519/);
    // Nothing was left running or locked: a start with a good setting works at once.
    system = await startEmbedded(testConfig(dir.path));
  });
});
