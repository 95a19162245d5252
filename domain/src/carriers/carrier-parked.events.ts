import type { Json, MappingError } from '../channels/channel-mapping.types.ts';
import type { DomainEvent } from '../shared/event.ts';

/** The stream category of carrier payloads kept for a retry: `carrier-parked-<carrier>-<hash>`. */
export const CARRIER_PARKED_CATEGORY = 'carrier-parked';

/**
 * Why a carrier's payload was parked instead of recorded: a tracking number no dispatched
 * shipment has (yet), a payload the carrier's mapping cannot read, or a scan the order refused.
 */
export type CarrierParkReason = 'unknown-tracking-number' | 'unmappable' | 'scan-refused';

/** Every park reason. */
export const CARRIER_PARK_REASONS: readonly CarrierParkReason[] = [
  'unknown-tracking-number',
  'unmappable',
  'scan-refused',
];

/** What was found wrong: the unknown tracking numbers, the mapping's errors or the order's refusal. */
export interface CarrierParkDetails {
  readonly trackingNumbers?: readonly string[];
  readonly errors?: readonly MappingError[];
  readonly rejection?: { readonly code: string; readonly message: string; readonly field?: string };
}

/** Keeps a carrier payload that could not be recorded, raw, with why. */
export interface ParkCarrierPayload {
  readonly type: 'ParkCarrierPayload';
  readonly parkId: string;
  readonly carrier: string;
  readonly mappingVersion: number;
  readonly payload: Json;
  readonly reason: CarrierParkReason;
  readonly details: CarrierParkDetails;
}

/** Records that a parked payload was recorded on its orders after all. */
export interface TakeCarrierPayload {
  readonly type: 'TakeCarrierPayload';
  readonly parkId: string;
  readonly mappingVersion: number;
  readonly orderIds: readonly string[];
}

/** Commands of the parked carrier payload aggregate. */
export type CarrierParkedCommand = ParkCarrierPayload | TakeCarrierPayload;

/** A carrier payload could not be recorded and is kept, raw, with why. */
export type CarrierPayloadParked = DomainEvent<
  'CarrierPayloadParked',
  {
    readonly carrier: string;
    readonly mappingVersion: number;
    readonly payload: Json;
    readonly reason: CarrierParkReason;
    readonly details: CarrierParkDetails;
    readonly receivedAt: string;
  }
>;

/** A parked payload was recorded on its orders by a retry. */
export type CarrierPayloadTaken = DomainEvent<
  'CarrierPayloadTaken',
  { readonly mappingVersion: number; readonly orderIds: readonly string[] }
>;

/** Events of the parked carrier payload aggregate. */
export type CarrierParkedEvent = CarrierPayloadParked | CarrierPayloadTaken;

/** Every parked carrier payload event type. */
export const CARRIER_PARKED_EVENT_TYPES = ['CarrierPayloadParked', 'CarrierPayloadTaken'] as const;

/** A parked payload: none yet, parked (the latest attempt), or taken. */
export type CarrierParkedState =
  | { readonly status: 'none' }
  | { readonly status: 'parked'; readonly parked: CarrierPayloadParked['data'] }
  | { readonly status: 'taken'; readonly parked: CarrierPayloadParked['data']; readonly orderIds: readonly string[] };

/** The stream of a parked carrier payload. */
export function carrierParkedStreamId(parkId: string): string {
  return `${CARRIER_PARKED_CATEGORY}-${parkId}`;
}
