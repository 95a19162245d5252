import { existsSync } from 'node:fs';
import { ActorHost, AlertEvaluator } from '@ordinal/actors';
import { alertDecider } from '@ordinal/domain';
import type { OrdinalConfig } from '../config/config.ts';
import { lockDataDir } from '../embedded/data-dir-lock.ts';
import { embeddedFiles, openAdapters } from '../profile/adapters.ts';
import { ProgressBar } from './progress.ts';

/**
 * `ordinal alerts replay [--import]`: evaluates the alert rules over the whole log, each event at
 * its own time, and records the alerts that history raises and clears. Alerts raised before are
 * refused as already raised, so a second replay adds nothing. Imported events count only with
 * `--import` (or `ORDINAL_ALERTS_ON_IMPORT=true`). SLA breaches need the clock, not the log: the
 * server's next check raises those.
 */
export async function runAlertsReplay(config: OrdinalConfig, options: { onImport: boolean }): Promise<number> {
  const files = embeddedFiles(config.dataDir);
  if (config.profile.eventStore.kind === 'sqlite' && !existsSync(files.events)) {
    console.error(`No event log at ${files.events}. Set ORDINAL_DATA_DIR to the data directory the OMS uses.`);
    return 1;
  }
  // Stop the server first: its own evaluator would race this one (the raises are idempotent, the work is not).
  const unlock = config.profile.eventStore.kind === 'sqlite' ? lockDataDir(config.dataDir, 'ordinal alerts') : () => {};
  let adapters: Awaited<ReturnType<typeof openAdapters>>;
  try {
    adapters = await openAdapters(config);
  } catch (error) {
    unlock();
    throw error;
  }
  const { events } = adapters;
  const alerts = new ActorHost({ store: events, decider: alertDecider });
  const head = await events.headPosition();
  const bar = new ProgressBar('alerts replay', 'positions');
  const failures: string[] = [];
  const evaluator = new AlertEvaluator({
    events,
    alerts,
    clock: () => new Date(),
    intervalMs: 0,
    replay: true,
    onImport: options.onImport,
    onProgress: (position) => bar.update(Math.min(position, head), head),
    onError: (error, alertId) => failures.push(`${alertId}: ${error instanceof Error ? error.message : String(error)}`),
  });
  try {
    evaluator.start();
    while (!evaluator.caughtUp) await new Promise((resolve) => setTimeout(resolve, 50));
    bar.update(head, head);
    const { raised, resolved } = evaluator.counts;
    bar.finish(`${raised} alerts raised, ${resolved} resolved, up to position ${head}`);
    for (const failure of failures) console.error(`not recorded: ${failure}`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    await evaluator.stop();
    await alerts.close();
    await adapters.close();
    unlock();
  }
}
