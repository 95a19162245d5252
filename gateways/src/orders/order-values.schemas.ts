import type { TObjectOptions, TProperties, TSchema } from 'typebox';
import { Type } from 'typebox';
import {
  COUNTRY_PATTERN,
  CURRENCY_PATTERN,
  ID_PATTERN,
  LABEL_PATTERN,
  SINGLE_LINE_PATTERN,
  TEXT_PATTERN,
} from '../http/patterns.ts';

/** An object schema that refuses unknown properties (every API schema is closed). */
export function closed<P extends TProperties>(properties: P, options: TObjectOptions = {}) {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

// What only an input needs: served documents keep what was recorded, even when it predates a
// bound (and a union branch that failed a bound would make the serializer throw).
const INPUT_ONLY = new Set(['pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems']);

/** The schema of an answer made from input schemas: the same shape without the input bounds. */
export function served<T extends TSchema>(schema: T): T {
  // `names` marks a map of property names to schemas, whose keys are never keywords.
  const relax = (value: unknown, names = false): unknown => {
    if (Array.isArray(value)) return value.map((item) => relax(item));
    if (typeof value !== 'object' || value === null) return value;
    const copy: Record<PropertyKey, unknown> = {};
    for (const key of Reflect.ownKeys(value)) {
      if (!names && typeof key === 'string' && INPUT_ONLY.has(key)) continue;
      copy[key] = relax((value as Record<PropertyKey, unknown>)[key], !names && key === 'properties');
    }
    return copy;
  };
  return relax(schema) as T;
}

/** An identifier chosen by a caller or a channel (order, shipment, payment, return…). */
export const Id = Type.String({ minLength: 1, maxLength: 128, pattern: ID_PATTERN });

/** Free text written by a person (reasons, notes): not blank; line breaks are fine. */
export const Text = Type.String({ minLength: 1, maxLength: 2000, pattern: TEXT_PATTERN });

/** A short label (channel, carrier, tag, role, method, external ids): one line, not blank. */
export const Label = Type.String({ minLength: 1, maxLength: 100, pattern: LABEL_PATTERN });

/** One line of text of at most `maxLength` characters, blank allowed (optional address lines). */
const line = (maxLength: number) => Type.String({ maxLength, pattern: SINGLE_LINE_PATTERN });

/** One line of text that is not blank, of at most `maxLength` characters. */
const filledLine = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: LABEL_PATTERN });

/** The schema or null. */
export const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** An instant, ISO 8601 with time zone. */
export const Instant = Type.String({ format: 'date-time' });

/** An ISO 4217 currency code. */
export const Currency = Type.String({ pattern: CURRENCY_PATTERN, description: 'ISO 4217, e.g. EUR.' });

/** A count of units: at least one (a zero or negative quantity is a malformed request, 400). */
export const Quantity = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/**
 * Money in integer minor units. No amount the API takes can be negative; whether zero is
 * allowed, and the currency of the order, are the domain's call (422).
 */
export const MoneySchema = closed(
  {
    amount: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Integer minor units (cents).' }),
    currency: Currency,
  },
  { title: 'Money' },
);

export const AddressSchema = closed(
  {
    name: Label,
    line1: filledLine(200),
    line2: Type.Optional(line(200)),
    city: Label,
    region: Type.Optional(Label),
    postalCode: filledLine(20),
    country: Type.String({ pattern: COUNTRY_PATTERN, description: 'ISO 3166-1 alpha-2.' }),
    phone: Type.Optional(line(40)),
    coordinates: Type.Optional(
      closed(
        {
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lng: Type.Number({ minimum: -180, maximum: 180 }),
        },
        { description: 'Where the address is (WGS 84 decimal degrees), when known; routing measures from it.' },
      ),
    ),
  },
  { title: 'Address' },
);

export const CustomerSchema = closed(
  {
    customerId: Id,
    name: Type.Optional(Label),
    email: Type.Optional(line(254)),
    phone: Type.Optional(line(40)),
    tier: Type.Optional(Label),
  },
  { title: 'Customer' },
);

export const SalesChannelSchema = closed(
  { salesChannel: Label, attributedChannel: Type.Optional(Label), externalOrderId: Type.Optional(Label) },
  { title: 'SalesChannel' },
);

/** A quantity of one line; whether the line is known and has that much left is the domain's call (422). */
export const LineQuantitySchema = closed({ lineId: Id, quantity: Quantity }, { title: 'LineQuantity' });

export const AllocationSchema = closed(
  { shipmentId: Id, locationId: Id, lines: Type.Array(LineQuantitySchema), service: Type.Optional(Label) },
  { title: 'Allocation' },
);

export const TimeWindowSchema = closed({ from: Instant, to: Instant }, { title: 'TimeWindow' });

export const PlaceOrderLineSchema = closed(
  { lineId: Type.Optional(Id), sku: Label, name: Label, quantity: Quantity, unitPrice: MoneySchema },
  { title: 'PlaceOrderLine' },
);
