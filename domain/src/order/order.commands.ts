import type { CarrierScanKind } from '../carriers/carrier-scan.types.ts';
import type { Money } from '../shared/money.ts';
import type {
  Address,
  Allocation,
  AllocationRejectionKind,
  ConsolidationBasis,
  ConsolidationMember,
  Customer,
  LineQuantity,
  OrderRouting,
  SalesChannel,
  TimeWindow,
} from './order.types.ts';

/** A line as the caller sends it; the line id defaults to its position (`1`, `2`, …). */
export interface PlaceOrderLine {
  readonly lineId?: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: Money;
}

/** One carrier scan of a dispatched shipment of the order (see `RecordCarrierScan`). */
export interface CarrierScanInput {
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
  /** The carrier mapping version that read the scan. */
  readonly mappingVersion?: number;
}

/** Every order command with its payload, by type. Imperative; the type name is the `type` string. */
export interface OrderCommandPayloadMap {
  PlaceOrder: {
    readonly orderId: string;
    readonly customer: Customer;
    readonly channel: SalesChannel;
    readonly lines: readonly PlaceOrderLine[];
    readonly shippingAddress: Address;
    readonly shippingFee?: Money;
    readonly currency: string;
    readonly promisedBy?: string;
    /** Coupon codes the customer redeemed with the order (what they took off is the channel's business). */
    readonly coupons?: readonly string[];
  };
  ConfirmOrder: { readonly orderId: string; readonly reason?: string };
  /** `facts`: what a system that holds an order saw (e.g. the unroutable routing decision). */
  HoldOrder: { readonly orderId: string; readonly reason: string; readonly facts?: Readonly<Record<string, unknown>> };
  /** `facts`: what a system release rests on (the deadline and clock, the order that came), recorded with it. */
  ReleaseOrder: {
    readonly orderId: string;
    readonly reason: string;
    readonly facts?: Readonly<Record<string, unknown>>;
  };
  RequestApproval: { readonly orderId: string; readonly role: string; readonly reason: string };
  /** The approval waiting on `fromRole` past its `deadline` goes to `toRole` (sent by the escalation process). */
  EscalateApproval: {
    readonly orderId: string;
    readonly fromRole: string;
    readonly toRole: string;
    readonly deadline: string;
    readonly rule: string;
    readonly timeoutMs: number;
  };
  ApproveOrder: { readonly orderId: string; readonly reason: string };
  RejectOrder: { readonly orderId: string; readonly reason: string };
  AllocateOrder: {
    readonly orderId: string;
    readonly allocations: readonly Allocation[];
    readonly reason?: string;
    /** The routing decision behind the allocations, when the router chose them. */
    readonly routing?: OrderRouting;
  };
  /**
   * A location (or ops on its behalf) gives back a shipment allocated to it and not yet picked:
   * the order's allocation is withdrawn and the order is to be routed again without it.
   */
  RejectAllocation: {
    readonly orderId: string;
    readonly shipmentId: string;
    readonly locationId: string;
    readonly kind: AllocationRejectionKind;
    readonly reason: string;
  };
  /** `consolidationId`: the consolidated parcel being picked; required while the shipment is consolidated. */
  StartPicking: { readonly orderId: string; readonly shipmentId: string; readonly consolidationId?: string };
  PackShipment: {
    readonly orderId: string;
    readonly shipmentId: string;
    readonly parcels?: number;
    readonly weightGrams?: number;
  };
  DispatchShipment: {
    readonly orderId: string;
    readonly shipmentId: string;
    readonly carrier: string;
    readonly trackingNumber: string;
    readonly estimatedDelivery?: TimeWindow;
  };
  RecordShipmentInTransit: { readonly orderId: string; readonly shipmentId: string; readonly location?: string };
  RecordOutForDelivery: {
    readonly orderId: string;
    readonly shipmentId: string;
    readonly estimatedDelivery?: TimeWindow;
  };
  RecordDelivery: { readonly orderId: string; readonly shipmentId: string; readonly receivedBy?: string };
  RecordDeliveryFailure: { readonly orderId: string; readonly shipmentId: string; readonly reason: string };
  ReattemptDelivery: { readonly orderId: string; readonly shipmentId: string; readonly window?: TimeWindow };
  ReturnShipmentToSender: { readonly orderId: string; readonly shipmentId: string; readonly reason: string };
  /** Records a carrier scan; a scan whose (carrier, carrier event id) the shipment has already is a no-op. */
  RecordCarrierScan: { readonly orderId: string } & CarrierScanInput;
  /** Records several scans of the order's shipments at once: all of them or, when one is refused, none. */
  RecordCarrierScans: { readonly orderId: string; readonly scans: readonly CarrierScanInput[] };
  /**
   * Puts the order's shipment into one parcel with the shipments of the customer's other orders
   * to the same address from the same location (the consolidation process sends it to each member).
   */
  ConsolidateShipment: {
    readonly orderId: string;
    readonly consolidationId: string;
    readonly shipmentId: string;
    readonly consolidatedShipmentId: string;
    readonly locationId: string;
    readonly members: readonly ConsolidationMember[];
    readonly basis: ConsolidationBasis;
    readonly supersedes?: readonly string[];
  };
  /** Ends a consolidation for this order: its shipment is its own parcel again. */
  UndoConsolidation: {
    readonly orderId: string;
    readonly consolidationId: string;
    readonly reason: string;
    readonly causedBy?: { readonly orderId: string; readonly event: string };
  };
  /** The customer picks a delivery time window; only the order's own customer may. */
  ChooseDeliveryWindow: { readonly orderId: string; readonly window: TimeWindow };
  CompleteOrder: { readonly orderId: string; readonly reason?: string };
  CancelOrder: { readonly orderId: string; readonly reason: string };
  CancelOrderLines: { readonly orderId: string; readonly lines: readonly LineQuantity[]; readonly reason: string };
  CloseOrder: { readonly orderId: string; readonly reason?: string };
  AuthorizePayment: {
    readonly orderId: string;
    readonly paymentId: string;
    readonly amount: Money;
    readonly method: string;
  };
  RecordPaymentAuthorizationFailure: { readonly orderId: string; readonly paymentId: string; readonly reason: string };
  CapturePayment: { readonly orderId: string; readonly paymentId: string; readonly amount?: Money };
  RecordPaymentCaptureFailure: { readonly orderId: string; readonly paymentId: string; readonly reason: string };
  VoidPayment: { readonly orderId: string; readonly paymentId: string; readonly reason: string };
  RefundPayment: {
    readonly orderId: string;
    readonly refundId: string;
    readonly amount: Money;
    readonly reason: string;
    readonly returnId?: string;
  };
  RequestReturn: {
    readonly orderId: string;
    readonly returnId: string;
    readonly lines: readonly LineQuantity[];
    readonly reason: string;
  };
  ApproveReturn: { readonly orderId: string; readonly returnId: string };
  RejectReturn: { readonly orderId: string; readonly returnId: string; readonly reason: string };
  ReceiveReturn: {
    readonly orderId: string;
    readonly returnId: string;
    readonly condition: 'resellable' | 'damaged' | 'missing-items';
  };
  ChangeShippingAddress: { readonly orderId: string; readonly address: Address; readonly reason?: string };
  AddNote: {
    readonly orderId: string;
    readonly noteId: string;
    readonly text: string;
    readonly visibility: 'internal' | 'customer';
  };
  TagOrder: { readonly orderId: string; readonly tag: string };
  UntagOrder: { readonly orderId: string; readonly tag: string };
}

