import type { AllSubscription, EventBus, EventStore, RecordedEvent } from '@ordinal/domain';
import type { CheckpointStore } from './checkpoint-store.ts';

/** What the relay needs and how it batches. */
export interface RelayOptions {
  readonly events: Pick<EventStore, 'subscribeAll' | 'headPosition'>;
  readonly bus: EventBus;
  readonly checkpoints: CheckpointStore;
  /** Checkpoint name (default `relay`); two relays with one name would fight over it. */
  readonly name?: string;
  /** Most events per publish (default 256). */
  readonly batchSize?: number;
  /** Only streams starting with these prefixes (e.g. `order-`); all when absent. */
  readonly streamPrefixes?: readonly string[];
  /** Called after each batch is published and checkpointed. */
  readonly onProgress?: (progress: RelayProgress) => void;
  /** Called when following or publishing fails; the relay retries from its checkpoint. */
  readonly onError?: (error: unknown) => void;
  /** Wait before retrying after a failure (default 1 s). */
  readonly retryDelayMs?: number;
}

/** One batch done. */
export interface RelayProgress {
  readonly checkpoint: number;
  readonly published: number;
  readonly batch: number;
}

/** Where the relay stands. */
export interface RelayStatus {
  readonly name: string;
  readonly running: boolean;
  /** Global position of the last event published and checkpointed. */
  readonly checkpoint: number;
  /** Events published since start. */
  readonly published: number;
  /** Head position of the log minus the checkpoint (positions, not events: gaps count). */
  readonly lagPositions?: number;
  readonly lastError?: string;
}

const NOT_READY = Symbol('not-ready');

/**
 * Follows the event store's `$all` from its checkpoint and publishes what it reads to the bus
 * in batches. The checkpoint is stored only after `publish` resolved, so a crash replays at
 * most the batch in flight (the bus drops repeated event ids, projections skip duplicates).
 * A broker may lose the last publishes it acknowledged (NATS before 2.10 acks before fsync),
 * so every follow (at start and after each error) begins at `min(checkpoint,
 * bus.resumePosition())` when the bus can tell how far it durably holds the log.
 */
export class Relay {
  readonly #options: RelayOptions;
  readonly #name: string;
  readonly #batchSize: number;
  #checkpoint = 0;
  #published = 0;
  #lastError: string | undefined;
  #running: Promise<void> | undefined;
  #stopping = false;
  #subscription: AllSubscription | undefined;
  #wakeRetry: (() => void) | undefined;

  constructor(options: RelayOptions) {
    this.#options = options;
    this.#name = options.name ?? 'relay';
    this.#batchSize = options.batchSize ?? 256;
    if (!Number.isSafeInteger(this.#batchSize) || this.#batchSize < 1) {
      throw new RangeError('batchSize must be a positive integer');
    }
  }

  /** Loads the checkpoint and starts following; resolves once running. */
  async start(): Promise<void> {
    if (this.#running !== undefined) return;
    this.#stopping = false;
    this.#checkpoint = await this.#options.checkpoints.load(this.#name);
    this.#running = this.#run();
  }

  /** Stops following; the batch in flight is published and checkpointed first. */
  async stop(): Promise<void> {
    const running = this.#running;
    if (running === undefined) return;
    this.#stopping = true;
    this.#wakeRetry?.();
    await this.#subscription?.close();
    await running;
    this.#running = undefined;
  }

  async status(): Promise<RelayStatus> {
    const head = await this.#options.events.headPosition();
    return {
      name: this.#name,
      running: this.#running !== undefined && !this.#stopping,
      checkpoint: this.#checkpoint,
      published: this.#published,
      lagPositions: Math.max(0, head - this.#checkpoint),
      ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }),
    };
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      try {
        await this.#follow();
        if (!this.#stopping) throw new Error('the event store subscription ended');
      } catch (error) {
        this.#lastError = error instanceof Error ? error.message : String(error);
        this.#options.onError?.(error);
        if (!this.#stopping) await this.#pause(this.#options.retryDelayMs ?? 1_000);
      }
    }
  }

  async #follow(): Promise<void> {
    const held = await this.#options.bus.resumePosition?.();
    if (held !== undefined && held < this.#checkpoint) this.#checkpoint = held;
    const subscription = this.#options.events.subscribeAll({
      afterPosition: this.#checkpoint,
      ...(this.#options.streamPrefixes === undefined ? {} : { streamPrefixes: this.#options.streamPrefixes }),
    });
    this.#subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    let ahead: Promise<IteratorResult<RecordedEvent>> | undefined;
    try {
      while (!this.#stopping) {
        const first = await (ahead ?? iterator.next());
        ahead = undefined;
        if (first.done) return;
        const batch = [first.value];
        // Take what is already available, without waiting for events not yet committed.
        while (batch.length < this.#batchSize) {
          const next = iterator.next();
          const result = await Promise.race([next, nextTurn()]);
          if (result === NOT_READY) {
            ahead = next;
            break;
          }
          if (result.done) break;
          batch.push(result.value);
        }
        await this.#options.bus.publish(batch);
        const checkpoint = batch[batch.length - 1]!.position;
        await this.#options.checkpoints.save(this.#name, checkpoint);
        this.#checkpoint = checkpoint;
        this.#published += batch.length;
        this.#lastError = undefined;
        this.#options.onProgress?.({ checkpoint, published: this.#published, batch: batch.length });
      }
    } finally {
      this.#subscription = undefined;
      await subscription.close();
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wakeRetry = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Resolves after pending I/O callbacks, i.e. once whatever was ready has had its chance. */
function nextTurn(): Promise<typeof NOT_READY> {
  return new Promise((resolve) => setImmediate(() => resolve(NOT_READY)));
}
