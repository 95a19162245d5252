import { MailboxFullError } from './host.errors.ts';

const ignore = (): void => {};

/**
 * A FIFO queue that runs one task at a time: the single-writer guarantee of one aggregate.
 * `pending` counts the task running and those waiting.
 */
export class Mailbox {
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;

  constructor(
    readonly owner: string,
    readonly capacity: number,
  ) {}

  /** Tasks running or waiting. */
  get pending(): number {
    return this.#pending;
  }

  /** Queues a task behind the others; throws MailboxFullError (nothing queued) when full. */
  post<T>(task: () => Promise<T>): Promise<T> {
    if (this.#pending >= this.capacity) throw new MailboxFullError(this.owner, this.capacity);
    this.#pending += 1;
    const run = this.#tail.then(task).finally(() => {
      this.#pending -= 1;
    });
    // A failed task must not stop the ones behind it; its caller sees the failure.
    this.#tail = run.then(ignore, ignore);
    return run;
  }

  /** Resolves once every task queued so far has finished. */
  drained(): Promise<void> {
    return this.#tail;
  }
}
