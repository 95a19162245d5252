import type {
  BusMessage,
  BusSubscription,
  EventBus,
  ParkedMessage,
  RecordedEvent,
  SubscribeOptions,
} from '@ordinal/domain';
import { holdsPersonalData } from '@ordinal/domain';
import type { PersonalDataCipher } from './personal-data.cipher.ts';

/**
 * A bus that carries events as the log stores them (personal fields sealed) and opens them for
 * its subscribers: the broker's own files then hold no personal data, and an erasure reaches
 * what they kept. The relay publishes the sealed log into it (`ReadSide`'s `relayEvents`).
 */
export class OpeningBus implements EventBus {
  /** The bus underneath, which carries the sealed events. */
  readonly inner: EventBus;
  readonly #inner: EventBus;
  readonly #cipher: PersonalDataCipher;

  constructor(inner: EventBus, cipher: PersonalDataCipher) {
    this.inner = inner;
    this.#inner = inner;
    this.#cipher = cipher;
    const resume = inner.resumePosition?.bind(inner);
    if (resume !== undefined) this.resumePosition = resume;
  }

  resumePosition?: () => Promise<number | undefined>;

  publish(events: readonly RecordedEvent[]): Promise<void> {
    return this.#inner.publish(events);
  }

  subscribe(options: SubscribeOptions, handler: (message: BusMessage) => Promise<void>): Promise<BusSubscription> {
    return this.#inner.subscribe(options, async (message) => {
      const event = await this.#open(message.event);
      await handler({
        event,
        deliveryCount: message.deliveryCount,
        ack: () => message.ack(),
        nak: (delayMs) => message.nak(delayMs),
        park: (reason) => message.park(reason),
      });
    });
  }

  async parked(durableName?: string): Promise<ParkedMessage[]> {
    const parked = await this.#inner.parked(durableName);
    return Promise.all(parked.map(async (message) => ({ ...message, event: await this.#open(message.event) })));
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  async #open(event: RecordedEvent): Promise<RecordedEvent> {
    // A message that is not an event at all is handed on as it is: the runner parks it as invalid.
    if (typeof event?.type !== 'string' || !holdsPersonalData(event.type)) return event;
    const data = await this.#cipher.openFields(event.type, event.data);
    return data === event.data ? event : { ...event, data };
  }
}
