import {
  type BusMessage,
  type BusSubscription,
  type EventBus,
  type ParkedMessage,
  type RecordedEvent,
  type SubscribeOptions,
  streamCategory,
} from '@ordinal/domain';
import { BusError } from './bus.errors.ts';
import { DurableQueue, type DurableSettings } from './durable-queue.ts';
import { PublishTracker } from './publish-tracker.ts';

/** Settings of the in-process bus. */
export interface InProcessBusOptions {
  /** How many recent event ids are remembered to drop re-published events (default 100,000). */
  readonly dedupWindow?: number;
  /** Time source for `parkedAt` (default the system clock). */
  readonly clock?: () => Date;
}

/** Defaults of a durable subscription, as in the NATS JetStream adapter. */
export const DEFAULT_SUBSCRIPTION = { maxDeliveries: 5, ackWaitMs: 30_000, maxInFlight: 1 } as const;

/**
 * The embedded profile's bus, in memory. Contract:
 * - An event id seen among the last `dedupWindow` published ids is not delivered again.
 * - Each durable name has its own queue, delivered in publish order; with maxInFlight 1 (the
 *   default) a message is delivered only after the previous one was acked or parked.
 * - nak(delay) and ack-wait expiry redeliver with deliveryCount + 1; after maxDeliveries
 *   unsettled deliveries the bus parks the message itself; park(reason) moves it to `parked()`.
 * - Memory is not durable, so `publish` resolves only once every *active* durable subscription
 *   has acked or parked the events: only then has the bus "taken responsibility", and a relay
 *   that stores its checkpoint after `publish` never gets ahead of what projections applied.
 * - A closed durable subscription keeps its unsettled messages (and receives later publishes)
 *   and gets them when a subscriber with the same name comes back; publishes do not wait for
 *   it meanwhile. A durable name first seen after a publish does not receive earlier events,
 *   so subscribe every projection before starting the relay. Everything is lost with the
 *   process, `parked()` included; the relay's checkpoint is what makes a restart complete, and
 *   the projection runner stores a park durably before it calls `park`.
 */
export class InProcessBus implements EventBus {
  readonly #durables = new Map<string, DurableQueue>();
  readonly #seen = new Set<string>();
  readonly #inFlight = new Map<string, PublishTracker>();
  readonly #parked: ParkedMessage[] = [];
  readonly #dedupWindow: number;
  readonly #clock: () => Date;
  #closed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.#dedupWindow = options.dedupWindow ?? 100_000;
    this.#clock = options.clock ?? (() => new Date());
    if (!Number.isSafeInteger(this.#dedupWindow) || this.#dedupWindow < 1) {
      throw new BusError('bus.invalid-options', 'dedupWindow must be a positive integer');
    }
  }

  async publish(events: readonly RecordedEvent[]): Promise<void> {
    this.#assertOpen();
    const waits: Promise<void>[] = [];
    for (const event of events) {
      if (this.#seen.has(event.eventId)) {
        const earlier = this.#inFlight.get(event.eventId);
        if (earlier !== undefined) waits.push(earlier.done);
        continue;
      }
      this.#remember(event.eventId);
      const tracker = new PublishTracker();
      const category = streamCategory(event.streamId);
      for (const durable of this.#durables.values()) {
        if (durable.categories === undefined || durable.categories.has(category)) durable.enqueue(event, tracker);
      }
      if (tracker.remaining > 0) {
        this.#inFlight.set(event.eventId, tracker);
        waits.push(tracker.done.then(() => void this.#inFlight.delete(event.eventId)));
      }
    }
    for (const durable of this.#durables.values()) durable.pump();
    await Promise.all(waits);
  }

  async subscribe(
    options: SubscribeOptions,
    handler: (message: BusMessage) => Promise<void>,
  ): Promise<BusSubscription> {
    this.#assertOpen();
    const settings = settingsOf(options);
    let durable = this.#durables.get(options.durableName);
    if (durable === undefined) {
      durable = new DurableQueue(options.durableName, (parked) => this.#parked.push(parked), this.#clock);
      this.#durables.set(options.durableName, durable);
    } else if (durable.active) {
      throw new BusError('bus.durable-in-use', `durable subscription ${options.durableName} already has a subscriber`);
    }
    durable.categories = options.categories === undefined ? undefined : new Set(options.categories);
    durable.activate(settings, handler);
    durable.pump();
    const queue = durable;
    let closing: Promise<void> | undefined;
    return { close: () => (closing ??= queue.deactivate()) };
  }

  async parked(durableName?: string): Promise<ParkedMessage[]> {
    return this.#parked.filter((p) => durableName === undefined || p.durableName === durableName);
  }

  /**
   * Detaches every subscriber; publishes still waiting reject with `bus.closed` (nobody took
   * those events, so a relay must not checkpoint them), as do later calls.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const error = new BusError('bus.closed', 'the bus closed before the events were settled');
    for (const tracker of this.#inFlight.values()) tracker.fail(error);
    await Promise.all([...this.#durables.values()].map((d) => d.deactivate()));
  }

  #remember(eventId: string): void {
    this.#seen.add(eventId);
    if (this.#seen.size > this.#dedupWindow) {
      const oldest = this.#seen.values().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new BusError('bus.closed', 'the bus is closed');
  }
}

function settingsOf(options: SubscribeOptions): DurableSettings {
  if (typeof options.durableName !== 'string' || options.durableName.length === 0) {
    throw new BusError('bus.invalid-options', 'a durable subscription needs a name');
  }
  const settings = {
    maxDeliveries: options.maxDeliveries ?? DEFAULT_SUBSCRIPTION.maxDeliveries,
    ackWaitMs: options.ackWaitMs ?? DEFAULT_SUBSCRIPTION.ackWaitMs,
    maxInFlight: options.maxInFlight ?? DEFAULT_SUBSCRIPTION.maxInFlight,
  };
  for (const [key, value] of Object.entries(settings)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new BusError('bus.invalid-options', `${key} must be a positive integer`);
    }
  }
  return settings;
}
