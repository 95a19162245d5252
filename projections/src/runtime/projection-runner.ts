import type { BusMessage, BusSubscription, EventBus, ParkedMessage, ReadStore, RecordedEvent } from '@ordinal/domain';
import { applyFailedReason, retryFailedReason } from '../parking/park-reasons.ts';
import { ParkedEventStore } from '../parking/parked-event-store.ts';
import { invalidEventReason, KNOWN_EVENT_TYPES, type KnownEventTypes } from './event-validation.ts';
import type { ApplyOutcome, EventLog, Projection } from './projection.ts';

/** What a runner connects and how patient it is with failures. */
export interface ProjectionRunnerOptions {
  readonly projection: Projection;
  readonly bus: EventBus;
  readonly store: ReadStore;
  readonly events: EventLog;
  readonly knownEventTypes?: KnownEventTypes;
  /** Where parked events are kept (default: collection `parkedEvents` of `store`). */
  readonly parked?: ParkedEventStore;
  /** Deliveries of an event that keeps failing before the runner parks it (default 13, about a minute). */
  readonly maxDeliveries?: number;
  readonly ackWaitMs?: number;
  /** Events applied concurrently (default 1, strictly in order). */
  readonly maxInFlight?: number;
  /** Delay before a failed event is retried, by the delivery that failed (default 100 ms doubling, max 10 s). */
  readonly retryDelayMs?: (deliveryCount: number) => number;
  /** Time source for `parkedAt` (default the system clock). */
  readonly clock?: () => Date;
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
  /** Failed applies (each is retried, then parked). */
  readonly failures: number;
  /** Messages handled on a delivery after their first (after a failure, a timeout or a restart). */
  readonly redeliveries: number;
  /** Messages parked durably (invalid or kept failing). */
  readonly parked: number;
  /** Highest global position acknowledged. */
  readonly lastPosition: number;
}

/** Exponential backoff: 100 ms, 200 ms, 400 ms… capped at 10 s. */
export function defaultRetryDelay(deliveryCount: number): number {
  return Math.min(10_000, 100 * 2 ** Math.max(0, deliveryCount - 1));
}

/**
 * Deliveries before an event that keeps failing is parked. With the default backoff the 12
 * retries span 62.7 s (0.1 + 0.2 + … + 6.4 s, then 10 s five times): a read store that is
 * busy or away for up to a minute costs a delay, not a parked event.
 */
export const DEFAULT_MAX_DELIVERIES = 13;

/** How a retried parked event went: applied now, already in the read model, or parked again. */
export type RetryOutcome = ApplyOutcome | 'still-failing';

/**
 * The runner decides when to give up, so it asks the bus never to park by itself (JetStream's
 * `max_deliver: -1`): a park the bus decided alone would exist only where the bus keeps it.
 */
const BUS_MAX_DELIVERIES = Number.MAX_SAFE_INTEGER;

/**
 * Feeds one projection from a durable bus subscription named after it: validates each
 * envelope, applies, acks; a failed apply is nak-ed with backoff. An invalid envelope, or an
 * apply still failing at maxDeliveries, is parked: first written to the parked events, then
 * parked on the bus. If that write fails too, the message is nak-ed and comes back, so a
 * publish never completes on a park that is not durable.
 */
export class ProjectionRunner {
  readonly #options: ProjectionRunnerOptions;
  #subscription: BusSubscription | undefined;
  #applied = 0;
  #duplicates = 0;
  #invalid = 0;
  #failures = 0;
  #redeliveries = 0;
  #parkedCount = 0;
  #lastPosition = 0;
  readonly #parked: ParkedEventStore;
  readonly #maxDeliveries: number;

