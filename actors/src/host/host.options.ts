import type { Decider, DomainEvent, EventStore, RecordedEvent } from '@ordinal/domain';
import type { SnapshotOptions } from './snapshot-cache.ts';

/** How to build an ActorHost; only `store` and `decider` are required. */
export interface ActorHostOptions<C extends { readonly type: string }, E extends DomainEvent, S> {
  readonly store: EventStore;
  readonly decider: Decider<C, E, S>;
  /** Read once per decision attempt; idle times are measured with it too. */
  readonly clock?: () => Date;
  /** Reload-and-decide-again rounds after another writer appended first (default 3). */
  readonly maxConflictRetries?: number;
  /** An entity without work for longer than this is passivated (default 60 s). */
  readonly idleTimeoutMs?: number;
  /** Live entities at most; the least recently used idle ones go first (default 10,000). */
  readonly maxLiveActors?: number;
  /** Commands waiting or running per entity at most (default 1,000); beyond it MailboxFullError. */
  readonly mailboxCapacity?: number;
  /**
   * Commands (and state loads) waiting or running across all entities at most (default 1,000);
   * beyond it `execute` and `load` throw HostOverloadedError at once instead of queuing.
   */
  readonly maxPendingCommands?: number;
  /** Schema version of each event type written (default 1). */
  readonly schemaVersionOf?: (eventType: E['type']) => number;
  /** Told of every commit to an aggregate's stream once the live state has it (not of recorded refusals); must not throw. */
  readonly onCommitted?: (events: readonly RecordedEvent[]) => void;
  /**
   * A snapshot cache (needs a decider with `snapshot` hooks): rehydration starts from the
   * stream's snapshot and folds only the events after it; a snapshot is written after an append
   * that crosses a multiple of `every` (default 100). Off when absent.
   */
  readonly snapshots?: SnapshotOptions;
  /**
   * Facts a decision needs from outside its stream (the rule set in force, an account's risk
   * counters), gathered before each decision attempt and handed to `decide` beside the clock and
   * the metadata. The decider writes what it used into its events, so a replay never asks again.
   * Absent: decisions get the clock and the metadata only.
   */
  readonly facts?: (command: C, state: S, now: string) => DecisionExtras | Promise<DecisionExtras>;
}

/** What a host's `facts` hook adds to a decision's facts (never `now` or `metadata`). */
export type DecisionExtras = Readonly<Record<string, unknown>>;

/** Counters of a host since it started. */
export interface HostStats {
  readonly liveActors: number;
  readonly queuedCommands: number;
  /** Commands answered with an outcome (accepted, duplicate or rejected). */
  readonly executed: number;
  /** Appends refused because another writer had appended first. */
  readonly conflicts: number;
  readonly rejections: number;
}

/** The numeric options of a host, defaulted and checked. */
export interface HostLimits {
  readonly maxConflictRetries: number;
  readonly idleTimeoutMs: number;
  readonly maxLiveActors: number;
  readonly mailboxCapacity: number;
  readonly maxPendingCommands: number;
}

/** Applies the defaults; throws RangeError on a limit that makes no sense. */
export function resolveLimits(options: Partial<HostLimits>): HostLimits {
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  if (!(idleTimeoutMs > 0)) throw new RangeError(`idleTimeoutMs must be positive, got ${idleTimeoutMs}`);
  return {
    maxConflictRetries: count('maxConflictRetries', options.maxConflictRetries ?? 3, 0),
    idleTimeoutMs,
    maxLiveActors: count('maxLiveActors', options.maxLiveActors ?? 10_000, 1),
    mailboxCapacity: count('mailboxCapacity', options.mailboxCapacity ?? 1_000, 1),
    maxPendingCommands: count('maxPendingCommands', options.maxPendingCommands ?? 1_000, 1),
  };
}

function count(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}
