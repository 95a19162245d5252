/** Counts the deliveries a publish waits for; resolves when none is left. */
export class PublishTracker {
  #remaining = 0;
  #resolve: () => void = () => {};
  #reject: (error: Error) => void = () => {};
  readonly done = new Promise<void>((resolve, reject) => {
    this.#resolve = resolve;
    this.#reject = reject;
  });

  get remaining(): number {
    return this.#remaining;
  }

  add(): void {
    this.#remaining += 1;
  }

  release(): void {
    this.#remaining -= 1;
    if (this.#remaining === 0) this.#resolve();
  }

  /** The bus went away before the deliveries settled: the publisher must not count them as taken. */
  fail(error: Error): void {
    this.#reject(error);
  }
}
