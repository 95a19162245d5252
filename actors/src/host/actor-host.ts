import {
  type AppendResult,
  type CommandEnvelope,
  type CommandExecutor,
  type CommandOutcome,
  type Decider,
  type DomainEvent,
  DuplicateEventIdError,
  type EventStore,
  isRejection,
  type RecordedEvent,
  type Rejection,
  reject,
  WrongExpectedRevisionError,
} from '@ordinal/domain';
import { ActorRegistry, type RegistryEntry } from './actor-registry.ts';
import { toEvents } from './command-events.ts';
import { commandHash } from './command-ids.ts';
import { ConcurrencyConflictError, HostClosedError, IDEMPOTENCY_CONFLICT } from './host.errors.ts';
import { type ActorHostOptions, type HostStats, resolveLimits } from './host.options.ts';
import { type CommandRecord, LiveAggregate } from './live-aggregate.ts';

type Entry<E extends DomainEvent, S> = RegistryEntry<LiveAggregate<E, S>>;

/**
 * Runs commands against aggregates of one decider: one mailbox per entity (commands to it run
 * one at a time, in order), state rehydrated from the store on first use and kept live, events
 * appended with the expected revision, conflicts retried, idle entities passivated.
 */
export class ActorHost<C extends { readonly type: string }, E extends DomainEvent, S> implements CommandExecutor<C> {
  readonly #store: EventStore;
  readonly #decider: Decider<C, E, S>;
  readonly #clock: () => Date;
  readonly #maxConflictRetries: number;
  readonly #options: ActorHostOptions<C, E, S>;
  readonly #registry: ActorRegistry<LiveAggregate<E, S>>;
  #closing: Promise<void> | undefined;
  #queued = 0;
  #executed = 0;
  #conflicts = 0;
  #rejections = 0;

