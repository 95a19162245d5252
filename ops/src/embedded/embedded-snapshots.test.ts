import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { SqliteSnapshotStore } from '@ordinal/actors';
import { type OrderCommand, toPersistedOrderState } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLACE_ORDER_BODY } from '../bench/place-order.body.ts';
import { steppingClock, type TempDataDir, tempDataDir, testConfig } from '../testing/data-dir.ts';
import { type EmbeddedSystem, embeddedFiles, startEmbedded } from './embedded.ts';

const actor = { kind: 'system', component: 'test' } as const;

describe('startEmbedded with the snapshot cache', () => {
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

  async function start(every: string): Promise<EmbeddedSystem> {
    system = await startEmbedded(testConfig(dir.path, { ORDINAL_SNAPSHOT_EVERY: every }), steppingClock());
    return system;
  }

  /** The order's state as JSON and its revision, as the host holds them. */
  async function loaded(on: EmbeddedSystem, orderId: string) {
    const { state, revision } = await on.host.load(orderId);
    return { state: toPersistedOrderState(state), revision };
  }

  /** Places an order and adds notes until it has `events` events; returns its id. */
  async function writeOrder(on: EmbeddedSystem, events: number): Promise<string> {
    const orderId = randomUUID();
    const send = (command: OrderCommand) =>
      on.host.execute({ command, metadata: { commandId: randomUUID(), correlationId: orderId, actor } });
    let outcome = await send({ type: 'PlaceOrder', orderId, ...PLACE_ORDER_BODY });
    for (let n = 0; outcome.revision < events; n += 1) {
      outcome = await send({ type: 'AddNote', orderId, noteId: `n${n}`, text: 'called', visibility: 'internal' });
      expect(outcome.status).toBe('accepted');
    }
    return orderId;
  }

  it('keeps snapshots in snapshots.db, closes it on close, and answers the same after deleting it', async () => {
    const first = await start('5');
    const orderId = await writeOrder(first, 12);
    const before = await loaded(first, orderId);
    await first.close();
    const file = embeddedFiles(dir.path).snapshots;
    const cache = SqliteSnapshotStore.open({ file });
    expect((await cache.get(`order-${orderId}`))?.revision).toBe(10);
    await cache.close();

    const second = await start('5');
    expect(await loaded(second, orderId)).toEqual(before);
    await second.close();

    // Deleted, or replaced by garbage: the next start folds the stream and answers the same.
    writeFileSync(file, 'not a database');
    const third = await start('5');
    expect(await loaded(third, orderId)).toEqual(before);
  });

  it('writes no snapshots.db with ORDINAL_SNAPSHOT_EVERY=0', async () => {
    const on = await start('0');
    await writeOrder(on, 3);
    await on.close();
    expect(existsSync(embeddedFiles(dir.path).snapshots)).toBe(false);
  });
});
