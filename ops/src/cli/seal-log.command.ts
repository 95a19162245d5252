import { existsSync, rmSync } from 'node:fs';
import {
  GENESIS_HASH,
  PersonalDataCipher,
  PersonalDataOwnerUnknownError,
  rollDigest,
  SqliteEventStore,
  SqlitePersonalDataVault,
  verifyLog,
} from '@ordinal/actors';
import { KEPT_PAYLOAD_SETTLING_EVENTS, keepsPayload, payloadKeyOwner } from '@ordinal/domain';
import { recordLogRewrite } from '../audit/audit-rewrite.ts';
import type { OrdinalConfig } from '../config/config.ts';
import { lockDataDir } from '../embedded/data-dir-lock.ts';
import { embeddedFiles } from '../profile/adapters.ts';
import { replaceShredding, shredFile } from '../sealing/file-shredding.ts';
import {
  checkSealedCopy,
  holdsPlainPersonalData,
  SealedCopyMismatchError,
  writeSealedCopy,
} from '../sealing/sealed-copy.ts';
import { holdWriteLock } from '../sealing/write-lock.ts';
import { ProgressBar } from './progress.ts';
import { rebuildProjections } from './rebuild.command.ts';
import { describeReport, readAuditTrail } from './verify.command.ts';

/** What the refusal on EventStoreDB says: why the log cannot be sealed in place, and what that means. */
export const ESDB_CANNOT_SEAL =
  'ordinal seal-log rewrites the embedded SQLite log (events.db) only. EventStoreDB never changes or rewrites a stored event, and it assigns every position itself, so personal fields it recorded in the clear cannot be sealed in place: it would take a new EventStoreDB database with every event written again (new positions, every read model rebuilt, the audit checkpoints signed afresh), which Ordinal does not do. Events the OMS appended to it went through the personal data encryption and are sealed already; see docs/privacy.md ("Sealing a log written in the clear").';

const n = (value: number) => value.toLocaleString('en-US');
const superseded = (count: number) =>
  count === 0
    ? 'no checkpoint was signed before'
    : count === 1
      ? 'the earlier checkpoint is kept as superseded'
      : `the ${n(count)} earlier checkpoints are kept as superseded`;

/**
 * `ordinal seal-log`: a one-off migration of a data directory whose log was (partly) written
 * before personal data was encrypted. Checks the log, writes a copy with every plain personal
 * value sealed under its customer's key and the chains computed again, checks the copy, records a
 * signed statement of the rewrite and a fresh checkpoint, puts the copy in place of the log
 * (overwriting the old file), drops the snapshots and rebuilds the read models.
 */
export async function runSealLog(config: OrdinalConfig): Promise<number> {
  if (config.profile.eventStore.kind === 'esdb') {
    console.error(ESDB_CANNOT_SEAL);
    return 1;
  }
  const files = embeddedFiles(config.dataDir);
  if (!existsSync(files.events)) {
    console.error(`No event log at ${files.events}. Set ORDINAL_DATA_DIR to the data directory the OMS uses.`);
    return 1;
  }
  // Nothing else may write the log, the keys or the checkpoints meanwhile: the server and the
  // relay (the checkpoint signer) hold these locks.
  const unlockDir = lockDataDir(config.dataDir, 'ordinal seal-log');
  let unlockRelay: () => void;
  try {
    unlockRelay = lockDataDir(config.dataDir, 'ordinal seal-log', 'relay');
  } catch (error) {
    unlockDir();
    throw error;
  }
  try {
    return await sealLog(config);
  } finally {
    unlockRelay();
    unlockDir();
  }
}

