import type { DomainEvent } from '../shared/event.ts';
import type { Json, MappingError } from './channel-mapping.types.ts';

/** The stream category of channel payloads kept for a retry: `intake-<channel>-<id>`. */
export const INTAKE_CATEGORY = 'intake';

/** Keeps a payload the channel's mapping could not map, with every error. */
export interface ParkChannelPayload {
  readonly type: 'ParkChannelPayload';
  /** `<channel>-<external order id or payload hash>`. */
  readonly intakeId: string;
  readonly channel: string;
  readonly mappingVersion: number;
  readonly payload: Json;
  readonly errors: readonly MappingError[];
}

/** Records that a parked payload was mapped and became an order. */
export interface AcceptChannelPayload {
  readonly type: 'AcceptChannelPayload';
  readonly intakeId: string;
  readonly orderId: string;
  readonly mappingVersion: number;
}

/** Commands of the intake aggregate. */
export type ChannelIntakeCommand = ParkChannelPayload | AcceptChannelPayload;

/** A payload could not be mapped and is kept, raw, with why. */
export type ChannelPayloadParked = DomainEvent<
  'ChannelPayloadParked',
  {
    readonly channel: string;
    readonly mappingVersion: number;
    readonly payload: Json;
    readonly errors: readonly MappingError[];
    readonly receivedAt: string;
  }
>;

/** A parked payload was mapped by a later mapping version and placed as an order. */
export type ChannelPayloadAccepted = DomainEvent<
  'ChannelPayloadAccepted',
  { readonly orderId: string; readonly mappingVersion: number }
>;

/** Events of the intake aggregate. */
export type ChannelIntakeEvent = ChannelPayloadParked | ChannelPayloadAccepted;

/** Every intake event type. */
export const CHANNEL_INTAKE_EVENT_TYPES = ['ChannelPayloadParked', 'ChannelPayloadAccepted'] as const;

/** A parked payload's state: none yet, parked (with the latest attempt), or accepted. */
export type ChannelIntakeState =
  | { readonly status: 'none' }
  | { readonly status: 'parked'; readonly parked: ChannelPayloadParked['data'] }
  | { readonly status: 'accepted'; readonly parked: ChannelPayloadParked['data']; readonly orderId: string };

/** The stream of a parked payload. */
export function intakeStreamId(intakeId: string): string {
  return `${INTAKE_CATEGORY}-${intakeId}`;
}
