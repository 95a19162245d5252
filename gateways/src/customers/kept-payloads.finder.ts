import {
  type CustomerIdentifiers,
  carrierParkedStreamId,
  ERASED_MARKER,
  type EventStore,
  intakeStreamId,
  type Json,
  payloadNamesCustomer,
  type ReadStore,
} from '@ordinal/domain';
import {
  ORDER_TRACKING_COLLECTION,
  PARKED_CARRIER_PAYLOADS_COLLECTION,
  PARKED_INTAKE_COLLECTION,
  type ParkedCarrierPayloadDocument,
  type ParkedIntakeDocument,
} from '@ordinal/projections';

/** A parked payload that names a customer. */
export interface KeptPayloadFound {
  /** `intake-…` or `carrier-parked-…`. */
  readonly streamId: string;
  readonly source: 'channel' | 'carrier';
  /** The channel or carrier that sent it. */
  readonly from: string;
  readonly payload: Json;
  readonly receivedAt: string;
}

interface PersonalBits {
  readonly customer?: { readonly name?: unknown; readonly email?: unknown; readonly phone?: unknown };
  readonly shippingAddress?: { readonly name?: unknown; readonly phone?: unknown };
  readonly address?: { readonly name?: unknown; readonly phone?: unknown };
}

const known = (value: unknown): value is string => typeof value === 'string' && value !== '' && value !== ERASED_MARKER;

/**
 * What the customer is known by: their id, and the names, e-mail addresses and phone numbers
 * their orders gave (`OrderPlaced`, `ShippingAddressChanged`), read through the opening store.
 */
export async function customerIdentifiers(
  customerId: string,
  events: EventStore,
  readStore: ReadStore,
): Promise<CustomerIdentifiers> {
  const orders = await readStore
    .collection<{ id: string; orderId: string }>(ORDER_TRACKING_COLLECTION)
    .find({ customerId });
  const names = new Set<string>();
  const emails = new Set<string>();
  const phones = new Set<string>();
  for (const { orderId } of orders) {
    for (const event of await events.readStream(`order-${orderId}`)) {
      if (event.type !== 'OrderPlaced' && event.type !== 'ShippingAddressChanged') continue;
      const data = event.data as PersonalBits;
      for (const part of [data.customer, data.shippingAddress, data.address]) {
        if (known(part?.name)) names.add(part.name);
        if (known(part?.phone)) phones.add(part.phone);
      }
      if (known(data.customer?.email)) emails.add(data.customer.email);
    }
  }
  return { customerId, names: [...names], emails: [...emails], phones: [...phones] };
}

/**
 * The payloads still parked by channel and carrier intake that name the customer (their id,
 * a name, e-mail or phone of their orders, as a whole value anywhere in the payload), from
 * the parked views. What an erasure destroys with the customer's keys, and what an access
 * request shows.
 */
export async function keptPayloadsNaming(
  customerId: string,
  events: EventStore,
  readStore: ReadStore,
): Promise<KeptPayloadFound[]> {
  const who = await customerIdentifiers(customerId, events, readStore);
  const channel = await readStore
    .collection<ParkedIntakeDocument>(PARKED_INTAKE_COLLECTION)
    .find({ status: 'parked' }, { sort: [['firstReceivedAt', 'asc']] });
  const carrier = await readStore
    .collection<ParkedCarrierPayloadDocument>(PARKED_CARRIER_PAYLOADS_COLLECTION)
    .find({ status: 'parked' }, { sort: [['firstReceivedAt', 'asc']] });
  const naming = <D extends { id: string; payload: Json; receivedAt: string }>(
    docs: readonly D[],
    source: KeptPayloadFound['source'],
    streamIdOf: (id: string) => string,
    fromOf: (doc: D) => string,
  ): KeptPayloadFound[] =>
    docs
      .filter((doc) => payloadNamesCustomer(doc.payload, who))
      .map((doc) => ({
        streamId: streamIdOf(doc.id),
        source,
        from: fromOf(doc),
        payload: doc.payload,
        receivedAt: doc.receivedAt,
      }));
  return [
    ...naming(channel, 'channel', intakeStreamId, (doc) => doc.channel),
    ...naming(carrier, 'carrier', carrierParkedStreamId, (doc) => doc.carrier),
  ];
}
