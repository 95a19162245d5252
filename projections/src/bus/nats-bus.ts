import type {
  BusMessage,
  BusSubscription,
  EventBus,
  ParkedMessage,
  RecordedEvent,
  SubscribeOptions,
} from '@ordinal/domain';
import {
  connect,
  headers,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
  nanos,
} from 'nats';
import { BusError } from './bus.errors.ts';
import { consumerConfig, type NatsBusOptions, type NatsBusStats, settingsOf } from './nats-bus-options.ts';
import {
  ensureStream,
  isNotFound,
  lastPosition,
  POSITION_HEADER,
  REVISION_HEADER,
  readParked,
  STREAM_ID_HEADER,
} from './nats-streams.ts';
import {
  DEFAULT_SUBJECT_PREFIX,
  encodeSubjectToken,
  eventSubject,
  isSubjectPrefix,
  parkedPrefixOf,
  streamSubjects,
} from './nats-subjects.ts';
import { NatsSubscription } from './nats-subscription.ts';

const encoder = new TextEncoder();

/**
 * The distributed profile's bus, on NATS JetStream (server 2.9+).
 * - Events go to one file-backed stream under `<prefix>.<category>.<entityId>.<EventType>`
 *   (tokens encoded by `encodeSubjectToken`), with msg id = event id so the server drops a
 *   re-publish within `duplicateWindowMs`; headers carry position, stream id and revision.
 * - `publish` resolves when the server acknowledged every event (persistence, not delivery).
 * - Each durable name is a durable pull consumer: explicit ack, `max_ack_pending` =
 *   maxInFlight (1 by default: strictly in order, a nak-ed message comes back first), filtered
 *   on the server for one category, on the client for several. The bus parks a message itself
 *   when its delivery number maxDeliveries fails or a later delivery arrives.
 * - `park` publishes `{durableName, event, reason, deliveryCount, parkedAt}` to the parked
 *   stream (msg id `<durable>/<eventId>`), then acks the original so later events go on.
 * - Durability: a server before 2.10 acknowledges a publish before it reaches the disk, so a
 *   broker restart may lose the last acknowledged events. Hence after the connection was lost
 *   and came back, the next `publish` rejects once with `bus.reconnected` (as does a publish
 *   the connection was lost during) without publishing, and `resumePosition` tells the relay
 *   the last position the stream holds, so it re-follows the log from there.
 */
export class NatsBus implements EventBus {
  readonly #nc: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #jsm: JetStreamManager;
  readonly #stream: string;
  readonly #parkedStream: string;
  readonly #prefix: string;
  readonly #parkedPrefix: string;
  readonly #onStatus: (status: { type: string; data?: unknown }) => void;
  readonly #ensureStreams: () => Promise<void>;
  /** Live subscriptions by durable name; undefined while one is starting. */
  readonly #active = new Map<string, NatsSubscription | undefined>();
  /** Unsettled messages of closed subscriptions, by durable name, for the next subscriber. */
  readonly #leftovers = new Map<string, JsMsg[]>();
  #published = 0;
  #reconnects = 0;
  #disconnects = 0;
  /** Disconnects a publish caller has already been told about with `bus.reconnected`. */
  #reported = 0;
  #connected = true;
  #closed = false;

  private constructor(nc: NatsConnection, jsm: JetStreamManager, options: NatsBusOptions, ensure: () => Promise<void>) {
    this.#nc = nc;
    this.#jsm = jsm;
    this.#js = nc.jetstream();
    this.#stream = options.stream ?? 'ORDINAL_EVENTS';
    this.#parkedStream = options.parkedStream ?? 'ORDINAL_PARKED';
    this.#prefix = options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX;
    this.#parkedPrefix = parkedPrefixOf(this.#prefix);
    this.#onStatus = options.onStatus ?? (() => {});
    this.#ensureStreams = ensure;
    void this.#watchConnection();
  }

