import type { CommandMetadata } from './command.ts';
import type { DomainEvent, EventDraft } from './event.ts';
import type { Rejection } from './rejection.ts';

/** What a decision may depend on besides the command and the state; always passed in. */
export interface DecisionFacts {
  /** The clock, read once by the caller (ISO 8601, UTC). */
  readonly now: string;
  /** The command's metadata (who, why); decisions may record it. */
  readonly metadata: CommandMetadata;
}

/**
 * The pure core of an aggregate: decide turns a command into event drafts or a rejection;
 * evolve folds one recorded event into the state. No I/O, no clock, no randomness.
 */
export interface Decider<Command extends { readonly type: string }, Event extends DomainEvent, State> {
  /** The stream category this decider owns, e.g. `order`. */
  readonly category: string;
  /** State before any event. */
  initialState(): State;
  /** State after one more event. */
  evolve(state: State, event: Event): State;
  /** Events that the command causes in this state, or why not. */
  decide(command: Command, state: State, facts: DecisionFacts): readonly EventDraft<Event['type']>[] | Rejection;
  /** The id of the entity a command addresses. */
  entityId(command: Command): string;
  /** The state in words for errors and APIs: state value, allowed commands, key context. */
  describe(state: State): Readonly<Record<string, unknown>>;
  /**
   * Starts a live actor holding the state, fed one event at a time (faster than `evolve`
   * for long folds). It must agree with `evolve` event for event.
   */
  spawn?(state: State): LiveState<Event, State>;
  /**
   * How to keep the state in a snapshot cache. Optional: without it the host always folds the
   * whole stream.
   */
  readonly snapshot?: SnapshotHooks<State>;
}

/**
 * Turns a state into JSON and back, for a snapshot cache. A snapshot is only ever a shortcut
 * to the fold: `restore(persist(s))` must fold the next events exactly as `s` does.
 */
export interface SnapshotHooks<State> {
  /**
   * Names the state's JSON form and the behaviour that folds events into it. It must change
   * whenever a restored state could fold differently from a freshly folded one; snapshots of
   * another version are ignored.
   */
  readonly version: string;
  /** The state as plain JSON (a copy the caller may keep). */
  persist(state: State): unknown;
  /** The state again from `persist`'s JSON; throws when the JSON is not such a state. */
  restore(json: unknown): State;
}

/** A running actor that holds an aggregate's state and is fed recorded events. */
export interface LiveState<Event, State> {
  send(event: Event): void;
  getState(): State;
  stop(): void;
}
