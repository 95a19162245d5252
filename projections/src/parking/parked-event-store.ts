import { createHash } from 'node:crypto';
import {
  type Document,
  type DocumentCollection,
  erasePersonalData,
  type Filter,
  type ParkedMessage,
  type ReadStore,
} from '@ordinal/domain';

/** The collection that keeps parked events. */
export const PARKED_EVENTS_COLLECTION = 'parkedEvents';

/** One parked event as stored: one document per (durableName, eventId). */
export interface ParkedEventDocument extends Document, ParkedMessage {
  /** The event's id, or `invalid-<digest>` for an envelope without a usable one. */
  readonly eventId: string;
  /** The event's global position (0 when the envelope has none), to list and retry in log order. */
  readonly position: number;
}

/** Which parked events a list or a retry is about; all when empty. */
export interface ParkedEventFilter {
  readonly durableName?: string;
  readonly eventId?: string;
}

/**
 * Keeps the events projections could not apply in the read store (collection `parkedEvents`),
 * so that they outlive the process, can be listed and retried. The read side writes here
 * before it tells the bus a message is parked, so nothing the bus forgets is only in memory.
 */
export class ParkedEventStore {
  readonly #collection: DocumentCollection<ParkedEventDocument>;

  constructor(store: ReadStore, collection = PARKED_EVENTS_COLLECTION) {
    this.#collection = store.collection<ParkedEventDocument>(collection);
  }

  /** Declares the index the lists use (idempotent). */
  async setup(): Promise<void> {
    await this.#collection.ensureIndex(['durableName', 'position']);
  }

  /** Stores (or replaces) the parked event of a durable subscription; resolves once it is written. */
  async park(message: ParkedMessage): Promise<void> {
    const eventId = eventKey(message.event);
    const position = (message.event as { position?: unknown } | undefined)?.position;
    await this.#collection.put({
      id: documentId(message.durableName, eventId),
      durableName: message.durableName,
      eventId,
      position: typeof position === 'number' && Number.isFinite(position) ? position : 0,
      event: message.event,
      reason: message.reason,
      deliveryCount: message.deliveryCount,
      parkedAt: message.parkedAt,
    });
  }

  /** Forgets a parked event; false when it was not parked. */
  async remove(message: Pick<ParkedMessage, 'durableName' | 'event'>): Promise<boolean> {
    return this.#collection.delete(documentId(message.durableName, eventKey(message.event)));
  }

  /** Parked events by durable name, then in log order. */
  async list(filter: ParkedEventFilter = {}): Promise<ParkedMessage[]> {
    const docs = await this.#collection.find(toQuery(filter), {
      sort: [
        ['durableName', 'asc'],
        ['position', 'asc'],
      ],
    });
    return docs.map(({ durableName, event, reason, deliveryCount, parkedAt }) => ({
      durableName,
      event,
      reason,
      deliveryCount,
      parkedAt,
    }));
  }

  /**
   * Erases the personal fields of the events parked from the given streams (an erased
   * customer's orders), as the log now reads them; the rest of each parked event stays, so it
   * can still be retried. Resolves with how many were rewritten.
   */
  async erasePersonalData(streamIds: ReadonlySet<string>): Promise<number> {
    let rewritten = 0;
    for (const doc of await this.#collection.find({})) {
      const event = doc.event as Partial<ParkedMessage['event']> | undefined;
      if (typeof event?.streamId !== 'string' || !streamIds.has(event.streamId) || typeof event.type !== 'string')
        continue;
      const data = erasePersonalData(event.type, event.data);
      if (data === event.data) continue;
      await this.#collection.put({ ...doc, event: { ...doc.event, data } });
      rewritten += 1;
    }
    return rewritten;
  }

  /** How many parked events match. */
  async count(filter: ParkedEventFilter = {}): Promise<number> {
    return this.#collection.count(toQuery(filter));
  }
}

function toQuery(filter: ParkedEventFilter): Filter {
  return {
    ...(filter.durableName === undefined ? {} : { durableName: filter.durableName }),
    ...(filter.eventId === undefined ? {} : { eventId: filter.eventId }),
  };
}

/**
 * The key of a parked envelope. An invalid one may lack an event id; its content then stands
 * in, so parking the same broken message twice still gives one document.
 */
function eventKey(event: unknown): string {
  const eventId = (event as { eventId?: unknown } | undefined)?.eventId;
  if (typeof eventId === 'string' && eventId.length > 0) return eventId;
  const digest = createHash('sha256')
    .update(JSON.stringify(event) ?? String(event))
    .digest('hex');
  return `invalid-${digest.slice(0, 24)}`;
}

/** Durable names are encoded so that no name/id pair can collide with another. */
function documentId(durableName: string, eventId: string): string {
  return `${encodeURIComponent(durableName)}/${eventId}`;
}
