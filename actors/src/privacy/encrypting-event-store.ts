import {
  type AllSubscription,
  type AppendResult,
  type DomainEvent,
  type EventStore,
  type ExpectedRevision,
  holdsPersonalData,
  KEPT_PAYLOAD_SETTLING_EVENTS,
  keepsPayload,
  payloadKeyOwner,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
} from '@ordinal/domain';
import { type PersonalDataCipher, plainPersonalValues } from './personal-data.cipher.ts';

/** Personal data was appended to a stream whose customer cannot be told (no order placed on it). */
export class PersonalDataOwnerUnknownError extends Error {
  override readonly name = 'PersonalDataOwnerUnknownError';
  readonly code = 'privacy.owner-unknown';
  constructor(
    readonly streamId: string,
    readonly eventType: string,
  ) {
    super(`${eventType} on ${streamId} holds personal data, but no customer owns the stream`);
  }
}

/** The customer an event names as the order's buyer (`OrderPlaced`'s `customer.customerId`). */
function customerNamedBy(event: { readonly data: unknown }): string | undefined {
  const customer = (event.data as { customer?: { customerId?: unknown } } | null)?.customer;
  return typeof customer?.customerId === 'string' ? customer.customerId : undefined;
}

const MAX_CACHED_OWNERS = 50_000;

/**
 * The event store as everything above it sees it: personal fields (`PERSONAL_DATA_FIELDS`) are
 * sealed with the stream's customer's key on append and opened on every read, so the stored
 * events hold only ciphertext and erasing a customer (destroying their key) never changes a
 * stored event. Wraps any adapter; the stored bytes are the adapter's own.
 */
export class EncryptingEventStore implements EventStore {
  /** The adapter underneath, which holds the sealed events. */
  readonly inner: EventStore;
  readonly #cipher: PersonalDataCipher;
  readonly #owners = new Map<string, string>();

  constructor(inner: EventStore, cipher: PersonalDataCipher) {
    this.inner = inner;
    this.#cipher = cipher;
  }

  async append(streamId: string, events: readonly DomainEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const sealed = events.some((event) => holdsPersonalData(event.type)) ? await this.seal(streamId, events) : events;
    const result = await this.inner.append(streamId, sealed, expected);
    if (
      !result.duplicate &&
      keepsPayload(streamId) &&
      events.some((e) => KEPT_PAYLOAD_SETTLING_EVENTS.includes(e.type))
    ) {
      // The payload became an order (or its scans were recorded): the order holds what it said.
      await this.#cipher.destroy(payloadKeyOwner(streamId));
    }
    if (sealed === events) return result;
    // A retry gets back the events an earlier attempt stored: open those. A fresh append stored
    // exactly these events, so their plain data is at hand and nothing is decrypted again.
    if (result.duplicate) return { ...result, events: await this.#openAll(result.events) };
    const plain = new Map(events.map((event) => [event.eventId, event.data]));
    return {
      ...result,
      events: result.events.map((event) =>
        plain.has(event.eventId) ? { ...event, data: plain.get(event.eventId) } : event,
      ),
    };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.#openAll(await this.inner.readStream(streamId, options));
  }

  streamRevision(streamId: string): Promise<number> {
    return this.inner.streamRevision(streamId);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.#openAll(await this.inner.readAll(options));
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  subscribeAll(options?: SubscribeAllOptions): AllSubscription {
    const subscription = this.inner.subscribeAll(options);
    const open = (event: RecordedEvent) => this.#open(event);
    return {
      close: () => subscription.close(),
      async *[Symbol.asyncIterator]() {
        for await (const event of subscription) yield await open(event);
      },
    };
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Whose key seals the stream's personal data: the order's customer, or a kept payload's own. */
  async ownerOf(streamId: string, batch: readonly DomainEvent[] = []): Promise<string | undefined> {
    if (keepsPayload(streamId)) return payloadKeyOwner(streamId);
    const cached = this.#owners.get(streamId);
    if (cached !== undefined) return cached;
    let owner = batch.map(customerNamedBy).find((id) => id !== undefined);
    if (owner === undefined) {
      const [first] = await this.inner.readStream(streamId, { maxCount: 1 });
      owner = first === undefined ? undefined : customerNamedBy(first);
    }
    if (owner !== undefined) {
      this.#owners.set(streamId, owner);
      if (this.#owners.size > MAX_CACHED_OWNERS) {
        const oldest = this.#owners.keys().next().value;
        if (oldest !== undefined) this.#owners.delete(oldest);
      }
    }
    return owner;
  }

  /** The ids of the customer's orders whose streams this store sealed or looked up lately. */
  ordersOf(customerId: string): string[] {
    const ids: string[] = [];
    for (const [streamId, owner] of this.#owners) {
      if (owner === customerId && streamId.startsWith('order-')) ids.push(streamId.slice('order-'.length));
    }
    return ids;
  }

  /**
   * The events with their personal fields sealed under the stream's owner's key, as `append`
   * stores them; fields sealed already are kept. Throws PersonalDataOwnerUnknownError when a
   * plain personal value has no owner to be sealed for.
   */
  async seal(streamId: string, events: readonly DomainEvent[]): Promise<DomainEvent[]> {
    const owner = await this.ownerOf(streamId, events);
    return Promise.all(
      events.map(async (event) => {
        if (!holdsPersonalData(event.type)) return event;
        if (owner === undefined) {
          if (plainPersonalValues(event.type, event.data).length > 0) {
            throw new PersonalDataOwnerUnknownError(streamId, event.type);
          }
          return event;
        }
        const data = await this.#cipher.sealFields(event.type, event.data, owner);
        return data === event.data ? event : { ...event, data };
      }),
    );
  }

  #openAll(events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    return Promise.all(events.map((event) => this.#open(event)));
  }

  async #open(event: RecordedEvent): Promise<RecordedEvent> {
    if (!holdsPersonalData(event.type)) return event;
    const data = await this.#cipher.openFields(event.type, event.data);
    return data === event.data ? event : { ...event, data };
  }
}
