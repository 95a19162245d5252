import { existsSync } from 'node:fs';
import { startAuditCheckpointer } from '../audit/audit-checkpoints.ts';
import type { OrdinalConfig } from '../config/config.ts';
import { lockDataDir } from '../embedded/data-dir-lock.ts';
import { embeddedFiles } from '../profile/adapters.ts';
import { ProgressBar } from './progress.ts';
import { withLog } from './routing.command.ts';

/**
 * `ordinal checkpoint`: signs a checkpoint of the whole log now, e.g. before a backup. A running
 * server signs its own (and at its stop), so this one wants the data directory to itself.
 */
export async function runCheckpoint(config: OrdinalConfig): Promise<number> {
  const files = embeddedFiles(config.dataDir);
  if (config.profile.eventStore.kind === 'sqlite' && !existsSync(files.events)) {
    console.error(`No event log at ${files.events}. Set ORDINAL_DATA_DIR to the data directory the OMS uses.`);
    return 1;
  }
  // The lock the server and the relay hold: one signer of checkpoints per log.
  const unlock = lockDataDir(config.dataDir, 'ordinal checkpoint', 'relay');
  try {
    const done = await withLog(config, async (events) => {
      const head = await events.headPosition();
      const log = {
        warn: (message: string) => console.error(message),
        error: (message: string) => console.error(message),
      };
      const running = startAuditCheckpointer(
        { ...config, audit: { ...config.audit, checkpointIntervalMs: 0 } },
        events,
        log,
      );
      const bar = new ProgressBar('rolling up the log', 'positions');
      const progress = setInterval(() => bar.update(running.checkpointer.rolledUpTo(), head), 100);
      const before = running.checkpointer.last()?.sequence;
      try {
        const checkpoint = await running.checkpointer.checkpointNow();
        bar.update(head, head);
        bar.finish(`up to position ${head.toLocaleString('en-US')}`);
        if (checkpoint === undefined) {
          console.log('The log is empty: there is nothing to sign yet.');
        } else if (checkpoint.sequence === before) {
          console.log(
            `Checkpoint ${checkpoint.sequence} already covers the whole log (${checkpoint.count.toLocaleString('en-US')} events up to position ${checkpoint.position.toLocaleString('en-US')}): nothing new to sign.`,
          );
        } else {
          const { sequence, count, position, digest, keyId } = checkpoint;
          console.log(
            `Checkpoint ${sequence} signed: ${count.toLocaleString('en-US')} events up to position ${position.toLocaleString('en-US')}, digest ${digest}, key ${keyId}.`,
          );
        }
        return 0;
      } finally {
        clearInterval(progress);
        await running.stop();
      }
    });
    return done ?? 1;
  } finally {
    unlock();
  }
}
