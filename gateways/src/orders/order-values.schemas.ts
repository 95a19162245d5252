import type { TObjectOptions, TProperties } from 'typebox';
import { Type } from 'typebox';

/** An object schema that refuses unknown properties (every API schema is closed). */
export function closed<P extends TProperties>(properties: P, options: TObjectOptions = {}) {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/** An identifier chosen by a caller or a channel (order, shipment, payment, return…). */
export const Id = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$' });

/** Free text written by a person (reasons, notes). */
export const Text = Type.String({ minLength: 1, maxLength: 2000 });

/** A short label (channel, carrier, tag, role, method). */
export const Label = Type.String({ minLength: 1, maxLength: 100 });

/** An instant, ISO 8601 with time zone. */
export const Instant = Type.String({ format: 'date-time' });

/** Money in integer minor units; business rules (currency of the order, sign) belong to the domain. */
export const MoneySchema = closed(
  {
    amount: Type.Integer({ description: 'Integer minor units (cents).' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  },
  { title: 'Money' },
);

export const AddressSchema = closed(
  {
    name: Label,
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Label,
    region: Type.Optional(Label),
    postalCode: Type.String({ minLength: 1, maxLength: 20 }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2.' }),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { title: 'Address' },
);

export const CustomerSchema = closed(
  {
    customerId: Id,
    name: Type.Optional(Label),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    tier: Type.Optional(Label),
  },
  { title: 'Customer' },
);

export const SalesChannelSchema = closed(
  { salesChannel: Label, attributedChannel: Type.Optional(Label), externalOrderId: Type.Optional(Label) },
  { title: 'SalesChannel' },
);

/** Quantities are integers here; whether they are positive and known is the domain's call (422). */
export const LineQuantitySchema = closed({ lineId: Id, quantity: Type.Integer() }, { title: 'LineQuantity' });

export const AllocationSchema = closed(
  { shipmentId: Id, locationId: Id, lines: Type.Array(LineQuantitySchema), service: Type.Optional(Label) },
  { title: 'Allocation' },
);

export const TimeWindowSchema = closed({ from: Instant, to: Instant }, { title: 'TimeWindow' });

export const PlaceOrderLineSchema = closed(
  { lineId: Type.Optional(Id), sku: Label, name: Label, quantity: Type.Integer(), unitPrice: MoneySchema },
  { title: 'PlaceOrderLine' },
);
