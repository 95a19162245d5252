import type { Decider, DomainEvent, EventStore, LiveState, RecordedEvent } from '@ordinal/domain';
import type { SnapshotCache, SnapshotPoint } from './snapshot-cache.ts';
import { SnapshotCorruptError } from './snapshot-store.ts';

/** What a stream remembers of one command: the hash of its body and the revisions it wrote. */
export interface CommandRecord {
  readonly commandHash: string | undefined;
  readonly firstRevision: number;
  readonly lastRevision: number;
}

/** The part of a decider that folds events. */
export type Fold<E extends DomainEvent, S> = Pick<
  Decider<{ readonly type: string }, E, S>,
  'initialState' | 'evolve' | 'spawn'
>;

/**
 * One aggregate's state as folded from its stream, kept between commands: either a spawned
 * live actor (when the decider offers one) or a value folded with `evolve`. It also indexes
 * the command ids found in the stream, which is what makes a retried command idempotent; a
 * snapshot carries that index too, so commands recorded before it stay idempotent.
 */
export class LiveAggregate<E extends DomainEvent, S> {
  readonly #decider: Fold<E, S>;
  readonly #live: LiveState<E, S> | undefined;
  readonly #commands: Map<string, CommandRecord>;
  #state: S;
  #revision: number;
  #lastEventId: string | undefined;
  /** Revision of the snapshot this state was restored from or last written at (0: none). */
  snapshotRevision: number;

  private constructor(decider: Fold<E, S>, from?: SnapshotPoint<S>) {
    this.#decider = decider;
    this.#state = from?.state ?? decider.initialState();
    this.#revision = from?.revision ?? 0;
    this.#lastEventId = from?.eventId;
    this.#commands = new Map(from?.commands);
    this.snapshotRevision = this.#revision;
    this.#live = decider.spawn?.(this.#state);
  }

  /**
   * Folds the stream: from the cached snapshot and the events after it when there is a usable
   * one, else the whole stream.
   */
  static async load<E extends DomainEvent, S>(
    store: EventStore,
    decider: Fold<E, S>,
    streamId: string,
    snapshots?: SnapshotCache<S>,
  ): Promise<LiveAggregate<E, S>> {
    const point = await snapshots?.restore(streamId);
    if (snapshots !== undefined && point !== undefined) {
      const resumed = await LiveAggregate.#resume(store, decider, streamId, { snapshots, point });
      if (resumed !== undefined) return resumed;
    }
    const aggregate = new LiveAggregate(decider);
    try {
      aggregate.apply(await store.readStream(streamId));
    } catch (error) {
      aggregate.stop();
      throw error;
    }
    return aggregate;
  }

  /**
   * The snapshot's state with the events after it applied, or undefined (reported) when the
   * snapshot cannot be used. The events are read from the snapshot's own revision: that event
   * must be the one the snapshot was taken after, else the log is not the one it was taken from.
   * Only a failing read throws.
   */
  static async #resume<E extends DomainEvent, S>(
    store: EventStore,
    decider: Fold<E, S>,
    streamId: string,
    { snapshots, point }: { snapshots: SnapshotCache<S>; point: SnapshotPoint<S> },
  ): Promise<LiveAggregate<E, S> | undefined> {
    const events = await store.readStream(streamId, { fromRevision: point.revision });
    const [at, ...tail] = events;
    if (at?.revision !== point.revision || at.eventId !== point.eventId) {
      snapshots.report(new SnapshotCorruptError(streamId, `event ${point.revision} is not in the log`), streamId);
      return undefined;
    }
    let aggregate: LiveAggregate<E, S> | undefined;
    try {
      aggregate = new LiveAggregate(decider, point);
      aggregate.apply(tail);
      return aggregate;
    } catch (error) {
      aggregate?.stop();
      snapshots.report(error, streamId);
      return undefined;
    }
  }

  /** The state after the last applied event. */
  get state(): S {
    return this.#live === undefined ? this.#state : this.#live.getState();
  }

  /** The revision of the last applied event (0 before any). */
  get revision(): number {
    return this.#revision;
  }

  /** Where a command id was recorded in this stream, if it was. */
  commandRecord(commandId: string): CommandRecord | undefined {
    return this.#commands.get(commandId);
  }

  /** Folds recorded events of this stream, in order, into the state. */
  apply(events: readonly RecordedEvent[]): void {
    for (const recorded of events) {
      // The store hands back exactly the envelopes this decider's host wrote.
      const event = recorded as unknown as E;
      if (this.#live === undefined) this.#state = this.#decider.evolve(this.#state, event);
      else this.#live.send(event);
      this.#revision = recorded.revision;
      this.#lastEventId = recorded.eventId;
      this.#remember(recorded);
    }
  }

  /** The state and command index now, to be written later (the index is copied). */
  snapshotPoint(): SnapshotPoint<S> | undefined {
    if (this.#lastEventId === undefined) return undefined;
    const { revision, state } = this;
    return { revision, eventId: this.#lastEventId, state, commands: new Map(this.#commands) };
  }

  stop(): void {
    this.#live?.stop();
  }

  #remember(event: RecordedEvent): void {
    const commandId = event.metadata.commandId;
    if (commandId === undefined) return;
    const known = this.#commands.get(commandId);
    this.#commands.set(commandId, {
      commandHash: known?.commandHash ?? event.metadata.commandHash,
      firstRevision: known?.firstRevision ?? event.revision,
      lastRevision: event.revision,
    });
  }
}