  constructor(options: ProjectionRunnerOptions) {
    this.#options = options;
    this.#parked = options.parked ?? new ParkedEventStore(options.store);
    this.#maxDeliveries = options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES;
    if (!Number.isSafeInteger(this.#maxDeliveries) || this.#maxDeliveries < 1) {
      throw new RangeError('maxDeliveries must be a positive integer');
    }
  }

  get name(): string {
    return this.#options.projection.name;
  }

  /** Prepares the projection's indexes and subscribes. */
  async start(): Promise<void> {
    if (this.#subscription !== undefined) return;
    const { projection, bus, store } = this.#options;
    await projection.setup?.(store);
    await this.#parked.setup();
    this.#subscription = await bus.subscribe(
      {
        durableName: projection.name,
        ...(projection.categories.length === 0 ? {} : { categories: projection.categories }),
        maxDeliveries: BUS_MAX_DELIVERIES,
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
      redeliveries: this.#redeliveries,
      parked: this.#parkedCount,
      lastPosition: this.#lastPosition,
    };
  }

  /**
   * Applies a parked event of this projection again. The revision guard makes this safe at any
   * time: an event already in the read model is a duplicate, a gap is filled from the log.
   * Applied or duplicate: the parked event is removed; otherwise it stays with the new reason.
   */
  async retry(parked: ParkedMessage): Promise<RetryOutcome> {
    const result = await this.#reapply(parked.event);
    if (result.outcome !== undefined) {
      await this.#parked.remove(parked);
      return result.outcome;
    }
    await this.#parked.park({ ...parked, reason: result.reason, deliveryCount: parked.deliveryCount + 1 });
    return 'still-failing';
  }

  async #reapply(
    event: RecordedEvent,
  ): Promise<{ outcome: ApplyOutcome; reason?: never } | { outcome?: never; reason: string }> {
    const { projection, store, events } = this.#options;
    const invalid = invalidEventReason(event, this.#options.knownEventTypes ?? KNOWN_EVENT_TYPES);
    if (invalid !== undefined) return { reason: invalid };
    try {
      return { outcome: await projection.apply(event, { store, events }) };
    } catch (error) {
      this.#options.onError?.(error, event);
      return { reason: retryFailedReason(error) };
    }
  }

  async #handle(message: BusMessage): Promise<void> {
    const { projection, store, events } = this.#options;
    if (message.deliveryCount > 1) this.#redeliveries += 1;
    const invalid = invalidEventReason(message.event, this.#options.knownEventTypes ?? KNOWN_EVENT_TYPES);
    if (invalid !== undefined) {
      if (await this.#park(message, invalid)) this.#invalid += 1;
      return;
    }
    let outcome: ApplyOutcome;
    try {
      outcome = await projection.apply(message.event, { store, events });
    } catch (error) {
      this.#failures += 1;
      this.#options.onError?.(error, message.event);
      if (message.deliveryCount >= this.#maxDeliveries) {
        await this.#park(message, applyFailedReason(message.deliveryCount, error));
      } else {
        await message.nak(this.#retryDelay(message.deliveryCount));
      }
      return;
    }
    if (outcome === 'applied') this.#applied += 1;
    else this.#duplicates += 1;
    this.#lastPosition = Math.max(this.#lastPosition, message.event.position);
    this.#options.onApplied?.(message.event, outcome);
    await message.ack();
  }

  /** Writes the park durably, then parks on the bus; when the write fails the bus redelivers instead. */
  async #park(message: BusMessage, reason: string): Promise<boolean> {
    try {
      await this.#parked.park({
        durableName: this.name,
        event: message.event,
        reason,
        deliveryCount: message.deliveryCount,
        parkedAt: (this.#options.clock ?? (() => new Date()))().toISOString(),
      });
    } catch (error) {
      this.#options.onError?.(error, message.event);
      await message.nak(this.#retryDelay(message.deliveryCount));
      return false;
    }
    this.#parkedCount += 1;
    await message.park(reason);
    return true;
  }

  #retryDelay(deliveryCount: number): number {
    return (this.#options.retryDelayMs ?? defaultRetryDelay)(deliveryCount);
  }
}