export type OrderCommandType = keyof OrderCommandPayloadMap;

/** One order command type with its payload. */
export type OrderCommandOf<T extends OrderCommandType> = { readonly type: T } & OrderCommandPayloadMap[T];

/** Any order command. */
export type OrderCommand = { [T in OrderCommandType]: OrderCommandOf<T> }[OrderCommandType];

/** Every order command type, in catalogue order. */
export const ORDER_COMMAND_TYPES = [
  'PlaceOrder',
  'ConfirmOrder',
  'HoldOrder',
  'ReleaseOrder',
  'RequestApproval',
  'EscalateApproval',
  'ApproveOrder',
  'RejectOrder',
  'AllocateOrder',
  'RejectAllocation',
  'StartPicking',
  'PackShipment',
  'DispatchShipment',
  'RecordShipmentInTransit',
  'RecordOutForDelivery',
  'RecordDelivery',
  'RecordDeliveryFailure',
  'ReattemptDelivery',
  'ReturnShipmentToSender',
  'RecordCarrierScan',
  'RecordCarrierScans',
  'ConsolidateShipment',
  'UndoConsolidation',
  'ChooseDeliveryWindow',
  'CompleteOrder',
  'CancelOrder',
  'CancelOrderLines',
  'CloseOrder',
  'AuthorizePayment',
  'RecordPaymentAuthorizationFailure',
  'CapturePayment',
  'RecordPaymentCaptureFailure',
  'VoidPayment',
  'RefundPayment',
  'RequestReturn',
  'ApproveReturn',
  'RejectReturn',
  'ReceiveReturn',
  'ChangeShippingAddress',
  'AddNote',
  'TagOrder',
  'UntagOrder',
] as const satisfies readonly OrderCommandType[];
