import { AuditCheckpointer, SqliteCheckpointStore } from '@ordinal/actors';
import type { EventStore } from '@ordinal/domain';
import type { OrdinalConfig } from '../config/config.ts';
import { embeddedFiles } from '../profile/adapters.ts';
import { auditSigningKey } from './audit-keys.ts';

/** The checkpointer of a process that follows the whole log once (`ordinal all`, `ordinal relay`). */
export interface RunningCheckpointer {
  readonly checkpointer: AuditCheckpointer;
  /** Writes a last checkpoint and closes the checkpoint file. */
  stop(): Promise<void>;
}

/**
 * Starts signing checkpoints of the log into `<dataDir>/checkpoints.db`, every
 * `ORDINAL_AUDIT_CHECKPOINT_EVERY` events and every `ORDINAL_AUDIT_CHECKPOINT_INTERVAL_MS`.
 */
export function startAuditCheckpointer(
  config: OrdinalConfig,
  events: EventStore,
  log: { warn(message: string): void; error(message: string): void } = console,
): RunningCheckpointer {
  const key = auditSigningKey(config, (message) => log.warn(message));
  const checkpoints = SqliteCheckpointStore.open(embeddedFiles(config.dataDir).checkpoints);
  const checkpointer = new AuditCheckpointer({
    events,
    checkpoints,
    signingKey: key.privateKey,
    every: config.audit.checkpointEvery,
    intervalMs: config.audit.checkpointIntervalMs,
    onError: (error) => log.error(`audit checkpoint not written: ${(error as Error).message}`),
  });
  checkpointer.start();
  return {
    checkpointer,
    stop: async () => {
      await checkpointer.stop();
      checkpoints.close();
    },
  };
}
