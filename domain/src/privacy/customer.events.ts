import type { ActorRef } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/event.ts';

/** The stream category of customers: `customer-<customerId>`, holding erasures and consent, no personal data. */
export const CUSTOMER_CATEGORY = 'customer';

/** The stream of one customer. */
export function customerStreamId(customerId: string): string {
  return `${CUSTOMER_CATEGORY}-${customerId}`;
}

/** Erases the customer's personal data: their key is destroyed once this is recorded. */
export interface EraseCustomer {
  readonly type: 'EraseCustomer';
  readonly customerId: string;
  /** Why (the request's reference, the law it answers): required, kept for auditors. */
  readonly reason: string;
  /**
   * The kept payloads (`intake-…`, `carrier-parked-…` streams) found to name the customer while
   * still parked: their keys are destroyed with the customer's.
   */
  readonly payloads?: readonly string[];
}

/** The customer agrees to be contacted for `purpose` over `channel`. */
export interface GiveConsent {
  readonly type: 'GiveConsent';
  readonly customerId: string;
  readonly purpose: string;
  readonly channel: string;
  /** Where the consent was taken: a form, a checkbox in a channel, a call. */
  readonly source: string;
}

/** The customer takes a consent back. */
export interface WithdrawConsent {
  readonly type: 'WithdrawConsent';
  readonly customerId: string;
  readonly purpose: string;
  readonly channel: string;
  readonly source: string;
}

/** Commands of the customer aggregate. */
export type CustomerCommand = EraseCustomer | GiveConsent | WithdrawConsent;

/**
 * The customer's personal data was erased: `erasedBy` asked for it at `erasedAt` for `reason`,
 * with the parked payloads found to name them (`payloads`, stream ids; absent before parked
 * payloads were sealed). The audited record of an erasure; it holds no personal data itself.
 */
export type CustomerErased = DomainEvent<
  'CustomerErased',
  {
    readonly customerId: string;
    readonly reason: string;
    readonly erasedBy: ActorRef;
    readonly erasedAt: string;
    readonly payloads?: readonly string[];
  }
>;

/** What a consent event records: the purpose, the channel, where it was taken and when. */
export interface ConsentData {
  readonly customerId: string;
  readonly purpose: string;
  readonly channel: string;
  readonly source: string;
  readonly at: string;
}

/** The customer agreed to be contacted for a purpose over a channel. */
export type ConsentGiven = DomainEvent<'ConsentGiven', ConsentData>;

/** The customer took back a consent. */
export type ConsentWithdrawn = DomainEvent<'ConsentWithdrawn', ConsentData>;

/** Events of the customer aggregate. */
export type CustomerEvent = CustomerErased | ConsentGiven | ConsentWithdrawn;

/** Every customer event type. */
export const CUSTOMER_EVENT_TYPES = ['CustomerErased', 'ConsentGiven', 'ConsentWithdrawn'] as const;

/** One consent as it stands. */
export interface ConsentState {
  readonly purpose: string;
  readonly channel: string;
  readonly granted: boolean;
  readonly source: string;
  /** When it was last given or withdrawn. */
  readonly changedAt: string;
}

/** A customer as their stream tells: erasures so far and consent per purpose and channel. */
export interface CustomerState {
  readonly erasures: readonly { readonly erasedAt: string; readonly reason: string }[];
  /** By `<purpose>/<channel>`. */
  readonly consents: Readonly<Record<string, ConsentState>>;
}