  /** Connects (reconnecting forever afterwards) and creates or updates both streams. */
  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const prefix = options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX;
    const windowMs = options.duplicateWindowMs ?? 120_000;
    const replicas = options.replicas ?? 1;
    if (!isSubjectPrefix(prefix)) throw new BusError('bus.invalid-options', `bad subject prefix: ${prefix}`);
    if (!Number.isSafeInteger(windowMs) || windowMs < 1) {
      throw new BusError('bus.invalid-options', 'duplicateWindowMs must be a positive integer');
    }
    if (!Number.isSafeInteger(replicas) || replicas < 1) {
      throw new BusError('bus.invalid-options', 'replicas must be a positive integer');
    }
    const nc = await connect({
      servers: options.servers,
      ...(options.name === undefined ? {} : { name: options.name }),
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    const shape = { duplicateWindowNanos: nanos(windowMs), replicas };
    try {
      const jsm = await nc.jetstreamManager();
      const ensure = async () => {
        await ensureStream(jsm, { ...shape, name: options.stream ?? 'ORDINAL_EVENTS', subjects: [`${prefix}.>`] });
        const parked = parkedPrefixOf(prefix);
        await ensureStream(jsm, {
          ...shape,
          name: options.parkedStream ?? 'ORDINAL_PARKED',
          subjects: [`${parked}.>`],
        });
      };
      await ensure();
      return new NatsBus(nc, jsm, options, ensure);
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  async publish(events: readonly RecordedEvent[]): Promise<void> {
    this.#assertOpen();
    this.#assertNoReconnect();
    const acks = await Promise.all(
      events.map((event) => {
        const h = headers();
        h.set(POSITION_HEADER, String(event.position));
        h.set(STREAM_ID_HEADER, encodeURIComponent(event.streamId));
        h.set(REVISION_HEADER, String(event.revision));
        const subject = eventSubject(event, this.#prefix);
        return this.#js.publish(subject, encoder.encode(JSON.stringify(event)), { msgID: event.eventId, headers: h });
      }),
    );
    this.#published += acks.filter((ack) => !ack.duplicate).length;
    // Acknowledged across a reconnect: what came before may be gone, so this must not count.
    this.#assertNoReconnect();
  }

  async subscribe(
    options: SubscribeOptions,
    handler: (message: BusMessage) => Promise<void>,
  ): Promise<BusSubscription> {
    this.#assertOpen();
    const settings = settingsOf(options);
    const { durableName } = options;
    if (this.#active.has(durableName)) {
      throw new BusError('bus.durable-in-use', `durable subscription ${durableName} already has a subscriber`);
    }
    const categories = options.categories;
    const single = categories?.length === 1 ? categories[0] : undefined;
    const config = consumerConfig(
      durableName,
      settings,
      single === undefined ? `${this.#prefix}.>` : streamSubjects(single, undefined, this.#prefix),
    );
    const init = {
      js: this.#js,
      jsm: this.#jsm,
      stream: this.#stream,
      config,
      settings,
      categories: categories === undefined || single !== undefined ? undefined : new Set(categories),
      handler,
      park: (event: RecordedEvent, reason: string, deliveryCount: number) =>
        this.#park({ durableName, event, reason, deliveryCount, parkedAt: new Date().toISOString() }),
      recreate: async () => {
        await this.#ensureStreams();
        await this.#jsm.consumers.add(this.#stream, config);
      },
      onStatus: this.#onStatus,
      handover: this.#leftovers.get(durableName) ?? [],
      flush: () => this.#nc.flush(),
      onClosed: (unsettled: JsMsg[]) => {
        this.#active.delete(durableName);
        if (unsettled.length > 0 && !this.#closed) this.#leftovers.set(durableName, unsettled);
      },
    };
    // Reserved before the first await, so two racing subscribes cannot both win.
    this.#active.set(durableName, undefined);
    try {
      const subscription = await NatsSubscription.start(init);
      this.#leftovers.delete(durableName);
      this.#active.set(durableName, subscription);
      return subscription;
    } catch (error) {
      this.#active.delete(durableName);
      throw error;
    }
  }

  async parked(durableName?: string): Promise<ParkedMessage[]> {
    this.#assertOpen();
    return readParked(this.#js, this.#jsm, this.#parkedStream, durableName);
  }

  /** The highest global position the events stream holds (its last message), 0 when empty. */
  async resumePosition(): Promise<number | undefined> {
    this.#assertOpen();
    return lastPosition(this.#jsm, this.#stream);
  }

  /**
   * What the broker still holds for a durable subscription: messages not yet delivered, and
   * delivered but not acknowledged (undefined when the consumer does not exist). The lag of a
   * projection as the broker sees it, whichever process consumes.
   */
  async backlog(durableName: string): Promise<{ pending: number; ackPending: number } | undefined> {
    this.#assertOpen();
    try {
      const info = await this.#jsm.consumers.info(this.#stream, encodeSubjectToken(durableName));
      return { pending: info.num_pending, ackPending: info.num_ack_pending };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  stats(): NatsBusStats {
    return { published: this.#published, reconnects: this.#reconnects, connected: this.#connected && !this.#closed };
  }

  /** Closes every subscription (handlers in flight settle first), then drains the connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#active.values()].map((subscription) => subscription?.close()));
    if (!this.#nc.isClosed()) await this.#nc.drain();
  }

  async #park(parked: ParkedMessage): Promise<void> {
    const subject = `${this.#parkedPrefix}.${encodeSubjectToken(parked.durableName)}`;
    await this.#js.publish(subject, encoder.encode(JSON.stringify(parked)), {
      msgID: `${parked.durableName}/${parked.event.eventId}`,
    });
  }

  async #watchConnection(): Promise<void> {
    for await (const status of this.#nc.status()) {
      if (status.type === 'disconnect') {
        this.#disconnects += 1;
        this.#connected = false;
      } else if (status.type === 'reconnect') {
        this.#reconnects += 1;
        this.#connected = true;
      }
      this.#onStatus({ type: status.type, data: status.data });
    }
  }

  #assertNoReconnect(): void {
    if (this.#reported === this.#disconnects) return;
    this.#reported = this.#disconnects;
    throw new BusError(
      'bus.reconnected',
      'the connection to NATS was lost: events acknowledged before may be gone, publish again from a checkpoint',
    );
  }

  #assertOpen(): void {
    if (this.#closed) throw new BusError('bus.closed', 'the bus is closed');
  }
}
