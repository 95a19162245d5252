import type { CarrierScanKind } from '../carriers/carrier-scan.types.ts';
import type { RuleFacts } from '../rules/rule-set.types.ts';
import type { RuleEffects } from '../rules/rules.evaluate.ts';
import type { ActorRef } from '../shared/actor.ts';
import type { DomainEvent, RecordedEvent } from '../shared/event.ts';
import type { Money } from '../shared/money.ts';
import type {
  Address,
  Allocation,
  AllocationRejectionKind,
  ConsolidationBasis,
  ConsolidationMember,
  Customer,
  LineQuantity,
  OrderLine,
  OrderRouting,
  SalesChannel,
  TimeWindow,
} from './order.types.ts';

/** The data of every order event, by type. All past tense; one spelling everywhere. */
export interface OrderEventDataMap {
  OrderPlaced: {
    readonly orderId: string;
    readonly customer: Customer;
    readonly channel: SalesChannel;
    readonly lines: readonly OrderLine[];
    readonly shippingAddress: Address;
    readonly shippingFee: Money;
    /** Sum of line totals plus shipping fee, recorded so no view recomputes it differently. */
    readonly total: Money;
    readonly currency: string;
    readonly placedAt: string;
    /** When the customer was promised delivery, if the channel promised a date. */
    readonly promisedBy?: string;
    /** Coupon codes redeemed with the order; absent when none. */
    readonly coupons?: readonly string[];
  };
  /**
   * A rule set was evaluated at placement: the version, the rules that matched, exactly the
   * facts they read and what they do. `addedLines` are its gift lines as the order carries them
   * (price 0, `gift`). Recorded between OrderPlaced and the screening's outcome.
   */
  RulesApplied: {
    readonly ruleSet: string;
    readonly version: number;
    readonly matched: readonly string[];
    readonly facts: RuleFacts;
    readonly effects: RuleEffects;
    readonly addedLines: readonly OrderLine[];
  };
  OrderConfirmed: { readonly reason: string };
  OrderHeld: { readonly reason: string; readonly facts?: Readonly<Record<string, unknown>> };
  /**
   * `decidedBy`: who lifted the hold (absent in events recorded before it was added); `facts`:
   * what a system release rested on (a hold for consolidation: the deadline, or the next order).
   */
  OrderReleased: {
    readonly reason: string;
    readonly decidedBy?: ActorRef;
    readonly facts?: Readonly<Record<string, unknown>>;
  };
  ApprovalRequested: {
    readonly role: string;
    readonly reason: string;
    readonly facts?: Readonly<Record<string, unknown>>;
  };
  /**
   * Nobody of `fromRole` decided by `deadline` (`requestedAt`, when that role was asked, plus the
   * configured `timeoutMs`), so the approval went to `toRole` at `escalatedAt`. `level`: 1 for the
   * first escalation of this approval, 2 for the next; `rule`: the configured step (`finance=4h>admin`).
   */
  ApprovalEscalated: {
    readonly fromRole: string;
    readonly toRole: string;
    readonly level: number;
    readonly requestedAt: string;
    readonly deadline: string;
    readonly escalatedAt: string;
    readonly rule: string;
    readonly timeoutMs: number;
  };
  /**
   * `role`: the role the approval was waiting on when decided (after an escalation, the role it
   * went to); `decidedBy`: who decided (absent in older events).
   */
  OrderApproved: { readonly role: string; readonly reason?: string; readonly decidedBy?: ActorRef };
  OrderRejected: { readonly role: string; readonly reason: string; readonly decidedBy?: ActorRef };
  /** `routing`: the decision behind the allocations when the router chose them (absent for manual ones). */
  OrderAllocated: {
    readonly allocations: readonly Allocation[];
    readonly reason?: string;
    readonly routing?: OrderRouting;
  };
  /**
   * The location of `shipmentId` gave it back (`kind`: rejected or failed). The whole allocation
   * it belonged to is withdrawn (every shipment nobody had started on is cancelled) and the
   * order is confirmed again, or stays on hold until released.
   */
  AllocationRejected: {
    readonly shipmentId: string;
    readonly locationId: string;
    readonly kind: AllocationRejectionKind;
    readonly reason: string;
  };
  /** `consolidationId`: the consolidated parcel this shipment is picked into (absent: picked alone). */
  PickingStarted: { readonly shipmentId: string; readonly consolidationId?: string };
  ShipmentPacked: { readonly shipmentId: string; readonly parcels?: number; readonly weightGrams?: number };
  ShipmentDispatched: {
    readonly shipmentId: string;
    readonly carrier: string;
    readonly trackingNumber: string;
    readonly estimatedDelivery?: TimeWindow;
  };
  ShipmentInTransit: { readonly shipmentId: string; readonly location?: string };
  ShipmentOutForDelivery: { readonly shipmentId: string; readonly estimatedDelivery?: TimeWindow };
  ShipmentDelivered: { readonly shipmentId: string; readonly receivedBy?: string };
  DeliveryFailed: { readonly shipmentId: string; readonly reason: string };
  DeliveryReattempted: { readonly shipmentId: string; readonly window?: TimeWindow };
  ShipmentReturnedToSender: { readonly shipmentId: string; readonly reason: string };
  /**
   * A carrier scanned a dispatched shipment. The shipment's tracking (status, milestones,
   * location, ETA, attempts) follows from all its scans taken in time order, so scans that
   * arrive late or shuffled end in the same shipment. `mappingVersion`: the carrier mapping
   * that read the scan (absent when recorded by hand).
   */
  CarrierScanRecorded: {
    readonly shipmentId: string;
    readonly carrier: string;
    readonly carrierEventId: string;
    readonly kind: CarrierScanKind;
    readonly occurredAt: string;
    readonly location?: string;
    readonly description?: string;
    readonly estimatedDelivery?: TimeWindow;
    readonly reason?: string;
    readonly receivedBy?: string;
    readonly mappingVersion?: number;
  };
  /**
   * The order's shipment goes out in one parcel (`consolidatedShipmentId`) with the shipments of
   * the customer's other orders to the same address from the same location (`members`, this one
   * included), on the `basis` recorded. Recorded on every member; `supersedes`: consolidations
   * of some members this one grows out of (absent: none).
   */
  ShipmentConsolidated: {
    readonly consolidationId: string;
    readonly shipmentId: string;
    readonly consolidatedShipmentId: string;
    readonly locationId: string;
    readonly members: readonly ConsolidationMember[];
    readonly basis: ConsolidationBasis;
    readonly supersedes?: readonly string[];
  };
  /**
   * The consolidation no longer holds (`reason`, e.g. a member was cancelled, by `causedBy`):
   * the shipment goes back to being its own parcel, otherwise untouched.
   */
  ConsolidationUndone: {
    readonly consolidationId: string;
    readonly shipmentId: string;
    readonly reason: string;
    readonly causedBy?: { readonly orderId: string; readonly event: string };
  };
  /** The customer chose when the parcel should come; `chosenBy` is that customer. */
  DeliveryWindowChosen: { readonly window: TimeWindow; readonly chosenBy: ActorRef };
  OrderCompleted: { readonly reason: string };
  OrderCancelled: { readonly reason: string };
  OrderLinesCancelled: { readonly lines: readonly LineQuantity[]; readonly reason: string };
  OrderClosed: { readonly reason: string };
  PaymentAuthorized: { readonly paymentId: string; readonly amount: Money; readonly method: string };
  PaymentAuthorizationFailed: { readonly paymentId: string; readonly reason: string };
  PaymentCaptured: { readonly paymentId: string; readonly amount: Money };
  PaymentCaptureFailed: { readonly paymentId: string; readonly reason: string };
  PaymentVoided: { readonly paymentId: string; readonly reason: string };
  RefundIssued: {
    readonly refundId: string;
    readonly amount: Money;
    readonly reason: string;
    readonly returnId?: string;
  };
  ReturnRequested: { readonly returnId: string; readonly lines: readonly LineQuantity[]; readonly reason: string };
  ReturnApproved: { readonly returnId: string };
  ReturnRejected: { readonly returnId: string; readonly reason: string };
  ReturnReceived: { readonly returnId: string; readonly condition: 'resellable' | 'damaged' | 'missing-items' };
  ShippingAddressChanged: { readonly address: Address; readonly reason?: string };
  NoteAdded: { readonly noteId: string; readonly text: string; readonly visibility: 'internal' | 'customer' };
  OrderTagged: { readonly tag: string };
  OrderUntagged: { readonly tag: string };
}

