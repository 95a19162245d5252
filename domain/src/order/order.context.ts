import type { CarrierScanKind } from '../carriers/carrier-scan.types.ts';
import type { Priority } from '../rules/rule-set.types.ts';
import type { ActorRef } from '../shared/actor.ts';
import type { Money } from '../shared/money.ts';
import type { Address, Customer, LineQuantity, OrderLine, SalesChannel, TimeWindow } from './order.types.ts';

/** An order line with the quantities that happened to it since the order was placed. */
export interface OrderLineState extends OrderLine {
  readonly cancelledQuantity: number;
  readonly dispatchedQuantity: number;
  readonly deliveredQuantity: number;
  readonly returnedQuantity: number;
}

/**
 * Where one shipment stands; `cancelled` when its lines were cancelled or the order was, or when
 * its allocation was withdrawn because a location gave a shipment of it back.
 */
export type ShipmentStatus =
  | 'allocated'
  | 'picking'
  | 'packed'
  | 'shipped'
  | 'inTransit'
  | 'outForDelivery'
  | 'deliveryFailed'
  | 'returnedToSender'
  | 'delivered'
  | 'cancelled';

/**
 * A carrier's scan of a dispatched shipment, as recorded (`CarrierScanRecorded`). `receivedBy`
 * is personal data (masked in views).
 */
export interface ShipmentScan {
  readonly carrier: string;
  readonly carrierEventId: string;
  readonly kind: CarrierScanKind;
  readonly occurredAt: string;
  readonly location?: string;
  readonly estimatedDelivery?: TimeWindow;
  readonly reason?: string;
  readonly receivedBy?: string;
}

/**
 * The consolidated parcel a shipment goes out in with the customer's other orders to the same
 * address: the consolidation, the parcel's id and how many orders share it (this one included).
 * The other orders are named in the recorded event only, never in the order's state.
 */
export interface ShipmentConsolidation {
  readonly consolidationId: string;
  readonly consolidatedShipmentId: string;
  readonly memberCount: number;
  readonly consolidatedAt: string;
}

/** One shipment created by an allocation, with its own status and milestones. */
export interface ShipmentState {
  readonly shipmentId: string;
  readonly locationId: string;
  readonly service?: string;
  readonly lines: readonly LineQuantity[];
  readonly status: ShipmentStatus;
  readonly carrier?: string;
  readonly trackingNumber?: string;
  readonly estimatedDelivery?: TimeWindow;
  readonly lastLocation?: string;
  readonly parcels?: number;
  readonly weightGrams?: number;
  readonly receivedBy?: string;
  readonly deliveryAttempts: number;
  readonly failureReason?: string;
  readonly allocatedAt: string;
  readonly pickingStartedAt?: string;
  readonly packedAt?: string;
  readonly dispatchedAt?: string;
  readonly inTransitAt?: string;
  readonly outForDeliveryAt?: string;
  readonly deliveryFailedAt?: string;
  readonly deliveredAt?: string;
  readonly returnedToSenderAt?: string;
  readonly cancelledAt?: string;
  /** Why the shipment was cancelled when its location gave it back (absent for cancelled lines or orders). */
  readonly cancellationReason?: string;
  /**
   * The carriers' scans, sorted by `occurredAt` then `carrierEventId` (one per carrier event id),
   * so the same scans give the same list in whatever order they arrived.
   */
  readonly scans: readonly ShipmentScan[];
  /** The consolidated parcel it goes out in; absent while it is its own parcel. */
  readonly consolidation?: ShipmentConsolidation;
}

/**
 * One authorized payment and what was captured of it. `voided` is the uncaptured remainder
 * that was released; status is `voided` only when nothing had been captured, so a payment
 * partly captured and then voided stays `captured`.
 */
export interface PaymentState {
  readonly paymentId: string;
  readonly method: string;
  readonly status: 'authorized' | 'captured' | 'voided';
  readonly authorized: Money;
  readonly captured: Money;
  readonly voided?: Money;
  readonly authorizedAt: string;
  readonly capturedAt?: string;
  readonly voidedAt?: string;
}

/** A failed authorization or capture, kept for customer service and risk. */
export interface PaymentFailure {
  readonly paymentId: string;
  readonly stage: 'authorization' | 'capture';
  readonly reason: string;
  readonly at: string;
}

/** A refund that was issued. */
export interface RefundState {
  readonly refundId: string;
  readonly amount: Money;
  readonly reason: string;
  readonly returnId?: string;
  readonly issuedAt: string;
}

/** One return request and how far it got. */
export interface ReturnState {
  readonly returnId: string;
  readonly lines: readonly LineQuantity[];
  readonly reason: string;
  readonly status: 'requested' | 'approved' | 'rejected' | 'received' | 'refunded';
  readonly requestedAt: string;
  readonly decidedAt?: string;
  readonly rejectionReason?: string;
  readonly condition?: 'resellable' | 'damaged' | 'missing-items';
  readonly receivedAt?: string;
  readonly refundId?: string;
  readonly refundedAt?: string;
}

/** A note on the order; `customer` notes may be shown to the buyer. */
export interface NoteState {
  readonly noteId: string;
  readonly text: string;
  readonly visibility: 'internal' | 'customer';
  readonly addedBy: ActorRef;
  readonly addedAt: string;
}

