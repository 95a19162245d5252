import type { OpeningBus } from '@ordinal/actors';
import type { NatsBus } from '@ordinal/projections';
import { eventually, type NatsServerProcess, natsSuite, startNatsServer } from '@ordinal/projections/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReadSideProcess, startReadSidePart } from '../processes/read-side.process.ts';
import { openAdapters } from '../profile/adapters.ts';
import { type CliProcess, startCli, startScript } from '../testing/cli-process.ts';
import type { TempDataDir } from '../testing/data-dir.ts';
import {
  distributedConfig,
  distributedEnv,
  type LogTemplate,
  orderLogTemplate,
  trackingDocuments,
} from '../testing/distributed-run.ts';
import { NAIVE_POSITION_FIELD } from '../testing/naive-tracking.projection.ts';
import { diffWithRebuild, type ReadModelDiff, sameAsRebuild } from '../testing/read-model-diff.ts';

const EVENTS = 100_000;
const KILLS = 5;
/** Time a projector runs before it is killed, per kill (it restarts at once). */
const RUN_BEFORE_KILL_MS = [2_500, 3_000, 2_000, 3_500, 2_500];

/**
 * Runs two projector processes against a relay that is publishing the whole log, SIGKILLs one
 * of them KILLS times mid-replay (restarting it each time), lets them finish, and compares the
 * read model with a rebuild from the log.
 */
async function replayWithKills(
  template: LogTemplate,
  start: (env: Record<string, string>) => CliProcess,
): Promise<{ diff: ReadModelDiff; kills: number }> {
  const dir: TempDataDir = await template.copy();
  const nats: NatsServerProcess = await startNatsServer();
  let relay: ReadSideProcess | undefined;
  let closeRelayAdapters: (() => Promise<void>) | undefined;
  const running: CliProcess[] = [];
  try {
    const config = distributedConfig(dir.path, nats.url);
    const adapters = await openAdapters(config, { bus: true });
    closeRelayAdapters = () => adapters.close();
    relay = await startReadSidePart(config, { kind: 'relay' }, adapters);
    const env = distributedEnv(dir.path, nats.url, {
      ORDINAL_PROJECTOR_MAX_IN_FLIGHT: '64',
      ORDINAL_PROJECTOR_ACK_WAIT_MS: '1000',
    });
    // Two projector processes share the projection's durable consumer, as when it is scaled
    // out; they are SIGKILLed in turn and each is restarted at once.
    const started = async () => {
      const projector = start(env);
      running.push(projector);
      await projector.waitFor(/"ordinal started"/, 30_000);
      return projector;
    };
    const pair = [await started(), await started()];
    let kills = 0;
    for (const runFor of RUN_BEFORE_KILL_MS.slice(0, KILLS)) {
      await new Promise((resolve) => setTimeout(resolve, runFor));
      const victim = pair[kills % 2]!;
      victim.child.kill('SIGKILL');
      await victim.exited;
      kills += 1;
      pair[(kills - 1) % 2] = await started();
    }
    // Done when the relay has published the whole log and the broker holds nothing more for
    // the projection: whatever the projectors made of it is final.
    // Under the bus that opens the sealed events for the projectors.
    const bus = (adapters.bus as OpeningBus).inner as NatsBus;
    const head = await adapters.events.headPosition();
    await eventually(
      async () => {
        expect((await relay!.readSide.status()).relay?.checkpoint).toBe(head);
        expect(await bus.backlog('orderTracking')).toEqual({ pending: 0, ackPending: 0 });
      },
      240_000,
      500,
    );
    const docs = trackingDocuments(dir.path);
    const { events } = adapters;
    return { diff: await diffWithRebuild(events, docs, { strip: [NAIVE_POSITION_FIELD] }), kills };
  } finally {
    for (const projector of running) {
      projector.kill();
      await projector.exited;
    }
    await relay?.close();
    await closeRelayAdapters?.();
    await nats.stop();
    await dir.remove();
  }
}

describe.skipIf(natsSuite() === 'skip')(
  `projector processes SIGKILLed ${KILLS} times during a ${EVENTS.toLocaleString('en')}-event replay`,
  { timeout: 600_000 },
  () => {
    let template: LogTemplate;

    beforeAll(async () => {
      // Orders' histories overlap, each in runs of three consecutive events, as on a busy day.
      template = await orderLogTemplate(EVENTS, { burst: 3 });
    }, 120_000);

    afterAll(async () => {
      await template?.dir.remove();
    });

    it('converge to exactly the rebuild: nothing lost, nothing applied twice', async () => {
      // The tracking view is what is compared, so the projectors run it alone (as one scaled out
      // with --only would): the other order projections would only share its two cores.
      const { diff, kills } = await replayWithKills(template, (env) =>
        startCli(['projector', '--only', 'orderTracking'], env),
      );
      expect(kills).toBe(KILLS);
      expect(diff.rebuilt).toBe(template.orders);
      expect(diff).toMatchObject({ missing: [], different: [], extra: [] });
      expect(sameAsRebuild(diff)).toBe(true);
    });

    it('catch a naive "skip if not above the last position" guard (the control run differs)', async () => {
      const { diff, kills } = await replayWithKills(template, (env) =>
        startScript('ops/src/testing/naive-projector.fixture.ts', [], env),
      );
      expect(kills).toBe(KILLS);
      // Same log, same kills: events of one order applied concurrently or redelivered after a
      // newer one arrive out of order, and the naive guard skips the older ones for good.
      expect(sameAsRebuild(diff)).toBe(false);
      expect(diff.different.length + diff.missing.length).toBeGreaterThan(0);
    });
  },
);
