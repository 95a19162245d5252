import { CARRIER_NAME, CARRIER_PARK_REASONS, CARRIER_SCAN_KINDS } from '@ordinal/domain';
import { Type } from 'typebox';
import { closed } from '../orders/order-values.schemas.ts';

/** `:carrier` in a path. */
export const CarrierParams = closed({ carrier: Type.String({ pattern: CARRIER_NAME.source }) });

/** `:id` of a parked payload. */
export const ParkIdParams = closed({ id: Type.String({ minLength: 3, maxLength: 200 }) });

/** `?version=` of a mapping. */
export const CarrierMappingVersionQuery = closed({ version: Type.Optional(Type.Integer({ minimum: 1 })) });

/** A carrier scan mapping as sent to `POST`: checked in full by the domain, so every problem is told at once. */
export const CarrierMappingBody = Type.Object({}, { additionalProperties: true, title: 'CarrierMappingBody' });

/** One version of a carrier's scan mapping. */
export const CarrierMappingAnswer = closed(
  {
    carrier: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    activeVersion: Type.Integer({ minimum: 1 }),
    document: Type.Object({}, { additionalProperties: true }),
  },
  { title: 'CarrierMappingVersion' },
);

/** The carrier's signature of the raw body (checked by the route, so a missing one is a 401, not a 400). */
export const CarrierHeaders = Type.Object(
  {
    'x-ordinal-signature': Type.Optional(
      Type.String({ description: '`sha256=<hex>`: HMAC-SHA256 of the raw body under the carrier’s shared secret.' }),
    ),
  },
  { additionalProperties: true },
);

const ScanOutcomeSchema = closed({
  carrierEventId: Type.String(),
  trackingNumber: Type.String(),
  kind: Type.String({ description: `One of ${CARRIER_SCAN_KINDS.join(', ')}.` }),
  orderId: Type.String(),
  shipmentId: Type.String(),
  recorded: Type.Boolean({ description: 'The scan was written now.' }),
  applied: Type.Boolean({ description: 'The scan moved the shipment; false when it was only recorded.' }),
  duplicate: Type.Boolean({ description: 'The scan had been taken before; nothing was written for it.' }),
  shipmentStatus: Type.String(),
  reason: Type.Optional(Type.Literal('order-closed', { description: 'Not recorded: the order is closed.' })),
});

/** The answer to a carrier's scans: what became of each. */
export const ScansRecorded = closed(
  {
    carrier: Type.String(),
    mappingVersion: Type.Integer({ minimum: 1 }),
    /** True when every scan of the payload had been taken before. */
    duplicate: Type.Boolean(),
    scans: Type.Array(ScanOutcomeSchema),
    parkId: Type.Optional(Type.String({ description: 'On a retry: the parked payload now recorded.' })),
  },
  { title: 'ScansRecorded' },
);

/** The answer to a payload that was parked: the carrier need not send it again. */
export const ScansParked = closed(
  {
    parked: Type.Literal(true),
    parkId: Type.String(),
    reason: Type.Enum([...CARRIER_PARK_REASONS]),
  },
  { title: 'ScansParked' },
);

/** `?carrier=&status=&reason=` of the parked list. */
export const ParkedCarrierFilter = closed({
  carrier: Type.Optional(Type.String({ pattern: CARRIER_NAME.source })),
  status: Type.Optional(
    Type.Union([Type.Literal('parked'), Type.Literal('taken'), Type.Literal('erased')], { default: 'parked' }),
  ),
  reason: Type.Optional(Type.Enum([...CARRIER_PARK_REASONS])),
});

const ParkedEntry = closed({
  id: Type.String(),
  carrier: Type.String(),
  status: Type.String(),
  reason: Type.String(),
  details: Type.Object({}, { additionalProperties: true }),
  trackingNumbers: Type.Array(Type.String()),
  mappingVersion: Type.Integer(),
  payload: Type.Unknown(),
  firstReceivedAt: Type.String(),
  receivedAt: Type.String(),
  attempts: Type.Integer(),
  orderIds: Type.Optional(Type.Array(Type.String())),
  takenAt: Type.Optional(Type.String()),
  erasedAt: Type.Optional(
    Type.String({ description: 'When the erasure of a customer it named took it out of the queue.' }),
  ),
});

/** Parked carrier payloads, oldest first. */
export const ParkedCarrierList = closed(
  { count: Type.Integer(), items: Type.Array(ParkedEntry) },
  { title: 'ParkedCarrierPayloads' },
);
