import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  type AuditCheckpoint,
  EncryptingEventStore,
  type LogRewrite,
  SEAL_PERSONAL_DATA,
  SqliteCheckpointStore,
  SqliteEventStore,
  type StoredEventPages,
  storedEventOf,
  type VerifyProblem,
  type VerifyReport,
  verifyLog,
} from '@ordinal/actors';
import type { EventStore } from '@ordinal/domain';
import { auditKeyAvailable, auditPublicKey } from '../audit/audit-keys.ts';
import type { OrdinalConfig } from '../config/config.ts';
import { embeddedFiles } from '../profile/adapters.ts';
import { ProgressBar } from './progress.ts';
import { withLog } from './routing.command.ts';

/** What `ordinal verify` was asked. */
export interface VerifyArgs {
  readonly json: boolean;
  /** A PEM public key file to check the checkpoints with (an auditor's own copy). */
  readonly publicKey?: string;
}

/** Problems printed in full before the rest are only counted (`--json` has the first 100). */
const SHOWN = 20;

/**
 * `ordinal verify [--json] [--public-key FILE]`: walks the whole log and checks every stream's
 * hash chain and every signed checkpoint; exits 1 naming the first event whose chain breaks.
 */
export async function runVerify(config: OrdinalConfig, args: VerifyArgs): Promise<number> {
  const trail = readAuditTrail(config, args.publicKey);
  const done = await withLog(config, async (events) => {
    const head = await events.headPosition();
    const bar = new ProgressBar('verifying the log', 'positions');
    const report = await verifyLog({
      pages: pagesOf(events),
      ...trail,
      onProgress: (position) => bar.update(position, head),
    });
    bar.finish(`${report.events.toLocaleString('en-US')} events read`);
    console.log(args.json ? JSON.stringify(report, null, 2) : describeReport(report));
    return report.ok ? 0 : 1;
  });
  return done ?? 1;
}

/**
 * The log as stored: the SQLite file's own JSON text, or another store's events as JSON again.
 * Read beneath the personal data encryption: the chains cover the sealed fields, as stored.
 */
function pagesOf(opened: EventStore): StoredEventPages {
  const events = opened instanceof EncryptingEventStore ? opened.inner : opened;
  if (events instanceof SqliteEventStore) return async (after, max) => events.readStored(after, max);
  return async (after, max) => (await events.readAll({ afterPosition: after, maxCount: max })).map(storedEventOf);
}

/** What the log is checked against: the signed checkpoints, the rewrite statements and the public key. */
export interface AuditTrail {
  readonly checkpoints: readonly AuditCheckpoint[];
  readonly rewrites: readonly LogRewrite[];
  readonly publicKey?: KeyObject;
}

/**
 * The data directory's checkpoints and rewrite statements, and the key to check them with. A log
 * no checkpoint was signed over yet (e.g. just imported, never served) is vouched for by its
 * chains alone, so it needs no key; once there are checkpoints, they are checked with one.
 */
export function readAuditTrail(config: OrdinalConfig, publicKeyFile?: string): AuditTrail {
  const file = embeddedFiles(config.dataDir).checkpoints;
  let checkpoints: AuditCheckpoint[] = [];
  let rewrites: LogRewrite[] = [];
  if (existsSync(file)) {
    const store = SqliteCheckpointStore.openReadOnly(file);
    try {
      checkpoints = store.all();
      rewrites = store.rewrites();
    } finally {
      store.close();
    }
  }
  const keyless = checkpoints.length === 0 && rewrites.length === 0;
  if (keyless && publicKeyFile === undefined && !auditKeyAvailable(config)) return { checkpoints, rewrites };
  return { checkpoints, rewrites, publicKey: auditPublicKey(config, publicKeyFile) };
}

/** The report in words: what holds, or the first break and every problem found. */
export function describeReport(report: VerifyReport): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const { checkpoints } = report;
  const covered =
    checkpoints.lastPosition === null
      ? 'no signed checkpoint yet (the chains alone vouch for the log)'
      : `${n(checkpoints.checked)} signed checkpoints checked, the last at position ${n(checkpoints.lastPosition)}`;
  const rewritten = describeRewrites(report);
  if (report.ok) {
    return `The log verifies: ${n(report.events)} events in ${n(report.streams)} streams up to position ${n(report.headPosition)}, every chain holds; ${covered}.${rewritten}`;
  }
  const lines = [
    `The log does NOT verify: ${n(report.problemCount)} problems in ${n(report.events)} events; ${covered}.${rewritten}`,
  ];
  if (report.firstBreak !== null) lines.push(`First break: ${describeProblem(report.firstBreak)}`);
  for (const problem of report.problems.slice(0, SHOWN)) {
    if (problem !== report.firstBreak) lines.push(`  ${describeProblem(problem)}`);
  }
  if (report.problemCount > SHOWN)
    lines.push(`  … and ${n(report.problemCount - SHOWN)} more (--json lists the first 100)`);
  lines.push('Restore the log from a backup that verifies, and find out who could write to the data directory.');
  return lines.join('\n');
}

/** ` It was rewritten on … to seal …`, or nothing for a log never rewritten. */
function describeRewrites(report: VerifyReport): string {
  const { last, checked, superseded } = report.rewrites;
  if (last === null) return '';
  const n = (value: number) => value.toLocaleString('en-US');
  const what =
    last.reason === SEAL_PERSONAL_DATA ? 'to seal the personal data recorded in the clear' : `(${last.reason})`;
  const times = checked === 1 ? '' : ` (the last of ${n(checked)} rewrites)`;
  const before =
    superseded === 0
      ? 'no checkpoint was signed before it'
      : superseded === 1
        ? 'the checkpoint signed before it attests the old bytes and is kept as superseded (its signature checked)'
        : `the ${n(superseded)} checkpoints signed before it attest the old bytes and are kept as superseded (their signatures checked)`;
  return ` The log was rewritten on ${last.at} ${what}${times}: ${n(last.changed)} events changed, the signed statement checked; ${before}.`;
}

/** One problem in a sentence that names the event or checkpoint. */
export function describeProblem(problem: VerifyProblem): string {
  switch (problem.kind) {
    case 'chain':
      return `${problem.streamId} revision ${problem.revision} (position ${problem.position}, event ${problem.eventId}): its content hashes to ${problem.expected}, the log records ${problem.found ?? 'no hash'}`;
    case 'gap':
      return `${problem.streamId} revision ${problem.revision} (position ${problem.position}, event ${problem.eventId}) follows revision ${problem.expectedRevision - 1}: events are missing or moved`;
    case 'checkpoint-signature':
      return `checkpoint ${problem.sequence} (position ${problem.position}): its signature does not verify with the audit public key`;
    case 'checkpoint-digest':
      return `checkpoint ${problem.sequence} (position ${problem.position}) signed ${problem.expected.count} events with digest ${problem.expected.digest}; the log now has ${problem.found.count} with ${problem.found.digest}`;
    case 'rewrite-signature':
      return `rewrite statement ${problem.sequence} (position ${problem.position}): its signature does not verify with the audit public key`;
    case 'rewrite-digest':
      return `rewrite statement ${problem.sequence} (position ${problem.position}) left ${problem.expected.count} events with digest ${problem.expected.digest}; the log now has ${problem.found.count} with ${problem.found.digest}`;
    default: {
      const unknown: never = problem;
      return String(unknown);
    }
  }
}
