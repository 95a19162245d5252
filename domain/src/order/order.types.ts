import type { Coordinates } from '../inventory/location.types.ts';
import type { RoutingDecision } from '../routing/routing.decision.ts';
import type { RoutingInput } from '../routing/routing.types.ts';
import type { Money } from '../shared/money.ts';

/** A postal address. Country is ISO 3166-1 alpha-2. */
export interface Address {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly region?: string;
  readonly postalCode: string;
  readonly country: string;
  readonly phone?: string;
  /**
   * Where the address is (WGS 84 decimal degrees, lat -90 to 90, lng -180 to 180), when the
   * channel knows it; routing then measures distances from it instead of geocoding the address.
   */
  readonly coordinates?: Coordinates;
}

/** The buyer as the order knows them. Contact fields are personal data (masked in views). */
export interface Customer {
  readonly customerId: string;
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly tier?: string;
}

/** Where the sale happened and which channel gets the credit (first touch). */
export interface SalesChannel {
  /** The channel that took the order: `tmall`, `douyin`, `pinduoduo`, `shopify`, `webshop`, `pos`… */
  readonly salesChannel: string;
  /** The channel the sale is attributed to; defaults to the sales channel. */
  readonly attributedChannel?: string;
  /** The order's id in the channel's own system. */
  readonly externalOrderId?: string;
}

/** One line of an order. */
export interface OrderLine {
  readonly lineId: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  /** A line a rule added at no charge (`RulesApplied`); absent on the lines ordered. */
  readonly gift?: boolean;
}

/** Quantity of one line, e.g. in a shipment, a cancellation or a return. */
export interface LineQuantity {
  readonly lineId: string;
  readonly quantity: number;
}

/** The location that fulfils part of an order, and which quantities it ships. */
export interface Allocation {
  readonly shipmentId: string;
  readonly locationId: string;
  readonly lines: readonly LineQuantity[];
  /** Carrier service planned for it: `standard`, `express`, `store-pickup`… */
  readonly service?: string;
}

/**
 * Why a location gives an allocated shipment back: `rejected` when it refuses the work (no
 * staff, damaged stock), `failed` when the allocation can no longer hold (its reservation
 * expired). Both withdraw the allocation and the order is routed again without that location.
 */
export type AllocationRejectionKind = 'rejected' | 'failed';

/** Every allocation rejection kind. */
export const ALLOCATION_REJECTION_KINDS = ['rejected', 'failed'] as const satisfies readonly AllocationRejectionKind[];

/** A delivery time window (ISO 8601 instants). */
export interface TimeWindow {
  readonly from: string;
  readonly to: string;
}

/** Stock held at one location for one line of an order, by the SKU's inventory stream. */
export interface StockReservationRef {
  readonly reservationId: string;
  readonly sku: string;
  readonly lineId: string;
  readonly locationId: string;
  readonly quantity: number;
}

/**
 * Why an allocation is what it is: the routing engine's input (stock seen, capacity left,
 * coordinates, the locations excluded after a rejection), its decision (every candidate's
 * factors, the policy version, the plan, the explanation in words) and the reservations taken
 * for the plan. Recorded in full so a replay or an audit never consults live stock.
 */
export interface OrderRouting {
  /** 1 for the first routing of the order, then one more for each re-routing. */
  readonly attempt: number;
  readonly input: RoutingInput;
  readonly decision: RoutingDecision;
  readonly reservations: readonly StockReservationRef[];
}

/** One order of a consolidation: its shipment at the shared location, and when it was placed. */
export interface ConsolidationMember {
  readonly orderId: string;
  readonly shipmentId: string;
  readonly placedAt: string;
}

/**
 * What a consolidation was decided on: the customer, the normalised address key every member
 * shares (`consolidationAddressKey`), the window their placements fall within, and the clock.
 */
export interface ConsolidationBasis {
  readonly customerId: string;
  readonly addressKey: string;
  readonly windowMinutes: number;
  readonly decidedAt: string;
}
