import type {
  CarrierMappingState,
  CarrierParkedCommand,
  CarrierParkedState,
  OrderCommand,
  OrderState,
  PublishCarrierMapping,
} from '@ordinal/domain';
import type { AggregateHost } from '../channels/channel-hosts.ts';

/** What carrier intake needs; the composition root hands in actor hosts on the event store and the secrets. */
export interface CarrierDeps {
  /** The shared secret of each carrier; a carrier without one is not served. */
  readonly secrets: ReadonlyMap<string, string>;
  /** The order host: a payload's scans are planned on the order's state there, never on the read side's. */
  readonly orders: AggregateHost<OrderCommand, OrderState>;
  /** Each carrier's scan mapping versions. */
  readonly mappings: AggregateHost<PublishCarrierMapping, CarrierMappingState>;
  /** Payloads that could not be recorded, kept for a retry. */
  readonly parked: AggregateHost<CarrierParkedCommand, CarrierParkedState>;
  /** The mapping documents published as version 1 of a carrier on its first use (default: the shipped ones). */
  readonly defaults?: ReadonlyMap<string, unknown>;
}
