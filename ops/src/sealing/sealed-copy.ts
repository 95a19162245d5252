import { isDeepStrictEqual } from 'node:util';
import {
  EncryptingEventStore,
  GENESIS_HASH,
  type LogCopyRow,
  type PersonalDataCipher,
  plainPersonalValues,
  rollDigest,
  type SqliteEventStore,
  SqliteLogCopy,
  type StoredRow,
  type SynchronousMode,
  verifyLog,
} from '@ordinal/actors';
import { type DomainEvent, erasePersonalData, holdsPersonalData } from '@ordinal/domain';

const PAGE = 500;

/** Whether a stored row holds a personal value in the clear. */
export function holdsPlainPersonalData(row: Pick<StoredRow, 'type' | 'data'>): boolean {
  return holdsPersonalData(row.type) && plainPersonalValues(row.type, JSON.parse(row.data)).length > 0;
}

/** The customers erased so far, each with the position of their last erasure (`CustomerErased`). */
export type Erasures = ReadonlyMap<string, number>;

/** What a copy is sealed with. */
export interface SealingKeys {
  /** The cipher over the real key vault: a customer's key is made on first use, as on append. */
  readonly cipher: PersonalDataCipher;
  /**
   * A cipher whose keys are never written anywhere: an erased customer's values recorded before
   * their erasure are sealed with it, so they read as erased once the run ends.
   */
  readonly forgotten: PersonalDataCipher;
  readonly erasures: Erasures;
}

/** A copy that was written. */
export interface SealedCopy {
  readonly count: number;
  /** Events whose data was sealed. */
  readonly changed: number;
  /** Of those, events of erased customers recorded before their erasure, now reading as erased. */
  readonly erased: number;
}

/**
 * Copies the log into `target` in position order with every plain personal value sealed through
 * `EncryptingEventStore.seal` (the source as its inner store, so each stream's owner is found
 * there); every other row keeps its stored bytes. Throws PersonalDataOwnerUnknownError for a
 * plain personal value no customer owns.
 */
export async function writeSealedCopy(options: {
  readonly source: SqliteEventStore;
  readonly target: string;
  readonly keys: SealingKeys;
  readonly synchronous?: SynchronousMode;
  readonly onProgress?: (position: number) => void;
}): Promise<SealedCopy> {
  const { source, keys } = options;
  const sealing = new EncryptingEventStore(source, keys.cipher);
  const forgetting = new EncryptingEventStore(source, keys.forgotten);
  const copy = SqliteLogCopy.create(options.target, { synchronous: options.synchronous ?? 'FULL' });
  let count = 0;
  let changed = 0;
  let erased = 0;
  try {
    for (let after = 0; ; ) {
      const page = source.readStored(after, PAGE);
      if (page.length === 0) break;
      const rows: LogCopyRow[] = [];
      for (const row of page) {
        if (!holdsPlainPersonalData(row)) {
          rows.push(row);
          continue;
        }
        const event: DomainEvent = {
          eventId: row.eventId,
          type: row.type,
          data: JSON.parse(row.data),
          metadata: JSON.parse(row.metadata),
        };
        const forgotten = await erasedBefore(sealing, keys.erasures, row, event);
        const [sealed] = await (forgotten ? forgetting : sealing).seal(row.streamId, [event]);
        rows.push({ ...row, data: JSON.stringify(sealed?.data ?? null) });
        changed += 1;
        if (forgotten) erased += 1;
      }
      copy.append(rows);
      count += page.length;
      after = page[page.length - 1]!.position;
      options.onProgress?.(after);
    }
  } finally {
    copy.close();
  }
  return { count, changed, erased };
}

/** Whether the row's customer was erased after it was recorded. */
async function erasedBefore(
  store: EncryptingEventStore,
  erasures: Erasures,
  row: StoredRow,
  event?: DomainEvent,
): Promise<boolean> {
  const owner = await store.ownerOf(row.streamId, event === undefined ? [] : [event]);
  const at = owner === undefined ? undefined : erasures.get(owner);
  return at !== undefined && at > row.position;
}

/** Why a copy cannot replace the log. */
export class SealedCopyMismatchError extends Error {
  override readonly name = 'SealedCopyMismatchError';
}

/**
 * Checks the copy against the log before it may replace it: the same events at the same
 * positions with the same ids, revisions, types, metadata and recorded times; each event's data,
 * opened through an EncryptingEventStore over either file, equal (erased for an erased customer's
 * events recorded before the erasure); every chain of the copy valid. Returns the copy's digest.
 */
export async function checkSealedCopy(options: {
  readonly source: SqliteEventStore;
  readonly copy: SqliteEventStore;
  readonly keys: SealingKeys;
  readonly onProgress?: (position: number) => void;
}): Promise<{ readonly count: number; readonly digest: string }> {
  const { source, copy, keys } = options;
  const original = new EncryptingEventStore(source, keys.cipher);
  const sealed = new EncryptingEventStore(copy, keys.cipher);
  // The rolling digest a checkpoint signs (the empty log's is the genesis hash).
  let digest = GENESIS_HASH;
  const report = await verifyLog({
    checkpoints: [],
    pageSize: PAGE,
    pages: async (after, max) => {
      const [was, now] = [source.readStored(after, max), copy.readStored(after, max)];
      const [wasOpened, nowOpened] = await Promise.all([
        original.readAll({ afterPosition: after, maxCount: max }),
        sealed.readAll({ afterPosition: after, maxCount: max }),
      ]);
      if (was.length !== now.length) throw new SealedCopyMismatchError(`the copy ends after position ${after}`);
      for (const [i, row] of now.entries()) {
        const before = was[i]!;
        const same = (['position', 'streamId', 'revision', 'eventId', 'type', 'metadata', 'recordedAt'] as const).find(
          (field) => row[field] !== before[field],
        );
        if (same !== undefined) {
          throw new SealedCopyMismatchError(`position ${before.position} (${before.streamId}): its ${same} differs`);
        }
        const forgotten = holdsPlainPersonalData(before) && (await erasedBefore(original, keys.erasures, before));
        const expected = forgotten ? erasePersonalData(before.type, wasOpened[i]?.data) : wasOpened[i]?.data;
        if (!isDeepStrictEqual(nowOpened[i]?.data, expected)) {
          throw new SealedCopyMismatchError(
            `position ${before.position} (${before.streamId} revision ${before.revision}) opens to other data`,
          );
        }
        digest = rollDigest(digest, row.hash ?? '');
      }
      if (now.length > 0) options.onProgress?.(now[now.length - 1]!.position);
      return now;
    },
  });
  if (!report.ok) {
    throw new SealedCopyMismatchError(`its chains do not hold (${report.problemCount} problems)`);
  }
  return { count: report.events, digest };
}
