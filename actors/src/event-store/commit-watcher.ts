import type { PollingAllSubscription } from './all-subscription.ts';

/**
 * Keeps the open subscriptions of one connection and wakes them when the log may have grown:
 * right after this connection commits (it is told), and when `PRAGMA data_version` moves, which
 * SQLite does only for commits made by other connections, in this process or another.
 */
export class CommitWatcher {
  readonly #subscriptions = new Set<PollingAllSubscription>();
  readonly #dataVersion: () => number;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #lastVersion = 0;

  constructor(dataVersion: () => number, intervalMs: number) {
    this.#dataVersion = dataVersion;
    this.#intervalMs = Math.max(1, intervalMs);
  }

  /** Number of open subscriptions. */
  get size(): number {
    return this.#subscriptions.size;
  }

  /** Starts watching for a new subscription (polling runs only while there is one). */
  add(subscription: PollingAllSubscription): void {
    this.#subscriptions.add(subscription);
    if (this.#timer !== undefined) return;
    // The baseline is taken before the subscription's first read, so a commit by another
    // connection after any later read shows up as a changed version at a following tick.
    this.#lastVersion = this.#dataVersion();
    // Left referenced on purpose: an open subscription keeps the process alive, like a socket.
    this.#timer = setInterval(() => this.#poll(), this.#intervalMs);
  }

  /** Forgets an ended subscription. */
  remove(subscription: PollingAllSubscription): void {
    this.#subscriptions.delete(subscription);
    if (this.#subscriptions.size === 0) this.#stop();
  }

  /** Wakes every subscription (called after this connection commits). */
  notifyAll(): void {
    for (const subscription of this.#subscriptions) subscription.notify();
  }

  /** Ends every subscription and stops polling. */
  async closeAll(): Promise<void> {
    for (const subscription of [...this.#subscriptions]) await subscription.close();
    this.#stop();
  }

  #poll(): void {
    const version = this.#dataVersion();
    if (version === this.#lastVersion) return;
    this.#lastVersion = version;
    this.notifyAll();
  }

  #stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
