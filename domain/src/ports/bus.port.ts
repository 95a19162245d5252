import type { RecordedEvent } from '../shared/event.ts';

/** One delivery of an event to a durable subscription. */
export interface BusMessage {
  readonly event: RecordedEvent;
  /** 1 on first delivery, then 2, 3… on redeliveries. */
  readonly deliveryCount: number;
  /** Done: never deliver this message to this subscription again. */
  ack(): Promise<void>;
  /** Not now: deliver again after the delay (counts as a delivery). */
  nak(delayMs?: number): Promise<void>;
  /** Cannot be applied: move it to the parked place with the reason; later messages go on. */
  park(reason: string): Promise<void>;
}

export interface SubscribeOptions {
  /** Durable name: a subscription with the same name resumes where the last one stopped. */
  readonly durableName: string;
  /** Stream categories to receive (e.g. `order`); all when absent. */
  readonly categories?: readonly string[];
  /** Deliveries after which a message is parked instead of redelivered. */
  readonly maxDeliveries?: number;
  /** How long a delivered, unacknowledged message waits before redelivery. */
  readonly ackWaitMs?: number;
  /** Messages delivered but not yet acknowledged, at most. */
  readonly maxInFlight?: number;
}

export interface BusSubscription {
  close(): Promise<void>;
}

/** A message that could not be applied, kept where people can see and retry it. */
export interface ParkedMessage {
  readonly durableName: string;
  readonly event: RecordedEvent;
  readonly reason: string;
  readonly deliveryCount: number;
  readonly parkedAt: string;
}

/**
 * Distributes committed events to projections. `publish` resolves once the bus has taken
 * responsibility for the events (the relay stores its checkpoint only then); publishing an
 * event id twice delivers it once.
 */
export interface EventBus {
  publish(events: readonly RecordedEvent[]): Promise<void>;
  subscribe(options: SubscribeOptions, handler: (message: BusMessage) => Promise<void>): Promise<BusSubscription>;
  parked(durableName?: string): Promise<ParkedMessage[]>;
  close(): Promise<void>;
  /**
   * The highest global position the bus durably holds (from the last message of its stream),
   * undefined when the bus cannot tell. A publisher resumes from no later than this.
   */
  resumePosition?(): Promise<number | undefined>;
}
