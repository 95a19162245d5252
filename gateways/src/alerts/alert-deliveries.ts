import type { Document, ReadStore } from '@ordinal/domain';

/** Collection of the alert delivery log: one document per notification and target. */
export const ALERT_DELIVERIES_COLLECTION = 'alertDeliveries';

/** One try to hand a notification over. */
export interface DeliveryAttempt {
  readonly attempt: number;
  readonly at: string;
  /** `delivered`, or `failed` with why (HTTP status, network error, SMTP answer). */
  readonly outcome: 'delivered' | 'failed';
  readonly status?: number;
  readonly error?: string;
  /** When the next try is due (absent: none). */
  readonly retryAt?: string;
}

/** `pending` while tries go on; `delivered`; `gave-up` after the last try or a refusal that no retry mends. */
export type DeliveryStatus = 'pending' | 'delivered' | 'gave-up';

/** A notification of one alert event to one target, with every attempt. */
export interface AlertDeliveryDocument extends Document {
  readonly alertId: string;
  /** The alert event notified: `AlertRaised`, `AlertResolved`. */
  readonly event: string;
  readonly eventId: string;
  readonly channel: 'webhook' | 'email';
  /** The webhook URL, or the e-mail addresses. */
  readonly target: string;
  readonly status: DeliveryStatus;
  readonly attempts: readonly DeliveryAttempt[];
}

/**
 * The delivery log on the read store. It belongs to no projection (a rebuild never clears it,
 * so a rebuild never sends anything again); only the notifier writes it.
 */
export class AlertDeliveryLog {
  readonly #store: ReadStore;

  constructor(store: ReadStore) {
    this.#store = store;
  }

  #collection() {
    return this.#store.collection<AlertDeliveryDocument>(ALERT_DELIVERIES_COLLECTION);
  }

  async setup(): Promise<void> {
    await this.#collection().ensureIndex(['alertId']);
  }

  get(id: string): Promise<AlertDeliveryDocument | undefined> {
    return this.#collection().get(id);
  }

  async put(doc: AlertDeliveryDocument): Promise<void> {
    await this.#collection().put(doc);
  }

  /** Every delivery of an alert, in the order the events were notified. */
  async ofAlert(alertId: string): Promise<AlertDeliveryDocument[]> {
    return this.#collection().find({ alertId }, { sort: [['id', 'asc']] });
  }
}
