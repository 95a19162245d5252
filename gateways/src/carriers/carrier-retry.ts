import type { CarrierIntake, ScanRequest } from './carrier-intake.service.ts';

const RETRY_ACTOR = { kind: 'system', component: 'carrier-retry' } as const;

/**
 * Takes payloads parked for tracking numbers nobody had dispatched yet, on a schedule: every
 * `intervalMs`, each one whose tracking numbers are all filed now (the shipment was dispatched
 * and projected since) is recorded. The intake is handed in once the API built it.
 */
export class CarrierParkedRetry {
  readonly #intervalMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #newId: () => string;
  #intake: CarrierIntake | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(options: {
    readonly intervalMs: number;
    readonly newId: () => string;
    readonly onError: (error: unknown) => void;
  }) {
    this.#intervalMs = options.intervalMs;
    this.#newId = options.newId;
    this.#onError = options.onError;
  }

  /** The intake to retry with (the API's `carriers.onIntake`). */
  attach(intake: CarrierIntake): void {
    this.#intake = intake;
  }

  /** One round now: how many parked payloads were recorded (0 while a round runs or before `attach`). */
  runOnce(): Promise<number> {
    const intake = this.#intake;
    if (intake === undefined || this.#running !== undefined) return Promise.resolve(0);
    const request: ScanRequest = { correlationId: this.#newId(), actor: RETRY_ACTOR };
    this.#running = intake.retryDispatched(request).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  start(): void {
    if (this.#timer !== undefined || this.#intervalMs <= 0) return;
    this.#timer = setInterval(() => {
      this.runOnce().catch(this.#onError);
    }, this.#intervalMs);
    this.#timer.unref();
  }

  /** Stops the schedule and waits for a round in progress. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => {});
  }
}
