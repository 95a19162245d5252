import { CARRIER_PARKED_CATEGORY } from '../carriers/carrier-parked.events.ts';
import { INTAKE_CATEGORY } from '../channels/channel-intake.events.ts';

/**
 * Streams that keep a channel's or carrier's raw document for a retry (`intake-…`,
 * `carrier-parked-…`). Such a document may name a person before anything tells which customer
 * it is, so its personal data is sealed under a key of its own, not a customer's.
 */
export const KEPT_PAYLOAD_CATEGORIES: readonly string[] = [INTAKE_CATEGORY, CARRIER_PARKED_CATEGORY];

/**
 * The events that settle a kept payload (it became an order, its scans were recorded): the
 * payload's key is destroyed once one is recorded, since what it said now lives in the order,
 * sealed under the customer's key.
 */
export const KEPT_PAYLOAD_SETTLING_EVENTS: readonly string[] = ['ChannelPayloadAccepted', 'CarrierPayloadTaken'];

/** Whether the stream keeps a raw payload. */
export function keepsPayload(streamId: string): boolean {
  return KEPT_PAYLOAD_CATEGORIES.some((category) => streamId.startsWith(`${category}-`));
}

/**
 * The key owner a kept payload is sealed for: `#payload:<stream id>`. Customer ids start with a
 * letter or a digit, so this never names a customer.
 */
export function payloadKeyOwner(streamId: string): string {
  return `#payload:${streamId}`;
}

/** What a customer is known by, to find the kept payloads that name them. */
export interface CustomerIdentifiers {
  readonly customerId: string;
  /** Names, e-mail addresses and phone numbers the customer's orders gave. */
  readonly names: readonly string[];
  readonly emails: readonly string[];
  readonly phones: readonly string[];
}

const MIN_PHONE_DIGITS = 6;
const digitsOf = (text: string) => text.replace(/\D/g, '');
const folded = (text: string) => text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Whether a payload names the customer: some value in it, at any depth, is their customer id,
 * one of their names or e-mail addresses (case and spacing aside), or one of their phone
 * numbers (digits alone, at least six). A number counts by its text (a buyer id sent as 12345).
 */
export function payloadNamesCustomer(payload: unknown, who: CustomerIdentifiers): boolean {
  const texts = new Set([who.customerId, ...who.names, ...who.emails].map(folded).filter((text) => text !== ''));
  const phones = new Set(who.phones.map(digitsOf).filter((digits) => digits.length >= MIN_PHONE_DIGITS));
  const names = (value: unknown): boolean => {
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value);
      if (texts.has(folded(text))) return true;
      const digits = digitsOf(text);
      return digits.length >= MIN_PHONE_DIGITS && phones.has(digits);
    }
    if (Array.isArray(value)) return value.some(names);
    if (typeof value === 'object' && value !== null) return Object.values(value).some(names);
    return false;
  };
  return names(payload);
}
