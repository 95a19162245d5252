import type { ActorRef } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/event.ts';
import type { CarrierMappingDocument } from './carrier-scan.types.ts';

/** The stream category of carrier scan mappings: `carrier-mapping-<carrier>`. */
export const CARRIER_MAPPING_CATEGORY = 'carrier-mapping';

/** Publishes a scan mapping as the carrier's next version (version = previous + 1). */
export interface PublishCarrierMapping {
  readonly type: 'PublishCarrierMapping';
  readonly carrier: string;
  /** Checked by `validateCarrierMapping`; its `version` must be the next one. */
  readonly document: unknown;
  readonly publishedBy: ActorRef;
}

/** A scan mapping version became the carrier's active one; the whole document is in the event. */
export type CarrierMappingPublished = DomainEvent<
  'CarrierMappingPublished',
  {
    readonly carrier: string;
    readonly version: number;
    readonly document: CarrierMappingDocument;
    readonly publishedBy: ActorRef;
  }
>;

/** Every carrier mapping event type. */
export const CARRIER_MAPPING_EVENT_TYPES = ['CarrierMappingPublished'] as const;

/** Every published version of one carrier's scan mapping, oldest first; the last is active. */
export interface CarrierMappingState {
  readonly versions: readonly CarrierMappingDocument[];
}

/** The stream of a carrier's scan mappings. */
export function carrierMappingStreamId(carrier: string): string {
  return `${CARRIER_MAPPING_CATEGORY}-${carrier}`;
}
