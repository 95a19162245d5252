import type { BusMessage, BusSubscription, EventBus, ReadStore, RecordedEvent } from '@ordinal/domain';
import { invalidEventReason, KNOWN_EVENT_TYPES, type KnownEventTypes } from './event-validation.ts';
import type { ApplyOutcome, EventLog, Projection } from './projection.ts';

/** What a runner connects and how patient it is with failures. */
export interface ProjectionRunnerOptions {
  readonly projection: Projection;
  readonly bus: EventBus;
  readonly store: ReadStore;
  readonly events: EventLog;
  readonly knownEventTypes?: KnownEventTypes;
  /** Deliveries before the bus parks a failing event (bus default when absent). */
  readonly maxDeliveries?: number;
  readonly ackWaitMs?: number;
  /** Events applied concurrently (default 1, strictly in order). */
  readonly maxInFlight?: number;
  /** Delay before a failed event is retried, by the delivery that failed (default 100 ms doubling, max 10 s). */
  readonly retryDelayMs?: (deliveryCount: number) => number;
  readonly onApplied?: (event: RecordedEvent, outcome: ApplyOutcome) => void;
  readonly onError?: (error: unknown, event: RecordedEvent) => void;
}

/** Counters since start. */
export interface ProjectionRunnerStats {
  readonly name: string;
  readonly running: boolean;
  readonly applied: number;
  readonly duplicates: number;
  /** Messages parked because their envelope was invalid. */
  readonly invalid: number;
  /** Failed applies (each is retried, then parked by the bus). */
  readonly failures: number;
  /** Highest global position acknowledged. */
  readonly lastPosition: number;
}

/** Exponential backoff: 100 ms, 200 ms, 400 ms… capped at 10 s. */
export function defaultRetryDelay(deliveryCount: number): number {
  return Math.min(10_000, 100 * 2 ** Math.max(0, deliveryCount - 1));
}

/**
 * Feeds one projection from a durable bus subscription named after it: validates each
 * envelope (invalid → parked with the reason), applies, acks; a failed apply is nak-ed with
 * backoff, and the bus parks it after maxDeliveries.
 */
export class ProjectionRunner {
  readonly #options: ProjectionRunnerOptions;
  #subscription: BusSubscription | undefined;
  #applied = 0;
  #duplicates = 0;
  #invalid = 0;
  #failures = 0;
  #lastPosition = 0;

  constructor(options: ProjectionRunnerOptions) {
    this.#options = options;
  }

  get name(): string {
    return this.#options.projection.name;
  }

  /** Prepares the projection's indexes and subscribes. */
  async start(): Promise<void> {
    if (this.#subscription !== undefined) return;
    const { projection, bus, store } = this.#options;
    await projection.setup?.(store);
    this.#subscription = await bus.subscribe(
      {
        durableName: projection.name,
        ...(projection.categories.length === 0 ? {} : { categories: projection.categories }),
        ...(this.#options.maxDeliveries === undefined ? {} : { maxDeliveries: this.#options.maxDeliveries }),
        ...(this.#options.ackWaitMs === undefined ? {} : { ackWaitMs: this.#options.ackWaitMs }),
        ...(this.#options.maxInFlight === undefined ? {} : { maxInFlight: this.#options.maxInFlight }),
      },
      (message) => this.#handle(message),
    );
  }

  /** Unsubscribes after the event being applied is done; unsettled events stay with the bus. */
  async stop(): Promise<void> {
    const subscription = this.#subscription;
    this.#subscription = undefined;
    await subscription?.close();
  }

  stats(): ProjectionRunnerStats {
    return {
      name: this.name,
      running: this.#subscription !== undefined,
      applied: this.#applied,
      duplicates: this.#duplicates,
      invalid: this.#invalid,
      failures: this.#failures,
      lastPosition: this.#lastPosition,
    };
  }

  async #handle(message: BusMessage): Promise<void> {
    const { projection, store, events } = this.#options;
    const reason = invalidEventReason(message.event, this.#options.knownEventTypes ?? KNOWN_EVENT_TYPES);
    if (reason !== undefined) {
      this.#invalid += 1;
      await message.park(reason);
      return;
    }
    let outcome: ApplyOutcome;
    try {
      outcome = await projection.apply(message.event, { store, events });
    } catch (error) {
      this.#failures += 1;
      this.#options.onError?.(error, message.event);
      await message.nak((this.#options.retryDelayMs ?? defaultRetryDelay)(message.deliveryCount));
      return;
    }
    if (outcome === 'applied') this.#applied += 1;
    else this.#duplicates += 1;
    this.#lastPosition = Math.max(this.#lastPosition, message.event.position);
    this.#options.onApplied?.(message.event, outcome);
    await message.ack();
  }
}
