import {
  type InventoryCommandOf,
  type InventoryCommandType,
  LOCATION_CAPABILITIES,
  LOCATION_KINDS,
  type Location,
} from '@ordinal/domain';
import type { Static, TProperties, TSchema } from 'typebox';
import { Type } from 'typebox';
import { COUNTRY_PATTERN } from '../http/patterns.ts';
import { closed, Id, Instant, Label, nullable, served, Text } from '../orders/order-values.schemas.ts';

/** Path parameters of the routes about one SKU. */
export const SkuParams = closed({ sku: Id });

/** Path parameters of the routes about one location. */
export const LocationIdParams = closed({ locationId: Id });

const Quantity = Type.Integer({ minimum: 1, description: 'Units, a positive integer.' });

function command<T extends InventoryCommandType, P extends TProperties>(type: T, description: string, properties: P) {
  return closed({ type: Type.Literal(type), ...properties }, { title: type, description });
}

/** One schema per inventory command: the command without `sku` (it is in the path). */
export const INVENTORY_COMMAND_BODIES = {
  ReceiveStock: command('ReceiveStock', 'Goods arrived at a location.', {
    locationId: Id,
    quantity: Quantity,
    reference: Label,
  }),
  AdjustStock: command('AdjustStock', 'Corrects on hand by a signed delta (never below what is reserved).', {
    locationId: Id,
    delta: Type.Integer({ not: { const: 0 }, description: 'Units to add (positive) or remove (negative).' }),
    reason: Text,
  }),
  ReserveStock: command('ReserveStock', 'Holds units at a location for an order line (ops and processes).', {
    reservationId: Id,
    orderId: Id,
    lineId: Id,
    locationId: Id,
    quantity: Quantity,
    expiresAt: Instant,
  }),
  ReleaseReservation: command('ReleaseReservation', 'Gives a reservation’s units back.', {
    reservationId: Id,
    reason: Text,
  }),
  CommitReservation: command('CommitReservation', 'The reserved units left with a shipment.', {
    reservationId: Id,
    shipmentId: Id,
  }),
  ExpireReservations: command('ExpireReservations', 'Releases every reservation past its expiry.', {}),
} satisfies { [T in InventoryCommandType]: TSchema };

type Bodies = typeof INVENTORY_COMMAND_BODIES;

/** A command body as validated. */
export type InventoryCommandBodyValue = Static<Bodies[keyof Bodies]>;

/** The body of `POST /inventory/:sku/commands`: one inventory command, told apart by `type`. */
export const InventoryCommandBody = Type.Unsafe<InventoryCommandBodyValue>(
  Type.Union(Object.values(INVENTORY_COMMAND_BODIES), {
    title: 'InventoryCommand',
    description: 'One inventory command; `type` names it and decides which other fields apply.',
  }),
);

// Compile-time proof that each schema, completed with the sku, is the domain's command.
type Completes<T extends InventoryCommandType> =
  Static<Bodies[T]> & { readonly sku: string } extends InventoryCommandOf<T> ? never : T;
type Mismatch = { [T in keyof Bodies]: Completes<T> }[keyof Bodies];
const _schemasMatchDomain: [Mismatch] extends [never] ? true : Mismatch = true;

const CoordinatesSchema = closed(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { title: 'Coordinates' },
);

const locationFields = {
  name: Label,
  kind: Type.Enum(LOCATION_KINDS),
  coordinates: CoordinatesSchema,
  region: Label,
  country: Type.String({ pattern: COUNTRY_PATTERN, description: 'ISO 3166-1 alpha-2, e.g. CN.' }),
  capabilities: Type.Array(Type.Enum(LOCATION_CAPABILITIES), { uniqueItems: true }),
  dailyCapacity: Type.Integer({ minimum: 0, description: 'Shipments per day.' }),
  active: Type.Boolean(),
};

/** The body of `POST /locations`: RegisterLocation. */
export const RegisterLocationBody = closed(
  { locationId: Id, ...locationFields },
  { title: 'RegisterLocation', description: 'Registers a warehouse or store.' },
);

/** The body of `PUT /locations/:locationId`: the complete new data (UpdateLocation). */
export const UpdateLocationBody = closed(locationFields, {
  title: 'UpdateLocation',
  description: 'Replaces a location’s data; send every field.',
});

const _registerIsLocation: Static<typeof RegisterLocationBody> extends Location ? true : never = true;

const figures = {
  onHand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer(),
};

/** A location as served (the recorded data, without the input bounds). */
export const LocationSchema = served(
  closed(
    {
      id: Type.String(),
      revision: Type.Integer({ minimum: 1 }),
      locationId: Id,
      ...locationFields,
      registeredAt: Instant,
      updatedAt: Instant,
    },
    { title: 'Location' },
  ),
);

/** Answer to `GET /locations`. */
export const LocationListSchema = closed({ locations: Type.Array(LocationSchema) }, { title: 'LocationList' });

/** Answer to `POST /locations`. */
export const RegisteredLocationSchema = closed(
  { locationId: Id, revision: Type.Integer({ minimum: 1 }) },
  { title: 'RegisteredLocation' },
);

/** Answer to `GET /inventory/:sku`. */
export const InventoryViewSchema = closed(
  {
    sku: Type.String(),
    revision: Type.Integer({ minimum: 1 }),
    updatedAt: Instant,
    locations: Type.Array(
      closed({
        locationId: Type.String(),
        name: nullable(Type.String()),
        kind: nullable(Type.String()),
        region: nullable(Type.String()),
        ...figures,
      }),
    ),
    regions: Type.Array(closed({ region: nullable(Type.String()), ...figures })),
    totals: closed(figures),
  },
  {
    title: 'Inventory',
    description:
      'Per location with its name, kind and region (null for a location not registered), per region, and overall.',
  },
);

/** The inventory view as served. */
export type InventoryView = Static<typeof InventoryViewSchema>;
