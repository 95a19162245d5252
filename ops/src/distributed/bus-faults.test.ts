import { SqliteEventStore } from '@ordinal/actors';
import type { RecordedEvent } from '@ordinal/domain';
import { NatsBus } from '@ordinal/projections';
import { type NatsServerProcess, natsSuite, startNatsServer } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientAuth } from '../auth/client-auth.ts';
import { type ApiProcess, startApi } from '../processes/api.process.ts';
import { type ReadSideProcess, startReadSidePart } from '../processes/read-side.process.ts';
import { type Adapters, embeddedFiles, openAdapters } from '../profile/adapters.ts';
import { type TempDataDir, tempDataDir } from '../testing/data-dir.ts';
import { distributedConfig, untilEveryOrderIsAtItsLastRevision } from '../testing/distributed-run.ts';
import { apiClient } from '../testing/http-client.ts';
import { writeOrderLog } from '../testing/order-log.ts';
import { diffWithRebuild } from '../testing/read-model-diff.ts';

const ORDERS = 40;

/** A deterministic shuffle (a fixed linear congruential sequence), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe.skipIf(natsSuite() === 'skip')('projectors on NATS JetStream, fed badly', { timeout: 120_000 }, () => {
  let dir: TempDataDir;
  let nats: NatsServerProcess;
  let events: SqliteEventStore;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    dir = await tempDataDir();
    nats = await startNatsServer();
    events = SqliteEventStore.open({ file: embeddedFiles(dir.path).events, synchronous: 'NORMAL' });
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await events.close();
    await nats.stop();
    await dir.remove();
  });

  const config = () =>
    distributedConfig(dir.path, nats.url, {
      ORDINAL_NATS_DUPLICATE_WINDOW_MS: '1000',
      ORDINAL_PROJECTOR_MAX_IN_FLIGHT: '16',
    });

  async function part(kind: 'relay' | 'projector'): Promise<ReadSideProcess> {
    const adapters: Adapters = await openAdapters(config(), { bus: true });
    const process = await startReadSidePart(config(), { kind }, adapters);
    closers.push(async () => {
      await process.close();
      await adapters.close();
    });
    return process;
  }

  it('applies every event once in effect when the bus delivers each twice and out of order', async () => {
    const log = await writeOrderLog(events, { orders: ORDERS, prefix: 'dup-' });
    const all = await events.readAll();
    const projector = await part('projector');
    // Published straight to the stream, bypassing the relay: shuffled, and again after the
    // de-duplication window so the broker really delivers every event a second time.
    const bus = await NatsBus.connect({ servers: nats.url, duplicateWindowMs: 1_000 });
    closers.push(() => bus.close());
    await bus.publish(shuffled(all, 7));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const again: RecordedEvent[] = shuffled(all, 11);
    await bus.publish(again);
    const docs = await untilEveryOrderIsAtItsLastRevision(dir.path, { orders: ORDERS, events: log.events }, 60_000);
    // Let the second copies drain, then compare: a copy applied twice would show.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const diff = await diffWithRebuild(events, docs);
    expect(diff).toMatchObject({ rebuilt: ORDERS, missing: [], different: [], extra: [] });
    // Every second copy reached the projection and was recognised, not applied again.
    const [stats] = projector.readSide.runnerStats();
    expect(stats!.duplicates).toBeGreaterThanOrEqual(all.length);
  });

  it('parks a poison event, reports it over the API and metrics, and applies the events behind it', async () => {
    const before = await writeOrderLog(events, { orders: ORDERS / 2, prefix: 'pre-' });
    await events.append(
      'order-poison-1',
      [
        {
          eventId: '0f2f6bde-8d0f-4c39-9d5f-9a3c0e0c7a11',
          type: 'OrderTeleported',
          data: { to: 'the moon' },
          metadata: {
            schemaVersion: 1,
            occurredAt: '2026-03-02T09:00:00.000Z',
            correlationId: 'corr-poison',
            causationId: 'cmd-poison',
            actor: { kind: 'role', role: 'integration' },
          },
        },
      ],
      'no-stream',
    );
    const after = await writeOrderLog(events, {
      orders: ORDERS / 2,
      prefix: 'post-',
      start: '2026-03-03T09:00:00.000Z',
    });
    const projector = await part('projector');
    await part('relay');
    const apiAdapters = await openAdapters(config());
    const api: ApiProcess = await startApi(config(), { adapters: apiAdapters });
    closers.push(async () => {
      await api.close();
      await apiAdapters.close();
    });

    await untilEveryOrderIsAtItsLastRevision(
      dir.path,
      { orders: ORDERS, events: before.events + after.events },
      60_000,
    );
    const client = apiClient(api.url, config());
    const parked = await client.get<{
      count: number;
      items: { projection: string; streamId: string; type: string; reason: string }[];
    }>('/parked-events');
    expect(parked.status).toBe(200);
    // Every projection of order events parks it: the tracking view, the tracking-number view, repurchase's, risk's, the approvals queue and the KPIs.
    expect(parked.body.count).toBe(6);
    expect(parked.body.items.map((item) => item.projection).sort()).toEqual([
      'approvalQueue',
      'kpis',
      'orderTracking',
      'repurchaseEstimates',
      'riskAccounts',
      'shipmentsByTracking',
    ]);
    for (const item of parked.body.items) {
      expect(item).toMatchObject({ streamId: 'order-poison-1', type: 'OrderTeleported' });
      expect(item.reason).toMatch(/OrderTeleported/);
    }
    const scrape = await projector.metrics.registry.metrics();
    expect(scrape).toMatch(/ordinal_parked_events\{projection="orderTracking"\} 1/);
    // The API process serves its own metrics (commands, appends, live actors) beside the routes.
    const apiScrape = await fetch(`${api.url}/metrics`, { headers: clientAuth(config(), { role: 'ops' })() });
    expect(apiScrape.status).toBe(200);
    expect(await apiScrape.text()).toMatch(/ordinal_appended_events_total/);
  });
});
