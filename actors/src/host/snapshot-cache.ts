import type { SnapshotHooks } from '@ordinal/domain';
import type { CommandRecord } from './live-aggregate.ts';
import { SnapshotCorruptError, type SnapshotStore } from './snapshot-store.ts';

/** The `snapshots` option of an ActorHost. */
export interface SnapshotOptions {
  readonly store: SnapshotStore;
  /** A snapshot is written after an append that crosses a multiple of this revision (default 100). */
  readonly every?: number;
  /** Told of a snapshot that could not be read, used or written; must not throw. */
  readonly onError?: (error: unknown, streamId: string) => void;
}

/** What the host keeps besides the decider's state; bump when the command index's form changes. */
const HOST_FORMAT = 'host-1';

/** A state and command index as of one event of the stream. */
export interface SnapshotPoint<S> {
  readonly revision: number;
  readonly eventId: string;
  readonly state: S;
  readonly commands: ReadonlyMap<string, CommandRecord>;
}

type IndexEntry = [commandId: string, commandHash: string | null, firstRevision: number, lastRevision: number];

/**
 * The host's side of the snapshot cache: restores what the store holds when its version is the
 * decider's (anything unusable counts as no snapshot, and is reported), and writes snapshots
 * after the answer, never failing a command.
 */
export class SnapshotCache<S> {
  readonly every: number;
  readonly version: string;
  readonly #store: SnapshotStore;
  readonly #hooks: SnapshotHooks<S>;
  readonly #onError: SnapshotOptions['onError'];
  readonly #pending = new Set<Promise<void>>();

  constructor(options: SnapshotOptions, hooks: SnapshotHooks<S> | undefined) {
    if (hooks === undefined) throw new TypeError('snapshots need a decider with snapshot hooks');
    const every = options.every ?? 100;
    if (!Number.isSafeInteger(every) || every < 1) throw new RangeError(`every must be an integer ≥ 1, got ${every}`);
    this.every = every;
    this.version = `${HOST_FORMAT}/${hooks.version}`;
    this.#store = options.store;
    this.#hooks = hooks;
    this.#onError = options.onError;
  }

  /** The stream's usable snapshot, restored; undefined when there is none. Never throws. */
  async restore(streamId: string): Promise<SnapshotPoint<S> | undefined> {
    try {
      const stored = await this.#store.get(streamId);
      if (stored === undefined || stored.version !== this.version) return undefined;
      const { revision, eventId } = stored;
      if (!Number.isSafeInteger(revision) || revision < 1 || typeof eventId !== 'string') {
        throw new SnapshotCorruptError(streamId, 'no valid revision and event id');
      }
      return {
        revision,
        eventId,
        state: this.#hooks.restore(stored.state),
        commands: restoreIndex(stored.commandIndex, revision),
      };
    } catch (error) {
      this.report(error, streamId);
      return undefined;
    }
  }

  /** Whether revision `now` is past the next multiple of `every` after the last snapshot. */
  due(lastSnapshot: number, now: number): boolean {
    return Math.floor(now / this.every) > Math.floor(lastSnapshot / this.every);
  }

  /**
   * Writes the point once the current work has answered (on the next turn of the event loop).
   * The point must not change meanwhile: states are immutable, and the index is a copy.
   */
  schedule(streamId: string, point: SnapshotPoint<S>): void {
    const write = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() =>
        this.#store.put(streamId, {
          revision: point.revision,
          eventId: point.eventId,
          version: this.version,
          state: this.#hooks.persist(point.state),
          commandIndex: persistIndex(point.commands),
        }),
      )
      .catch((error: unknown) => this.report(error, streamId))
      .finally(() => this.#pending.delete(write));
    this.#pending.add(write);
  }

  /** Resolves once every scheduled write has finished (or failed). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }

  report(error: unknown, streamId: string): void {
    try {
      this.#onError?.(error, streamId);
    } catch {
      // A failing listener must not turn a cache problem into a failed command.
    }
  }
}

function persistIndex(commands: ReadonlyMap<string, CommandRecord>): IndexEntry[] {
  return [...commands].map(([id, r]) => [id, r.commandHash ?? null, r.firstRevision, r.lastRevision]);
}

function restoreIndex(json: unknown, revision: number): Map<string, CommandRecord> {
  if (!Array.isArray(json)) throw new TypeError('command index: array expected');
  const commands = new Map<string, CommandRecord>();
  for (const entry of json as unknown[]) {
    if (!isIndexEntry(entry) || entry[3] > revision)
      throw new TypeError(`command index: bad entry ${JSON.stringify(entry)}`);
    const [commandId, hash, firstRevision, lastRevision] = entry;
    commands.set(commandId, { commandHash: hash ?? undefined, firstRevision, lastRevision });
  }
  return commands;
}

function isIndexEntry(entry: unknown): entry is IndexEntry {
  if (!Array.isArray(entry) || entry.length !== 4) return false;
  const [id, hash, first, last] = entry as unknown[];
  const revision = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 1;
  return (
    typeof id === 'string' &&
    (hash === null || typeof hash === 'string') &&
    revision(first) &&
    revision(last) &&
    first <= last
  );
}
