import {
  type AuditCheckpoint,
  type LogRewrite,
  SEAL_PERSONAL_DATA,
  SqliteCheckpointStore,
  signCheckpoint,
  signRewrite,
} from '@ordinal/actors';
import type { OrdinalConfig } from '../config/config.ts';
import { embeddedFiles } from '../profile/adapters.ts';
import { auditSigningKey } from './audit-keys.ts';

/** The log before and after a rewrite that kept every event at its position. */
export interface RewrittenLog {
  readonly position: number;
  readonly count: number;
  readonly oldDigest: string;
  readonly newDigest: string;
  readonly changed: number;
}

/**
 * Records in `checkpoints.db`, in one transaction, a signed statement that the log was rewritten
 * to seal personal data (superseding every checkpoint signed so far) and the first checkpoint
 * over the rewritten log, signed with the audit key the checkpoints are signed with.
 */
export function recordLogRewrite(
  config: OrdinalConfig,
  log: RewrittenLog,
  clock: () => Date = () => new Date(),
): { readonly rewrite: LogRewrite; readonly checkpoint: AuditCheckpoint } {
  const key = auditSigningKey(config, (message) => console.error(message));
  const checkpoints = SqliteCheckpointStore.open(embeddedFiles(config.dataDir).checkpoints);
  try {
    const last = checkpoints.last();
    const at = clock().toISOString();
    const { position, count, newDigest } = log;
    const rewrite = signRewrite(
      {
        ...log,
        sequence: checkpoints.rewrites().length + 1,
        at,
        reason: SEAL_PERSONAL_DATA,
        supersedes: last?.sequence ?? 0,
      },
      key.privateKey,
    );
    const sequence = (last?.sequence ?? 0) + 1;
    const checkpoint = signCheckpoint({ sequence, position, count, digest: newDigest, at }, key.privateKey);
    checkpoints.recordRewrite(rewrite, checkpoint);
    return { rewrite, checkpoint };
  } finally {
    checkpoints.close();
  }
}