export type OrderEventType = keyof OrderEventDataMap;

/** Every order event type, in catalogue order. */
export const ORDER_EVENT_TYPES = [
  'OrderPlaced',
  'RulesApplied',
  'OrderConfirmed',
  'OrderHeld',
  'OrderReleased',
  'ApprovalRequested',
  'ApprovalEscalated',
  'OrderApproved',
  'OrderRejected',
  'OrderAllocated',
  'AllocationRejected',
  'PickingStarted',
  'ShipmentPacked',
  'ShipmentDispatched',
  'ShipmentInTransit',
  'ShipmentOutForDelivery',
  'ShipmentDelivered',
  'DeliveryFailed',
  'DeliveryReattempted',
  'ShipmentReturnedToSender',
  'CarrierScanRecorded',
  'ShipmentConsolidated',
  'ConsolidationUndone',
  'DeliveryWindowChosen',
  'OrderCompleted',
  'OrderCancelled',
  'OrderLinesCancelled',
  'OrderClosed',
  'PaymentAuthorized',
  'PaymentAuthorizationFailed',
  'PaymentCaptured',
  'PaymentCaptureFailed',
  'PaymentVoided',
  'RefundIssued',
  'ReturnRequested',
  'ReturnApproved',
  'ReturnRejected',
  'ReturnReceived',
  'ShippingAddressChanged',
  'NoteAdded',
  'OrderTagged',
  'OrderUntagged',
] as const satisfies readonly OrderEventType[];

/** One order event type with its data, as stored. */
export type OrderEventOf<T extends OrderEventType> = DomainEvent<T, OrderEventDataMap[T]>;

/** Any order event. */
export type OrderEvent = { [T in OrderEventType]: OrderEventOf<T> }[OrderEventType];

/** Any order event as read back from the store. */
export type RecordedOrderEvent = RecordedEvent<OrderEvent>;

/** An order event without id and metadata, as decide produces it. */
export type OrderEventDraft = {
  [T in OrderEventType]: { readonly type: T; readonly data: OrderEventDataMap[T] };
}[OrderEventType];

/** The current schema version of each order event's data. */
export const ORDER_EVENT_SCHEMA_VERSION = 1;

/** The stream an order's events live in. */
export function orderStreamId(orderId: string): string {
  return `order-${orderId}`;
}