  constructor(options: ActorHostOptions<C, E, S>) {
    this.#options = options;
    this.#store = options.store;
    this.#decider = options.decider;
    this.#clock = options.clock ?? (() => new Date());
    const limits = resolveLimits(options);
    this.#maxConflictRetries = limits.maxConflictRetries;
    this.#registry = new ActorRegistry({
      maxLive: limits.maxLiveActors,
      mailboxCapacity: limits.mailboxCapacity,
      idleTimeoutMs: limits.idleTimeoutMs,
      now: () => this.#clock().getTime(),
    });
    if (Number.isFinite(limits.idleTimeoutMs)) {
      this.#registry.startSweeper(Math.min(Math.max(limits.idleTimeoutMs / 2, 5), 30_000));
    }
  }

  /** Decides and records one command; rejections are outcomes, only infrastructure failures throw. */
  async execute(envelope: CommandEnvelope<C>): Promise<CommandOutcome> {
    return this.#post(this.#decider.entityId(envelope.command), (entry) => this.#execute(entry, envelope));
  }

  /** The entity's current state and revision, after the commands queued before this call. */
  async load(entityId: string): Promise<{ state: S; revision: number }> {
    return this.#post(entityId, async (entry) => {
      const aggregate = await this.#aggregate(entry);
      // Another process may have appended since; reading the tail is cheap and keeps reads fresh.
      aggregate.apply(await this.#store.readStream(this.streamId(entityId), { fromRevision: aggregate.revision + 1 }));
      return { state: aggregate.state, revision: aggregate.revision };
    });
  }

  /** The stream an entity's events go to: `<category>-<entityId>`. */
  streamId(entityId: string): string {
    return `${this.#decider.category}-${entityId}`;
  }

  /** Live entities, queued commands and counters since the host started. */
  stats(): HostStats {
    return {
      liveActors: this.#registry.size,
      queuedCommands: this.#queued,
      executed: this.#executed,
      conflicts: this.#conflicts,
      rejections: this.#rejections,
    };
  }

  /** Passivates entities idle for longer than `idleTimeoutMs` now (the timer does it too). */
  passivateIdle(): number {
    return this.#registry.passivateIdle();
  }

  /** Refuses new work, lets queued commands finish, then stops every live actor. The store stays open. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#registry.stopSweeper();
      await this.#registry.drain();
      this.#registry.clear();
    })();
    return this.#closing;
  }

  #post<T>(entityId: string, work: (entry: Entry<E, S>) => Promise<T>): Promise<T> {
    if (this.#closing !== undefined) throw new HostClosedError();
    const entry = this.#registry.acquire(entityId);
    const result = entry.mailbox.post(async () => {
      try {
        return await work(entry);
      } catch (error) {
        // After an unexpected failure the live state may not match the stream any more.
        if (!(error instanceof ConcurrencyConflictError)) this.#drop(entry);
        throw error;
      } finally {
        this.#queued -= 1;
        this.#registry.touch(entry);
      }
    });
    this.#queued += 1;
    this.#registry.enforceBound();
    return result;
  }

  async #execute(entry: Entry<E, S>, envelope: CommandEnvelope<C>): Promise<CommandOutcome> {
    const { command, metadata } = envelope;
    const streamId = this.streamId(entry.entityId);
    const hash = commandHash(command);
    let idsTakenElsewhere = false;
    let storedAlready: AppendResult | undefined;
    for (let attempt = 1; ; attempt += 1) {
      const aggregate = await this.#aggregate(entry);
      const recorded = aggregate.commandRecord(metadata.commandId);
      if (recorded !== undefined) return this.#original(streamId, metadata.commandId, recorded, hash, aggregate);
      if (storedAlready !== undefined) {
        return this.#accepted(streamId, storedAlready.revision, storedAlready.events, true);
      }
      if (idsTakenElsewhere) {
        return this.#rejected(idempotencyConflict(metadata.commandId, 'used for another stream'), aggregate.revision);
      }
      const now = this.#clock().toISOString();
      const decision = this.#decider.decide(command, aggregate.state, { now, metadata });
      if (isRejection(decision)) return this.#rejected(decision, aggregate.revision);
      if (decision.length === 0) return this.#accepted(streamId, aggregate.revision, [], false);
      const schemaVersionOf = this.#options.schemaVersionOf;
      const events = toEvents(decision, envelope, { now, commandHash: hash, schemaVersionOf });
      const expected = aggregate.revision === 0 ? 'no-stream' : aggregate.revision;
      try {
        const result = await this.#store.append(streamId, events, expected);
        if (!result.duplicate) {
          aggregate.apply(result.events);
          this.#notify(result.events);
          return this.#accepted(streamId, result.revision, result.events, false);
        }
        // Another writer stored this command meanwhile, so the live state is behind. The reloaded
        // stream gives the command's whole original outcome, or shows its id came with another body.
        storedAlready = result;
        this.#drop(entry);
      } catch (error) {
        if (error instanceof DuplicateEventIdError) {
          // Either part of this command is in the stream (the reload finds it) or its id was used elsewhere.
          idsTakenElsewhere = true;
          this.#drop(entry);
          continue;
        }
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        this.#conflicts += 1;
        this.#drop(entry);
        if (attempt > this.#maxConflictRetries) {
          const latest = await this.#aggregate(entry);
          throw new ConcurrencyConflictError(streamId, latest.revision, this.#decider.describe(latest.state), attempt);
        }
      }
    }
  }

  async #original(
    streamId: string,
    commandId: string,
    recorded: CommandRecord,
    hash: string,
    aggregate: LiveAggregate<E, S>,
  ): Promise<CommandOutcome> {
    if (recorded.commandHash !== undefined && recorded.commandHash !== hash) {
      return this.#rejected(
        idempotencyConflict(commandId, `recorded in ${streamId} with another body`),
        aggregate.revision,
      );
    }
    const events = await this.#store.readStream(streamId, {
      fromRevision: recorded.firstRevision,
      maxCount: recorded.lastRevision - recorded.firstRevision + 1,
    });
    return this.#accepted(streamId, recorded.lastRevision, events, true);
  }

  #accepted(streamId: string, revision: number, events: readonly RecordedEvent[], duplicate: boolean): CommandOutcome {
    this.#executed += 1;
    return { status: 'accepted', streamId, revision, events, duplicate };
  }

  #rejected(rejection: Rejection, revision: number): CommandOutcome {
    this.#executed += 1;
    this.#rejections += 1;
    return { status: 'rejected', rejection, revision };
  }

  async #aggregate(entry: Entry<E, S>): Promise<LiveAggregate<E, S>> {
    entry.aggregate ??= await LiveAggregate.load(this.#store, this.#decider, this.streamId(entry.entityId));
    return entry.aggregate;
  }

  #drop(entry: Entry<E, S>): void {
    entry.aggregate?.stop();
    entry.aggregate = undefined;
  }

  #notify(events: readonly RecordedEvent[]): void {
    try {
      this.#options.onCommitted?.(events);
    } catch {
      // The events are committed whatever a listener does; its failure must not fail the command.
    }
  }
}

function idempotencyConflict(commandId: string, why: string): Rejection {
  return reject(IDEMPOTENCY_CONFLICT, `command id ${commandId} was already ${why}`, { commandId });
}