async function sealLog(config: OrdinalConfig): Promise<number> {
  const files = embeddedFiles(config.dataDir);
  const sealing = `${files.events}.sealing`;
  const trail = readAuditTrail(config);
  const synchronous = config.eventStore.synchronous;
  const source = SqliteEventStore.open({ file: files.events, synchronous });
  // A process that holds no lock file (an API on these files) still cannot append meanwhile.
  let releaseWrites: () => void;
  try {
    releaseWrites = holdWriteLock(files.events);
  } catch (error) {
    await source.close();
    throw error;
  }
  const vault = SqlitePersonalDataVault.open({ file: files.keys, synchronous });
  const forgottenVault = SqlitePersonalDataVault.open({ file: ':memory:' });
  const keys = { cipher: new PersonalDataCipher(vault), forgotten: new PersonalDataCipher(forgottenVault) };
  let recorded = false;
  let swapped = false;
  try {
    // 1. The log as it is must verify: a break is investigated first, never sealed over.
    const head = await source.headPosition();
    const erasures = new Map<string, number>();
    let plain = 0;
    let oldDigest = GENESIS_HASH;
    const verifying = new ProgressBar('verifying the log', 'positions');
    const report = await verifyLog({
      ...trail,
      // One walk verifies the log, counts its plain personal values and finds the erasures.
      pages: async (after, max) => {
        const page = source.readStored(after, max);
        for (const row of page) {
          if (holdsPlainPersonalData(row)) plain += 1;
          if (row.type === 'CustomerErased') {
            const { customerId, payloads } = JSON.parse(row.data) as { customerId?: unknown; payloads?: unknown };
            if (typeof customerId === 'string') erasures.set(customerId, row.position);
            // The parked payloads erased with the customer.
            if (Array.isArray(payloads)) {
              for (const streamId of payloads) {
                if (typeof streamId === 'string') erasures.set(payloadKeyOwner(streamId), row.position);
              }
            }
          }
          // A parked payload that became an order (or whose scans were recorded) has had its key
          // destroyed since: what it held before reads as erased, as it would have.
          if (keepsPayload(row.streamId) && KEPT_PAYLOAD_SETTLING_EVENTS.includes(row.type)) {
            erasures.set(payloadKeyOwner(row.streamId), row.position);
          }
          oldDigest = rollDigest(oldDigest, row.hash ?? '');
        }
        return page;
      },
      onProgress: (position) => verifying.update(position, head),
    });
    verifying.finish(`${n(report.events)} events read`);
    if (!report.ok) {
      console.error(
        `The log does not verify, so seal-log leaves it as it is (nothing was changed): the break must be investigated first.\n${describeReport(report)}`,
      );
      return 1;
    }
    if (plain === 0) {
      console.log(
        `No personal value in the log's ${n(report.events)} events is in the clear: there is nothing to seal.`,
      );
      return 0;
    }

    // 2. A sealed copy beside the log, checked against it.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${sealing}${suffix}`, { force: true });
    const copying = new ProgressBar('sealing a copy of the log', 'positions');
    let copy: Awaited<ReturnType<typeof writeSealedCopy>>;
    try {
      copy = await writeSealedCopy({
        source,
        target: sealing,
        keys: { ...keys, erasures },
        synchronous,
        onProgress: (position) => copying.update(position, head),
      });
    } catch (error) {
      if (!(error instanceof PersonalDataOwnerUnknownError)) throw error;
      copying.finish('stopped');
      console.error(
        `${error.eventType} on ${error.streamId} holds personal data in the clear, but no customer owns the stream (it has no OrderPlaced naming one), so it cannot be sealed. Nothing was changed. Find out what wrote that event before sealing the log.`,
      );
      return 1;
    }
    copying.finish(`${n(copy.changed)} of ${n(copy.count)} events sealed`);
    const checking = new ProgressBar('checking the sealed copy', 'positions');
    const copied = SqliteEventStore.open({ file: sealing, synchronous });
    let checked: Awaited<ReturnType<typeof checkSealedCopy>>;
    try {
      checked = await checkSealedCopy({
        source,
        copy: copied,
        keys: { ...keys, erasures },
        onProgress: (position) => checking.update(position, head),
      });
    } catch (error) {
      if (!(error instanceof SealedCopyMismatchError)) throw error;
      checking.finish('failed');
      console.error(
        `The sealed copy does not match the log, so the log is left as it is: ${error.message}. Please report this.`,
      );
      return 1;
    } finally {
      await copied.close();
    }
    if (checked.count !== report.events) {
      console.error(
        `The sealed copy has ${n(checked.count)} events, the log ${n(report.events)}: the log is left as it is.`,
      );
      return 1;
    }
    checking.finish(`every event opens to its original data, every chain holds`);

    // 3. The audit trail: a signed statement of the rewrite and the first checkpoint over the new log.
    if ((await source.headPosition()) !== head) {
      console.error(
        'Events were appended to the log while it was being sealed: stop every Ordinal process using it, then run seal-log again. Nothing was changed.',
      );
      return 1;
    }
    const { rewrite, checkpoint } = recordLogRewrite(config, {
      position: head,
      count: report.events,
      oldDigest,
      newDigest: checked.digest,
      changed: copy.changed,
    });
    recorded = true;

    // 4. The swap: every connection closed, the copy renamed over the log, the old bytes overwritten.
    await source.close();
    await vault.close();
    releaseWrites();
    replaceShredding(files.events, sealing);
    swapped = true;
    const snapshots = ['', '-wal', '-shm'].map((suffix) => shredFile(`${files.snapshots}${suffix}`)).some(Boolean);
    console.log(
      [
        `Sealed the personal data of ${n(copy.changed)} of ${n(copy.count)} events (positions, ids, revisions and times kept)${copy.erased > 0 ? `; ${n(copy.erased)} of them belong to customers erased since and now read as erased` : ''}.`,
        `The old log was overwritten with zeros and removed; rewrite statement ${rewrite.sequence} and checkpoint ${checkpoint.sequence} signed (digest ${checkpoint.digest}, key ${rewrite.keyId}); ${superseded(rewrite.supersedes)}.`,
        snapshots ? 'The order snapshots (snapshots.db) were removed: the next loads fold the sealed log.' : '',
        'Copies of the old bytes may remain where this command cannot reach them: backups of the data directory, file-system snapshots, and blocks an SSD or a copy-on-write file system keeps (docs/privacy.md).',
      ]
        .filter((line) => line !== '')
        .join('\n'),
    );

    // 5. The read models may hold what projections derived from plain events: rebuilt from the sealed log.
    console.log('Rebuilding the read models from the sealed log…');
    await rebuildProjections(config);
    console.log('Done: run `npm run ordinal -- verify` to see the log and its rewrite checked.');
    return 0;
  } finally {
    if (!swapped) {
      await source.close();
      await vault.close();
      releaseWrites();
      if (!recorded) for (const suffix of ['', '-wal', '-shm']) rmSync(`${sealing}${suffix}`, { force: true });
      else {
        console.error(
          `The rewrite was recorded in ${files.checkpoints}, but the checked copy ${sealing} could not be put in place of the log. With every Ordinal process stopped, remove ${files.events}-wal and -shm if present, rename ${sealing} to ${files.events}, remove ${files.snapshots} and run: npm run ordinal -- rebuild`,
        );
      }
    }
    await forgottenVault.close();
  }
}