/** The delivery time window the customer chose, and who chose it. */
export interface DeliveryWindowState {
  readonly window: TimeWindow;
  readonly chosenBy: ActorRef;
  readonly chosenAt: string;
}

/** Main lifecycle states a hold can be released back to. */
export type HoldOrigin = 'placed' | 'awaitingApproval' | 'confirmed' | 'allocated';

/** The current or last hold. */
export interface HoldState {
  readonly reason: string;
  readonly facts?: Readonly<Record<string, unknown>>;
  readonly heldFrom: HoldOrigin;
  readonly heldAt: string;
  readonly releasedAt?: string;
  readonly releaseReason?: string;
}

/** One escalation of an approval (ApprovalEscalated). */
export interface ApprovalEscalation {
  readonly fromRole: string;
  readonly toRole: string;
  readonly level: number;
  readonly deadline: string;
  readonly escalatedAt: string;
  readonly rule: string;
}

/** The current or last approval request and its outcome. */
export interface ApprovalState {
  /** The role first asked; after an escalation the approval waits on the last `escalations` entry's `toRole`. */
  readonly role: string;
  readonly reason: string;
  readonly facts?: Readonly<Record<string, unknown>>;
  readonly requestedAt: string;
  /** Absent until the approval is first escalated. */
  readonly escalations?: readonly ApprovalEscalation[];
  readonly decision?: 'approved' | 'rejected';
  /** Who decided, in words (`describeActor`); `role` is the role that was asked to. */
  readonly decidedBy?: string;
  readonly decisionReason?: string;
  readonly decidedAt?: string;
}

/** When the order as a whole reached each stage (absent until it does). */
export interface OrderMilestones {
  readonly placedAt?: string;
  readonly confirmedAt?: string;
  readonly allocatedAt?: string;
  readonly shippedAt?: string;
  readonly deliveredAt?: string;
  readonly cancelledAt?: string;
  readonly completedAt?: string;
  readonly closedAt?: string;
}

/**
 * The order machine's context: everything the order knows, as plain JSON (projections store
 * it and the API serves it). Before OrderPlaced the ids are empty, the parties null and
 * amounts are zero of `XXX` (ISO 4217's "no currency").
 */
export interface OrderContext {
  readonly orderId: string;
  readonly customer: Customer | null;
  readonly channel: SalesChannel | null;
  readonly currency: string;
  readonly lines: readonly OrderLineState[];
  readonly shippingAddress: Address | null;
  readonly shippingFee: Money;
  readonly total: Money;
  readonly promisedBy?: string;
  /** Coupon codes redeemed with the order (absent: none). */
  readonly coupons?: readonly string[];
  readonly payment: { readonly authorized: Money; readonly captured: Money; readonly refunded: Money };
  readonly payments: Readonly<Record<string, PaymentState>>;
  readonly paymentFailures: readonly PaymentFailure[];
  readonly refunds: Readonly<Record<string, RefundState>>;
  readonly shipments: Readonly<Record<string, ShipmentState>>;
  readonly returns: Readonly<Record<string, ReturnState>>;
  /** The return the returns region is about; null before the first one. */
  readonly currentReturnId: string | null;
  readonly notes: readonly NoteState[];
  readonly tags: readonly string[];
  readonly hold: HoldState | null;
  readonly approval: ApprovalState | null;
  readonly cancellationReason: string | null;
  /** The delivery window the customer chose last; null until they choose one. */
  readonly deliveryWindow: DeliveryWindowState | null;
  readonly milestones: OrderMilestones;
  /** The rule sets evaluated at placement (`RulesApplied`): version and rules matched; absent: none. */
  readonly rules?: readonly AppliedRuleSet[];
  /** What the rules took off the total; the order is worth `total − discountTotal`. Absent: nothing. */
  readonly discountTotal?: Money;
  /** Notices rules attached (a remote-area surcharge); absent: none. */
  readonly notices?: readonly RuleNotice[];
  /** The priority rules gave the order; absent: none given. */
  readonly priority?: Priority;
}

/** One rule set as applied to the order. */
export interface AppliedRuleSet {
  readonly ruleSet: string;
  readonly version: number;
  readonly matched: readonly string[];
}

/** A notice a rule attached, for the customer or for staff. */
export interface RuleNotice {
  readonly code: string;
  readonly text: string;
  readonly audience: 'customer' | 'staff';
  readonly ruleId: string;
}

const NO_MONEY: Money = { amount: 0, currency: 'XXX' };

/** The context before any event. */
export function initialOrderContext(): OrderContext {
  return {
    orderId: '',
    customer: null,
    channel: null,
    currency: 'XXX',
    lines: [],
    shippingAddress: null,
    shippingFee: NO_MONEY,
    total: NO_MONEY,
    payment: { authorized: NO_MONEY, captured: NO_MONEY, refunded: NO_MONEY },
    payments: {},
    paymentFailures: [],
    refunds: {},
    shipments: {},
    returns: {},
    currentReturnId: null,
    notes: [],
    tags: [],
    hold: null,
    approval: null,
    cancellationReason: null,
    deliveryWindow: null,
    milestones: {},
  };
}
