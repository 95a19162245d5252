/**
 * A snapshot of one aggregate as the host stores it: the decider's persisted state and the
 * host's command index after the event at `revision`. Only ever a cache of the fold.
 */
export interface StoredSnapshot {
  /** Revision of the last event folded into the state (≥ 1). */
  readonly revision: number;
  /**
   * Id of that event. The host reads the stream from `revision` and uses the snapshot only when
   * this event is there, so a snapshot never outlives the log it was taken from.
   */
  readonly eventId: string;
  /** The host's format and the decider's snapshot version; another version is ignored. */
  readonly version: string;
  /** The decider's `snapshot.persist(state)`. */
  readonly state: unknown;
  /** The command ids the stream holds, with their hashes and revisions (the host's format). */
  readonly commandIndex: unknown;
}

/**
 * Where the actor host keeps snapshots, one per stream (the latest put wins). A cache: the
 * host treats a throw or a snapshot it cannot use as no snapshot and folds the stream.
 */
export interface SnapshotStore {
  /** The stream's snapshot, if any; throws when the stored one is unreadable. */
  get(streamId: string): Promise<StoredSnapshot | undefined>;
  /** Stores the stream's snapshot in place of the one before. */
  put(streamId: string, snapshot: StoredSnapshot): Promise<void>;
  close(): Promise<void>;
}

/** A stored snapshot that cannot be read back as it was written. */
export class SnapshotCorruptError extends Error {
  override readonly name = 'SnapshotCorruptError';
  readonly code = 'snapshot.corrupt';
  constructor(
    readonly streamId: string,
    why: string,
  ) {
    super(`snapshot of ${streamId} is unusable: ${why}`);
  }
}
