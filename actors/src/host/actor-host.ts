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
  StoreOverloadedError,
  WrongExpectedRevisionError,
} from '@ordinal/domain';
import { ActorRegistry, type RegistryEntry } from './actor-registry.ts';
import { toEvents } from './command-events.ts';
import { commandHash } from './command-ids.ts';
import {
  type AskedCommand,
  accepted,
  acceptedBefore,
  idempotencyConflict,
  refusalOutcome,
  rejected,
} from './command-outcomes.ts';
import { commandRejectedEvent, findRefusal, recordRefusal } from './command-rejections.ts';
import { ConcurrencyConflictError, HostClosedError, HostOverloadedError, MailboxFullError } from './host.errors.ts';
import { type ActorHostOptions, type HostStats, resolveLimits } from './host.options.ts';
import { LiveAggregate } from './live-aggregate.ts';
import { ServicePace } from './service-pace.ts';
import { SnapshotCache } from './snapshot-cache.ts';

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
  readonly #maxPending: number;
  readonly #pace = new ServicePace();
  readonly #options: ActorHostOptions<C, E, S>;
  readonly #registry: ActorRegistry<LiveAggregate<E, S>>;
  readonly #snapshots: SnapshotCache<S> | undefined;
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
    this.#snapshots =
      options.snapshots === undefined ? undefined : new SnapshotCache(options.snapshots, options.decider.snapshot);
    this.#maxConflictRetries = limits.maxConflictRetries;
    this.#maxPending = limits.maxPendingCommands;
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
    return this.#post(this.#decider.entityId(envelope.command), async (entry) => {
      const outcome = await this.#execute(entry, envelope);
      this.#executed += 1;
      if (outcome.status === 'rejected') this.#rejections += 1;
      return outcome;
    });
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

  /**
   * Drops the entity's live state once the commands queued before this call are done, so its
   * next command or load folds the stream again (after its customer's data was erased, the
   * state kept in memory must not outlive the key).
   */
  async forget(entityId: string): Promise<void> {
    await this.#post(entityId, async (entry) => this.#drop(entry));
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

  /**
   * Refuses new work, lets queued commands and snapshot writes finish, then stops every live
   * actor. The event store and the snapshot store stay open.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#registry.stopSweeper();
      await this.#registry.drain();
      await this.#snapshots?.settled();
      this.#registry.clear();
    })();
    return this.#closing;
  }

  #post<T>(entityId: string, work: (entry: Entry<E, S>) => Promise<T>): Promise<T> {
    if (this.#closing !== undefined) throw new HostClosedError();
    // Refusing at once keeps the latency of what was accepted: a longer queue only makes every
    // caller wait longer, and a caller told when to come back can shed or retry on its own.
    if (this.#queued >= this.#maxPending) {
      throw new HostOverloadedError(this.#queued, this.#maxPending, this.#pace.drainMs(this.#queued));
    }
    const entry = this.#registry.acquire(entityId);
    const { mailbox } = entry;
    if (mailbox.pending >= mailbox.capacity) {
      // One entity's commands run one at a time, so its queue drains at one task time each.
      throw new MailboxFullError(entityId, mailbox.capacity, this.#pace.serialDrainMs(mailbox.pending));
    }
    const result = mailbox.post(async () => {
      const startedAt = this.#pace.started();
      try {
        return await work(entry);
      } catch (error) {
        // After an unexpected failure the live state may not match the stream any more; a
        // conflict reloads anyway, and a refused append wrote nothing.
        if (!(error instanceof ConcurrencyConflictError || error instanceof StoreOverloadedError)) this.#drop(entry);
        throw error;
      } finally {
        this.#queued -= 1;
        this.#pace.finished(startedAt);
        this.#registry.touch(entry);
      }
    });
    this.#pace.queued(this.#queued);
    this.#queued += 1;
    this.#registry.enforceBound();
    return result;
  }

  async #execute(entry: Entry<E, S>, envelope: CommandEnvelope<C>): Promise<CommandOutcome> {
    const { command, metadata } = envelope;
    const streamId = this.streamId(entry.entityId);
    const asked: AskedCommand = { streamId, commandId: metadata.commandId, hash: commandHash(command) };
    let refusalsChecked = false;
    let idsTakenElsewhere = false;
    let storedAlready: AppendResult | undefined;
    for (let attempt = 1; ; attempt += 1) {
      const aggregate = await this.#aggregate(entry);
      const recorded = aggregate.commandRecord(asked.commandId);
      if (recorded !== undefined) return acceptedBefore(this.#store, asked, recorded, aggregate.revision);
      if (storedAlready !== undefined) return accepted(streamId, storedAlready.revision, storedAlready.events, true);
      // Only a command id this stream does not hold can have been refused before. One look per
      // command is enough: a refusal recorded later by another process holds the id of the
      // command's first event, so our append meets it as an id taken elsewhere.
      if (!refusalsChecked || idsTakenElsewhere) {
        refusalsChecked = true;
        const refused = await findRefusal(this.#store, asked.commandId);
        if (refused !== undefined) return refusalOutcome(refused, true, asked, aggregate.revision);
      }
      if (idsTakenElsewhere) {
        return rejected(idempotencyConflict(asked.commandId, 'used for another stream'), aggregate.revision);
      }
      // History is decided at the time it happened: an imported command's clock is its source time.
      const now = (metadata.import === undefined ? undefined : metadata.occurredAt) ?? this.#clock().toISOString();
      const extras = this.#options.facts === undefined ? {} : await this.#options.facts(command, aggregate.state, now);
      const decision = this.#decider.decide(command, aggregate.state, { ...extras, now, metadata });
      if (isRejection(decision)) {
        const outcome = await this.#refuse(aggregate, envelope, asked, { rejection: decision, now, attempt });
        if (outcome === 'id-taken') {
          // The command was accepted meanwhile: here (the reload finds it) or on another stream.
          idsTakenElsewhere = true;
          this.#drop(entry);
        }
        if (typeof outcome === 'string') continue;
        return outcome;
      }
      if (decision.length === 0) return accepted(streamId, aggregate.revision, [], false);
      const schemaVersionOf = this.#options.schemaVersionOf;
      const events = toEvents(decision, envelope, { now, commandHash: asked.hash, schemaVersionOf });
      const expected = aggregate.revision === 0 ? 'no-stream' : aggregate.revision;
      try {
        const result = await this.#store.append(streamId, events, expected);
        if (!result.duplicate) {
          aggregate.apply(result.events);
          this.#notify(result.events);
          this.#snapshotIfDue(streamId, aggregate);
          return accepted(streamId, result.revision, result.events, false);
        }
        // Another writer stored this command meanwhile, so the live state is behind. The reloaded
        // stream gives the command's whole original outcome, or shows its id came with another body.
        storedAlready = result;
        this.#drop(entry);
      } catch (error) {
        if (error instanceof DuplicateEventIdError) {
          // Part of this command is in the stream (the reload finds it), its refusal was recorded
          // meanwhile (it holds the first id), or its id was used on another stream.
          idsTakenElsewhere = true;
          this.#drop(entry);
          continue;
        }
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        this.#conflicts += 1;
        this.#drop(entry);
        if (attempt > this.#maxConflictRetries) throw this.#conflict(streamId, await this.#aggregate(entry), attempt);
      }
    }
  }

  /**
   * Records a refusal and answers from what the command stream then holds. A recorded refusal
   * is final, so it is taken on the stream's latest revision only: when other writers appended
   * meanwhile, their events are applied and the command is decided again.
   */
  async #refuse(
    aggregate: LiveAggregate<E, S>,
    envelope: CommandEnvelope<C>,
    asked: AskedCommand,
    decided: { readonly rejection: Rejection; readonly now: string; readonly attempt: number },
  ): Promise<CommandOutcome | 'decide-again' | 'id-taken'> {
    const { streamId, hash } = asked;
    const tail = await this.#store.readStream(streamId, { fromRevision: aggregate.revision + 1 });
    if (tail.length > 0) {
      aggregate.apply(tail);
      // Writers may keep appending: give up as after append conflicts, unless the tail holds this
      // very command (the next round answers it).
      const answered = aggregate.commandRecord(asked.commandId) !== undefined;
      if (!answered && decided.attempt > this.#maxConflictRetries) {
        throw this.#conflict(streamId, aggregate, decided.attempt);
      }
      return 'decide-again';
    }
    const { rejection, now } = decided;
    const refusal = { targetStreamId: streamId, revision: aggregate.revision, rejection, commandHash: hash, now };
    const stored = await recordRefusal(this.#store, commandRejectedEvent(envelope, refusal));
    if (stored === 'id-taken') return stored;
    // onCommitted is not told: listeners hear of the aggregate's commits, and a refusal makes none.
    return refusalOutcome(stored.data, stored.duplicate, asked, aggregate.revision);
  }

  #conflict(streamId: string, latest: LiveAggregate<E, S>, attempts: number): ConcurrencyConflictError {
    return new ConcurrencyConflictError(streamId, latest.revision, this.#decider.describe(latest.state), attempts);
  }

  async #aggregate(entry: Entry<E, S>): Promise<LiveAggregate<E, S>> {
    entry.aggregate ??= await LiveAggregate.load(
      this.#store,
      this.#decider,
      this.streamId(entry.entityId),
      this.#snapshots,
    );
    return entry.aggregate;
  }

  /** Schedules a snapshot once `every` more revisions have been reached; written after the answer. */
  #snapshotIfDue(streamId: string, aggregate: LiveAggregate<E, S>): void {
    const snapshots = this.#snapshots;
    if (snapshots === undefined || !snapshots.due(aggregate.snapshotRevision, aggregate.revision)) return;
    const point = aggregate.snapshotPoint();
    if (point === undefined) return;
    // Marked even if the write fails, so a broken cache costs one attempt per `every` revisions.
    aggregate.snapshotRevision = point.revision;
    snapshots.schedule(streamId, point);
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
