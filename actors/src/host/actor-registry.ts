import { Mailbox } from './mailbox.ts';

/** Anything the registry can stop when it passivates an entity. */
export interface Stoppable {
  stop(): void;
}

/** One active entity: its mailbox, its loaded aggregate (if any), when it was last used. */
export interface RegistryEntry<A extends Stoppable> {
  readonly entityId: string;
  readonly mailbox: Mailbox;
  aggregate: A | undefined;
  lastUsedAt: number;
}

/** Limits of the registry; times are in milliseconds of `now`. */
export interface ActorRegistryOptions {
  readonly maxLive: number;
  readonly idleTimeoutMs: number;
  readonly mailboxCapacity: number;
  readonly now: () => number;
}

/**
 * The live entities of a host, least recently used first. Entities idle too long, or beyond
 * the bound, are passivated (dropped and stopped), but never one with work queued: its mailbox
 * is what keeps its commands in order.
 */
export class ActorRegistry<A extends Stoppable> {
  // A Map iterates in insertion order; re-inserting on use keeps it in LRU order.
  readonly #entries = new Map<string, RegistryEntry<A>>();
  #sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: ActorRegistryOptions) {}

  /** Number of live entities. */
  get size(): number {
    return this.#entries.size;
  }

  /** The entity's entry, created if absent, marked most recently used. */
  acquire(entityId: string): RegistryEntry<A> {
    const existing = this.#entries.get(entityId);
    if (existing !== undefined) this.#entries.delete(entityId);
    const entry = existing ?? {
      entityId,
      mailbox: new Mailbox(entityId, this.options.mailboxCapacity),
      aggregate: undefined,
      lastUsedAt: 0,
    };
    entry.lastUsedAt = this.options.now();
    this.#entries.set(entityId, entry);
    return entry;
  }

  /** Marks an entry used now (e.g. when its work finishes). */
  touch(entry: RegistryEntry<A>): void {
    entry.lastUsedAt = this.options.now();
  }

  /** Passivates least recently used idle entries until at most `maxLive` remain; returns how many. */
  enforceBound(): number {
    let passivated = 0;
    for (const entry of this.#entries.values()) {
      if (this.#entries.size <= this.options.maxLive) break;
      if (entry.mailbox.pending === 0) {
        this.#passivate(entry);
        passivated += 1;
      }
    }
    return passivated;
  }

  /** Passivates entries without work that were last used more than `idleTimeoutMs` ago. */
  passivateIdle(): number {
    const now = this.options.now();
    let passivated = 0;
    for (const entry of this.#entries.values()) {
      if (entry.mailbox.pending === 0 && now - entry.lastUsedAt > this.options.idleTimeoutMs) {
        this.#passivate(entry);
        passivated += 1;
      }
    }
    return passivated;
  }

  /** Sweeps idle entries every `intervalMs` on a timer that does not keep the process alive. */
  startSweeper(intervalMs: number): void {
    this.stopSweeper();
    this.#sweeper = setInterval(() => this.passivateIdle(), intervalMs);
    this.#sweeper.unref();
  }

  stopSweeper(): void {
    if (this.#sweeper !== undefined) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }

  /** Resolves once the work queued so far, on every entity, has finished. */
  async drain(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((entry) => entry.mailbox.drained()));
  }

  /** Stops the sweeper and every loaded aggregate, and forgets all entries. */
  clear(): void {
    this.stopSweeper();
    for (const entry of this.#entries.values()) this.#passivate(entry);
  }

  #passivate(entry: RegistryEntry<A>): void {
    this.#entries.delete(entry.entityId);
    const aggregate = entry.aggregate;
    entry.aggregate = undefined;
    aggregate?.stop();
  }
}
