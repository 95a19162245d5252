import type { FieldRule } from '../channels/channel-mapping.types.ts';
import type { TimeWindow } from '../order/order.types.ts';

/** What a carrier's scan says happened to a parcel, in the carrier-neutral vocabulary. */
export type CarrierScanKind = 'handed-over' | 'in-transit' | 'out-for-delivery' | 'delivered' | 'failed-attempt';

/** Every scan kind, in the order a parcel normally meets them. */
export const CARRIER_SCAN_KINDS: readonly CarrierScanKind[] = [
  'handed-over',
  'in-transit',
  'out-for-delivery',
  'failed-attempt',
  'delivered',
];

/** One carrier scan as a mapping produces it. */
export interface CarrierScan {
  readonly carrierEventId: string;
  readonly trackingNumber: string;
  readonly kind: CarrierScanKind;
  readonly occurredAt: string;
  readonly location?: string;
  readonly estimatedDelivery?: TimeWindow;
  readonly reason?: string;
  readonly receivedBy?: string;
}

/**
 * A carrier's declarative mapping from its push payload to scans: `each` names the array of
 * scans in the payload (absent: the payload is one scan); `fields` fill the scan's targets.
 */
export interface CarrierMappingDocument {
  readonly carrier: string;
  readonly version: number;
  readonly description: string;
  readonly each?: string;
  readonly fields: Readonly<Record<string, FieldRule>>;
}
