import { CHANNEL_NAME } from '@ordinal/domain';
import { Type } from 'typebox';
import { closed } from '../orders/order-values.schemas.ts';

/** `:channel` in a path. */
export const ChannelParams = closed({ channel: Type.String({ pattern: CHANNEL_NAME.source }) });

/** `:id` of a parked payload. */
export const IntakeIdParams = closed({ id: Type.String({ minLength: 3, maxLength: 200 }) });

/** `?version=` of a mapping. */
export const MappingVersionQuery = closed({ version: Type.Optional(Type.Integer({ minimum: 1 })) });

/** A channel's own order payload: any JSON object, mapped by the channel's active mapping. */
export const ChannelPayload = Type.Object({}, { additionalProperties: true, title: 'ChannelPayload' });

/** A channel mapping as sent to `PUT`: checked in full by the domain, so every problem is told at once. */
export const MappingBody = Type.Object({}, { additionalProperties: true, title: 'ChannelMappingBody' });

const MappingErrorSchema = closed({ field: Type.String(), path: Type.String(), reason: Type.String() });

/** The answer to an order taken from a channel. */
export const ChannelOrderPlaced = closed(
  {
    orderId: Type.String(),
    revision: Type.Integer({ minimum: 1 }),
    mappingVersion: Type.Integer({ minimum: 1 }),
    intakeId: Type.Optional(Type.String()),
  },
  { title: 'ChannelOrderPlaced' },
);

/** One channel and its active mapping version. */
const ChannelSummary = closed({
  channel: Type.String(),
  activeVersion: Type.Integer({ minimum: 1 }),
  description: Type.String(),
});

/** `GET /channels`. */
export const ChannelList = closed({ channels: Type.Array(ChannelSummary) }, { title: 'ChannelList' });

/** A mapping version as served. */
export const MappingAnswer = closed(
  {
    channel: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    activeVersion: Type.Integer({ minimum: 1 }),
    document: Type.Object({}, { additionalProperties: true }),
  },
  { title: 'ChannelMappingVersion' },
);

/** `?channel=&status=` of the parked list. */
export const ParkedFilter = closed({
  channel: Type.Optional(Type.String({ pattern: CHANNEL_NAME.source })),
  status: Type.Optional(
    Type.Union([Type.Literal('parked'), Type.Literal('accepted'), Type.Literal('erased')], { default: 'parked' }),
  ),
});

const ParkedEntry = closed({
  id: Type.String(),
  channel: Type.String(),
  status: Type.String(),
  mappingVersion: Type.Integer(),
  errors: Type.Array(MappingErrorSchema),
  payload: Type.Unknown(),
  firstReceivedAt: Type.String(),
  receivedAt: Type.String(),
  attempts: Type.Integer(),
  orderId: Type.Optional(Type.String()),
  acceptedAt: Type.Optional(Type.String()),
  erasedAt: Type.Optional(
    Type.String({ description: 'When the erasure of a customer it named took it out of the queue.' }),
  ),
});

/** `GET /channels/parked`. */
export const ParkedList = closed({ count: Type.Integer(), items: Type.Array(ParkedEntry) }, { title: 'ParkedIntake' });
