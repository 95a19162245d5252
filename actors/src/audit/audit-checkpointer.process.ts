import type { KeyObject } from 'node:crypto';
import type { AllSubscription, EventStore, RecordedEvent } from '@ordinal/domain';
import { rollDigest } from '../event-store/event-chain.ts';
import { type AuditCheckpoint, EMPTY_DIGEST, signCheckpoint } from './audit-checkpoint.ts';
import type { SqliteCheckpointStore } from './sqlite-checkpoint-store.ts';

/** Options of the checkpointer. */
export interface AuditCheckpointerOptions {
  readonly events: Pick<EventStore, 'subscribeAll' | 'headPosition'>;
  readonly checkpoints: SqliteCheckpointStore;
  /** The Ed25519 key checkpoints are signed with. */
  readonly signingKey: KeyObject;
  /** A checkpoint after this many new events (default 1,000; 0: not by count). */
  readonly every?: number;
  /** A checkpoint this often when events came in since the last (default 60,000 ms; 0: no timer). */
  readonly intervalMs?: number;
  readonly clock?: () => Date;
  /** Told when a checkpoint could not be written; the next one is tried all the same. */
  readonly onError?: (error: unknown) => void;
}

interface Rolling {
  position: number;
  count: number;
  digest: string;
}

/**
 * Follows the whole log from the last checkpoint, rolls every event's chain hash into the
 * digest, and writes a signed checkpoint every `every` events, on a timer, and on demand. It
 * writes no event: checkpoints go to their own store, so only actors write the log.
 */
export class AuditCheckpointer {
  readonly #options: AuditCheckpointerOptions;
  readonly #rolling: Rolling;
  #last: AuditCheckpoint | undefined;
  #subscription: AllSubscription | undefined;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #waiting: { readonly position: number; readonly resolve: () => void }[] = [];

  constructor(options: AuditCheckpointerOptions) {
    this.#options = options;
    this.#last = options.checkpoints.last();
    this.#rolling = {
      position: this.#last?.position ?? 0,
      count: this.#last?.count ?? 0,
      digest: this.#last?.digest ?? EMPTY_DIGEST,
    };
  }

  /** Starts following the log after the last checkpoint. */
  start(): void {
    if (this.#running !== undefined) return;
    const subscription = this.#options.events.subscribeAll({ afterPosition: this.#rolling.position });
    this.#subscription = subscription;
    this.#running = (async () => {
      for await (const event of subscription) this.#see(event);
    })();
    const intervalMs = this.#options.intervalMs ?? 60_000;
    if (intervalMs > 0) {
      this.#timer = setInterval(() => this.#checkpointIfNew(), intervalMs);
      this.#timer.unref();
    }
  }

  /** The log position rolled into the digest so far. */
  rolledUpTo(): number {
    return this.#rolling.position;
  }

  /** The latest checkpoint written (or found at start). */
  last(): AuditCheckpoint | undefined {
    return this.#last;
  }

  /**
   * Waits until every event committed before the call is rolled in, then writes a checkpoint
   * up to there (unless the last one already covers it) and returns the latest checkpoint.
   */
  async checkpointNow(): Promise<AuditCheckpoint | undefined> {
    const head = await this.#options.events.headPosition();
    if (this.#rolling.position < head) {
      await new Promise<void>((resolve) => this.#waiting.push({ position: head, resolve }));
    }
    this.#checkpointIfNew();
    return this.#last;
  }

  /** Stops following; a final checkpoint covers what was seen since the last one. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#subscription?.close();
    await this.#running?.catch(() => {});
    this.#checkpointIfNew();
    for (const waiter of this.#waiting.splice(0)) waiter.resolve();
  }

  #see(event: RecordedEvent): void {
    const rolling = this.#rolling;
    rolling.digest = rollDigest(rolling.digest, event.hash ?? '');
    rolling.count += 1;
    rolling.position = event.position;
    const every = this.#options.every ?? 1_000;
    if (every > 0 && rolling.count - (this.#last?.count ?? 0) >= every) this.#checkpointIfNew();
    for (let i = this.#waiting.length - 1; i >= 0; i -= 1) {
      const waiter = this.#waiting[i]!;
      if (waiter.position <= rolling.position) {
        this.#waiting.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  #checkpointIfNew(): void {
    const { position, count, digest } = this.#rolling;
    if (count === (this.#last?.count ?? 0)) return;
    const at = (this.#options.clock ?? (() => new Date()))().toISOString();
    const sequence = (this.#last?.sequence ?? 0) + 1;
    const checkpoint = signCheckpoint({ sequence, position, count, digest, at }, this.#options.signingKey);
    try {
      this.#options.checkpoints.append(checkpoint);
      this.#last = checkpoint;
    } catch (error) {
      this.#options.onError?.(error);
    }
  }
}
