import { type BusMessage, type BusSubscription, type RecordedEvent, streamCategory } from '@ordinal/domain';
import {
  type ConsumerConfig,
  ConsumerEvents,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from 'nats';
import { MAX_DELIVERIES_REASON } from './bus.errors.ts';
import type { DurableSettings } from './durable-queue.ts';

/** Everything one durable pull consumer needs from the bus that owns it. */
export interface NatsSubscriptionInit {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly stream: string;
  readonly config: Partial<ConsumerConfig> & { durable_name: string };
  readonly settings: DurableSettings;
  /** Categories filtered on the client, when the server-side filter cannot express them. */
  readonly categories: ReadonlySet<string> | undefined;
  readonly handler: (message: BusMessage) => Promise<void>;
  /** Stores the parked record durably; the message is acked only after it resolved. */
  readonly park: (event: RecordedEvent, reason: string, deliveryCount: number) => Promise<void>;
  /** Recreates the stream and consumer when the server lost them. */
  readonly recreate: () => Promise<void>;
  readonly onStatus: (status: { type: string; data?: unknown }) => void;
  /** Messages a closed subscription of this durable left unsettled: nak-ed once this one pulls. */
  readonly handover: readonly JsMsg[];
  /** Resolves once the server has processed everything sent so far. */
  readonly flush: () => Promise<void>;
  /** Receives the messages left unsettled, for the next subscriber of the durable. */
  readonly onClosed: (unsettled: JsMsg[]) => void;
}

/** Pull requests expire after this long, so a lost consumer is noticed and re-pulled quickly. */
const PULL_EXPIRES_MS = 5_000;

/**
 * One durable subscription: a JetStream pull consumer fed through `consume()` (which re-pulls
 * after reconnects and missed heartbeats), with at most maxInFlight handlers at once.
 */
export class NatsSubscription implements BusSubscription {
  readonly #init: NatsSubscriptionInit;
  readonly #messages: ConsumerMessages;
  readonly #running = new Set<Promise<void>>();
  /** Delivered to a handler and neither acked, nak-ed nor parked yet. */
  readonly #unsettled = new Set<JsMsg>();
  #loop: Promise<void> = Promise.resolve();
  #closing: Promise<void> | undefined;

  private constructor(init: NatsSubscriptionInit, messages: ConsumerMessages) {
    this.#init = init;
    this.#messages = messages;
  }

  /** Creates (or updates) the durable consumer and starts consuming. */
  static async start(init: NatsSubscriptionInit): Promise<NatsSubscription> {
    await init.jsm.consumers.add(init.stream, init.config);
    const consumer = await init.js.consumers.get(init.stream, init.config.durable_name);
    const messages = await consumer.consume({ expires: PULL_EXPIRES_MS });
    const subscription = new NatsSubscription(init, messages);
    subscription.#loop = subscription.#consume();
    void subscription.#watch();
    if (init.handover.length > 0) {
      // Only once this subscription's pull request is at the server: a redelivery that finds
      // nothing but the closed subscription's stale request is mishandled by servers before
      // 2.10 (it stays pending until ackWait).
      await init.flush();
      for (const msg of init.handover) msg.nak();
    }
    return subscription;
  }

  /**
   * Stops pulling and waits for the handlers in flight. Messages still unsettled stay with
   * the server: another process gets them after ackWait; the next subscriber of the durable
   * on this bus gets them at once (they are nak-ed when it starts pulling).
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#messages.close();
      await this.#loop;
      await Promise.allSettled([...this.#running]);
      const unsettled = [...this.#unsettled];
      this.#unsettled.clear();
      this.#init.onClosed(unsettled);
    })();
    return this.#closing;
  }

  async #consume(): Promise<void> {
    const { maxInFlight } = this.#init.settings;
    for await (const msg of this.#messages) {
      while (this.#closing === undefined && this.#running.size >= maxInFlight) {
        await Promise.race(this.#running);
      }
      // Taken from the server but never handed to the handler: left for the next subscriber.
      if (this.#closing !== undefined) this.#unsettled.add(msg);
      else this.#dispatch(msg);
    }
  }

  #dispatch(msg: JsMsg): void {
    let event: RecordedEvent;
    try {
      event = msg.json<RecordedEvent>();
    } catch (error) {
      // Not written by this bus: redelivering it would never help, so stop delivering it.
      msg.term('not a RecordedEvent');
      this.#init.onStatus({ type: 'invalid-message', data: { seq: msg.seq, error: String(error) } });
      return;
    }
    const { categories, settings } = this.#init;
    if (categories !== undefined && !categories.has(streamCategory(event.streamId))) {
      msg.ack();
      return;
    }
    const deliveryCount = msg.info.deliveryCount;
    this.#unsettled.add(msg);
    const settle = (): boolean => this.#unsettled.delete(msg);
    const park = async (reason: string, count: number): Promise<void> => {
      try {
        await this.#init.park(event, reason, count);
      } catch (error) {
        // Not parked durably: the message must come back rather than vanish.
        msg.nak(1_000);
        throw error;
      }
      await msg.ackAck();
    };
    const retry = async (delayMs: number, why: string): Promise<void> => {
      if (deliveryCount >= settings.maxDeliveries) {
        await park(`${MAX_DELIVERIES_REASON}: ${deliveryCount} deliveries, last ${why}`, deliveryCount);
      } else {
        msg.nak(delayMs);
      }
    };
    let run: Promise<void>;
    if (deliveryCount > settings.maxDeliveries) {
      // The ack wait of the last allowed delivery expired: the server sent it once more.
      settle();
      const delivered = deliveryCount - 1;
      run = park(`${MAX_DELIVERIES_REASON}: not settled after ${delivered} deliveries`, delivered);
    } else {
      const message: BusMessage = {
        event,
        deliveryCount,
        ack: async () => {
          if (settle()) await msg.ackAck();
        },
        nak: async (delayMs = 0) => {
          if (settle()) await retry(delayMs, 'nak');
        },
        park: async (reason: string) => {
          if (settle()) await park(reason, deliveryCount);
        },
      };
      run = Promise.resolve()
        .then(() => this.#init.handler(message))
        .catch((error: unknown) => {
          if (settle()) return retry(0, `handler failed: ${error instanceof Error ? error.message : String(error)}`);
        });
    }
    const tracked = run.catch((error: unknown) => this.#init.onStatus({ type: 'settle-failed', data: String(error) }));
    this.#running.add(tracked);
    void tracked.finally(() => this.#running.delete(tracked));
  }

  /** Recreates the consumer when the server says it is gone (e.g. a restart lost its state). */
  async #watch(): Promise<void> {
    const reported = new Set<string>(Object.values(ConsumerEvents));
    for await (const status of await this.#messages.status()) {
      // Debug notices (each pull, each expiry) are noise; the consumer events are worth a look.
      if (reported.has(status.type)) this.#init.onStatus({ type: `consumer.${status.type}`, data: status.data });
      if (status.type === ConsumerEvents.ConsumerNotFound || status.type === ConsumerEvents.StreamNotFound) {
        await this.#init.recreate().catch((error: unknown) => {
          this.#init.onStatus({ type: 'recreate-failed', data: String(error) });
        });
      }
    }
  }
}
