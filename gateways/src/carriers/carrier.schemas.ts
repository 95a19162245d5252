import { CARRIER_NAME, CARRIER_SCAN_KINDS } from '@ordinal/domain';
import { Type } from 'typebox';
import { closed } from '../orders/order-values.schemas.ts';

/** `:carrier` in a path. */
export const CarrierParams = closed({ carrier: Type.String({ pattern: CARRIER_NAME.source }) });

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
  applied: Type.Boolean({ description: 'The scan moved the shipment; false when it was only recorded.' }),
  duplicate: Type.Boolean({ description: 'The scan had been taken before; nothing was written.' }),
  shipmentStatus: Type.String(),
});

/** The answer to a carrier's scans: what became of each. */
export const ScansRecorded = closed(
  {
    carrier: Type.String(),
    /** True when every scan of the payload had been taken before. */
    duplicate: Type.Boolean(),
    scans: Type.Array(ScanOutcomeSchema),
  },
  { title: 'ScansRecorded' },
);
