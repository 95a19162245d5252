import type { Decider, DomainEvent, EventStore, LiveState, RecordedEvent } from '@ordinal/domain';

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
 * the command ids found in the stream, which is what makes a retried command idempotent.
 */
export class LiveAggregate<E extends DomainEvent, S> {
  readonly #decider: Fold<E, S>;
  readonly #live: LiveState<E, S> | undefined;
  readonly #commands = new Map<string, CommandRecord>();
  #state: S;
  #revision = 0;

  private constructor(decider: Fold<E, S>) {
    this.#decider = decider;
    this.#state = decider.initialState();
    this.#live = decider.spawn?.(this.#state);
  }

  /** Reads the whole stream and folds it. */
  static async load<E extends DomainEvent, S>(
    store: EventStore,
    decider: Fold<E, S>,
    streamId: string,
  ): Promise<LiveAggregate<E, S>> {
    const aggregate = new LiveAggregate(decider);
    try {
      aggregate.apply(await store.readStream(streamId));
    } catch (error) {
      aggregate.stop();
      throw error;
    }
    return aggregate;
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
      this.#remember(recorded);
    }
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
