import { ROLES } from '@ordinal/domain';
import { Type } from 'typebox';
import { closed, Id, Instant } from './order-values.schemas.ts';

/** Path parameters of the routes about one order. */
export const OrderIdParams = closed({ orderId: Id });

/** Answer to `POST /orders`. */
export const PlacedOrderSchema = closed(
  { orderId: Id, revision: Type.Integer({ minimum: 1 }) },
  { title: 'PlacedOrder' },
);

const RoleSchema = Type.Enum(ROLES);

/** Who or what caused an event. */
export const ActorSchema = Type.Union(
  [
    closed({ kind: Type.Literal('user'), id: Type.String(), role: RoleSchema }),
    closed({ kind: Type.Literal('role'), role: RoleSchema }),
    closed({ kind: Type.Literal('system'), component: Type.String() }),
  ],
  { title: 'Actor' },
);

export const EventMetadataSchema = closed(
  {
    schemaVersion: Type.Integer(),
    occurredAt: Instant,
    correlationId: Type.String(),
    causationId: Type.String(),
    actor: ActorSchema,
    channel: Type.Optional(Type.String()),
    commandId: Type.Optional(Type.String()),
    commandHash: Type.Optional(Type.String()),
    inputVersions: Type.Optional(
      Type.Record(Type.String(), Type.Integer(), {
        description: 'Versions of the definitions the command was built with (e.g. the channel mapping), by stream.',
      }),
    ),
    import: Type.Optional(
      closed(
        {
          source: Type.String(),
          runId: Type.String(),
          record: Type.Optional(Type.String()),
          alerts: Type.Optional(Type.Literal(true)),
        },
        { description: 'Present when the event was recorded by a bulk import of history (docs/import.md).' },
      ),
    ),
  },
  { title: 'EventMetadata' },
);

/** An event as recorded; `occurredAt` repeats the metadata's business time for convenience. */
export const RecordedEventSchema = closed(
  {
    eventId: Type.String(),
    type: Type.String({ description: 'Past-tense event type, e.g. OrderPlaced (see docs/events.md).' }),
    streamId: Type.String(),
    revision: Type.Integer({ minimum: 1 }),
    position: Type.Integer({ minimum: 1 }),
    occurredAt: Instant,
    recordedAt: Instant,
    data: Type.Object({}, { additionalProperties: true, description: 'The event type’s fields.' }),
    metadata: EventMetadataSchema,
    hash: Type.Optional(
      Type.String({ description: "The event's chain hash (docs/audit.md); `ordinal verify` checks it." }),
    ),
  },
  { title: 'RecordedEvent' },
);

/** Answer to a command: the stream's revision after it and the events it recorded. */
export const CommandResultSchema = closed(
  { revision: Type.Integer({ minimum: 1 }), events: Type.Array(RecordedEventSchema) },
  { title: 'CommandResult' },
);

/** Answer to `GET /orders/:orderId/events`. */
export const OrderHistorySchema = closed(
  { orderId: Id, revision: Type.Integer({ minimum: 1 }), events: Type.Array(RecordedEventSchema) },
  { title: 'OrderHistory' },
);

export const OrderStatusSchema = closed(
  { main: Type.String(), payment: Type.String(), returns: Type.String() },
  { title: 'OrderStatus', description: 'Status per region; main is dotted, e.g. fulfilment.inTransit.' },
);

/** `?revision=N` or `?at=<instant>`, not both. */
export const OrderStateQuery = closed({
  revision: Type.Optional(Type.Integer({ minimum: 1, description: 'State after the first N events.' })),
  at: Type.Optional(Type.String({ format: 'date-time', description: 'State as of this business time.' })),
});

/** The order as the machine saw it after a given event. */
export const OrderStateSchema = closed(
  {
    orderId: Id,
    revision: Type.Integer({ minimum: 1 }),
    occurredAt: Instant,
    value: Type.Unknown({ description: 'The machine’s state value (nested regions).' }),
    status: OrderStatusSchema,
    context: Type.Object({}, { additionalProperties: true, description: 'The machine’s context (plain JSON).' }),
    allowedCommands: Type.Array(Type.String()),
  },
  { title: 'OrderState' },
);
