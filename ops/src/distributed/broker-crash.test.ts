import type { OpeningBus } from '@ordinal/actors';
import { SqliteEventStore } from '@ordinal/actors';
import { NatsBus } from '@ordinal/projections';
import { type NatsServerProcess, natsSuite, startNatsServer } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReadSideProcess, startReadSidePart } from '../processes/read-side.process.ts';
import { type Adapters, embeddedFiles, openAdapters } from '../profile/adapters.ts';
import { type TempDataDir, tempDataDir } from '../testing/data-dir.ts';
import { distributedConfig, untilEveryOrderIsAtItsLastRevision } from '../testing/distributed-run.ts';
import { EVENTS_PER_ORDER, writeOrderLog } from '../testing/order-log.ts';
import { diffWithRebuild } from '../testing/read-model-diff.ts';

const EVENTS = 20_000;

describe.skipIf(natsSuite() === 'skip')('nats-server SIGKILLed in the middle of a run', { timeout: 300_000 }, () => {
  let dir: TempDataDir;
  let nats: NatsServerProcess;
  const parts: { process: ReadSideProcess; adapters: Adapters }[] = [];

  beforeEach(async () => {
    dir = await tempDataDir();
    nats = await startNatsServer();
  });

  afterEach(async () => {
    for (const part of parts.splice(0).reverse()) {
      await part.process.close();
      await part.adapters.close();
    }
    await nats.stop();
    await dir.remove();
  });

  /** A relay or projector part on its own adapters, as a separate process would have. */
  async function start(kind: 'relay' | 'projector'): Promise<ReadSideProcess> {
    const config = distributedConfig(dir.path, nats.url, {
      ORDINAL_PROJECTOR_MAX_IN_FLIGHT: '32',
      ORDINAL_PROJECTOR_ACK_WAIT_MS: '2000',
    });
    const adapters = await openAdapters(config, { bus: true });
    const process = await startReadSidePart(config, { kind }, adapters);
    parts.push({ process, adapters });
    return process;
  }

  it(`converges to the rebuild after the broker dies mid-way through ${EVENTS.toLocaleString('en')} events`, async () => {
    const projector = await start('projector');
    const relay = await start('relay');
    const orders = Math.ceil(EVENTS / EVENTS_PER_ORDER);
    const writer = SqliteEventStore.open({ file: embeddedFiles(dir.path).events, synchronous: 'NORMAL' });
    let killed = false;
    let crash: Promise<void> | undefined;
    try {
      // The writer keeps appending while the broker is down: the log never waits for the bus.
      const log = await writeOrderLog(writer, {
        orders,
        prefix: 'crash-',
        concurrency: 100,
        onProgress: (written) => {
          if (!killed && written >= EVENTS / 2) {
            killed = true;
            crash = (async () => {
              await nats.kill('SIGKILL');
              await new Promise((resolve) => setTimeout(resolve, 1_500));
              await nats.restart();
            })();
          }
        },
      });
      await crash;
      expect(killed).toBe(true);
      const docs = await untilEveryOrderIsAtItsLastRevision(dir.path, { orders, events: log.events }, 180_000);
      const diff = await diffWithRebuild(writer, docs);
      expect(diff).toMatchObject({ rebuilt: orders, missing: [], different: [], extra: [] });
      const status = await relay.readSide.status();
      expect(status.relay?.checkpoint).toBe(await writer.headPosition());
      expect((await projector.readSide.status()).parked).toEqual([]);
      // Both sides really lost the broker and came back on their own.
      for (const { adapters } of parts) {
        // Under the bus that opens the sealed events for the projectors.
        const bus = (adapters.bus as OpeningBus).inner;
        expect(bus).toBeInstanceOf(NatsBus);
        expect((bus as NatsBus).stats()).toMatchObject({ connected: true });
        expect((bus as NatsBus).stats().reconnects).toBeGreaterThanOrEqual(1);
      }
    } finally {
      await writer.close();
    }
  });
});
