/** The outcome of one request inside a committed batch: its own value or its own error. */
export type BatchOutcome<Result> =
  | { readonly ok: true; readonly value: Result }
  | { readonly ok: false; readonly error: unknown };

/**
 * Commits a batch in one transaction and returns one outcome per request, in order.
 * Throwing means the whole transaction failed and every request in it fails with that error.
 */
export type CommitBatch<Request, Result> = (requests: readonly Request[]) => readonly BatchOutcome<Result>[];

interface Pending<Request, Result> {
  readonly request: Request;
  readonly resolve: (value: Result) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Collects requests that arrive together and commits them as one batch: everything submitted
 * before the scheduled flush runs (the same tick, and any I/O callbacks of the same loop turn)
 * shares one transaction, so one disk sync serves many writers. Requests keep arrival order.
 */
export class GroupCommit<Request, Result> {
  readonly #commit: CommitBatch<Request, Result>;
  readonly #maxBatch: number;
  #queue: Pending<Request, Result>[] = [];
  #scheduled: NodeJS.Immediate | undefined;

  constructor(commit: CommitBatch<Request, Result>, options: { readonly maxBatch?: number } = {}) {
    this.#commit = commit;
    this.#maxBatch = Math.max(1, options.maxBatch ?? 1_000);
  }

  /** Queues a request; the promise settles once its batch has committed (or failed). */
  submit(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      // setImmediate rather than a microtask: callers that resume from other promises in this
      // turn of the event loop still make it into the same batch.
      this.#scheduled ??= setImmediate(() => this.#flushScheduled());
    });
  }

  /** Number of requests waiting for the next flush. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Commits everything queued right now, synchronously (used when the store closes). */
  flushNow(): void {
    if (this.#scheduled !== undefined) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    while (this.#queue.length > 0) this.#flushOne();
  }

  #flushScheduled(): void {
    this.#scheduled = undefined;
    this.#flushOne();
    if (this.#queue.length > 0) this.#scheduled = setImmediate(() => this.#flushScheduled());
  }

  #flushOne(): void {
    const batch = this.#queue.slice(0, this.#maxBatch);
    this.#queue = this.#queue.slice(batch.length);
    let outcomes: readonly BatchOutcome<Result>[];
    try {
      outcomes = this.#commit(batch.map((item) => item.request));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) item.reject(new Error('group commit returned no outcome for a request'));
      else if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
