import { CARRIER_SCAN_KINDS, type OrderCommandOf, type OrderCommandType } from '@ordinal/domain';
import type { Static, TProperties, TSchema } from 'typebox';
import { Type } from 'typebox';
import {
  AddressSchema,
  AllocationSchema,
  Currency,
  CustomerSchema,
  closed,
  Id,
  Instant,
  Label,
  LineQuantitySchema,
  MoneySchema,
  PlaceOrderLineSchema,
  SalesChannelSchema,
  Text,
  TimeWindowSchema,
} from './order-values.schemas.ts';

/** The body of `POST /orders`: PlaceOrder without `type`; the order id is optional. */
export const PlaceOrderBody = closed(
  {
    orderId: Type.Optional(Id),
    customer: CustomerSchema,
    channel: SalesChannelSchema,
    lines: Type.Array(PlaceOrderLineSchema),
    shippingAddress: AddressSchema,
    shippingFee: Type.Optional(MoneySchema),
    currency: Currency,
    promisedBy: Type.Optional(Instant),
    coupons: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }), {
        maxItems: 20,
        description: 'Coupon codes redeemed with the order; each once.',
      }),
    ),
  },
  { title: 'PlaceOrder', description: 'Places an order. Without orderId, the API chooses one.' },
);

function command<T extends Exclude<OrderCommandType, 'PlaceOrder'>, P extends TProperties>(
  type: T,
  description: string,
  properties: P,
) {
  return closed({ type: Type.Literal(type), ...properties }, { title: type, description });
}

const reason = Type.Optional(Text);
const shipment = { shipmentId: Id };

/** One carrier scan of one of the order's shipments. */
export const CarrierScanSchema = closed(
  {
    ...shipment,
    carrier: Label,
    carrierEventId: Label,
    kind: Type.Enum([...CARRIER_SCAN_KINDS]),
    occurredAt: Instant,
    location: Type.Optional(Text),
    description: Type.Optional(Text),
    estimatedDelivery: Type.Optional(TimeWindowSchema),
    reason: Type.Optional(Text),
    receivedBy: Type.Optional(Label),
    mappingVersion: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  },
  { title: 'CarrierScan' },
);

/** The most scans one RecordCarrierScans takes. */
export const MAX_SCANS_PER_COMMAND = 500;

/** One schema per command other than PlaceOrder: the command without orderId (it is in the path). */
export const ORDER_COMMAND_BODIES = {
  ConfirmOrder: command('ConfirmOrder', 'Confirms a placed order.', { reason }),
  HoldOrder: command('HoldOrder', 'Puts the order on hold.', { reason: Text }),
  ReleaseOrder: command('ReleaseOrder', 'Releases a held order.', { reason: Text }),
  RequestApproval: command('RequestApproval', 'Asks a role to approve the order.', { role: Label, reason: Text }),
  EscalateApproval: command(
    'EscalateApproval',
    'Moves an approval waiting on `fromRole` past its `deadline` to `toRole` (the escalation process sends it; admin may).',
    { fromRole: Label, toRole: Label, deadline: Instant, rule: Text, timeoutMs: Type.Integer({ minimum: 1 }) },
  ),
  ApproveOrder: command(
    'ApproveOrder',
    'Approves an order awaiting approval: the role it waits on (or was escalated from) or admin, with a reason.',
    { reason: Text },
  ),
  RejectOrder: command(
    'RejectOrder',
    'Rejects an order awaiting approval (cancels it): the role it waits on (or was escalated from) or admin.',
    { reason: Text },
  ),
  AllocateOrder: command('AllocateOrder', 'Assigns the lines to shipments from locations.', {
    allocations: Type.Array(AllocationSchema),
    reason,
  }),
  RejectAllocation: command(
    'RejectAllocation',
    'A location gives back a shipment allocated to it and not yet picked (`rejected`: it refuses the work; ' +
      '`failed`: it cannot fulfil it). The allocation is withdrawn and the order routed again without that location.',
    { ...shipment, locationId: Id, kind: Type.Enum(['rejected', 'failed']), reason: Text },
  ),
  StartPicking: command(
    'StartPicking',
    'Starts picking a shipment. A consolidated shipment is picked only as part of its parcel: name its `consolidationId`.',
    { ...shipment, consolidationId: Type.Optional(Id) },
  ),
  PackShipment: command('PackShipment', 'Records a shipment as packed.', {
    ...shipment,
    parcels: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    weightGrams: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  }),
  DispatchShipment: command('DispatchShipment', 'Hands a packed shipment to a carrier.', {
    ...shipment,
    carrier: Label,
    trackingNumber: Label,
    estimatedDelivery: Type.Optional(TimeWindowSchema),
  }),
  RecordShipmentInTransit: command('RecordShipmentInTransit', 'Carrier scan: in transit.', {
    ...shipment,
    location: Type.Optional(Label),
  }),
  RecordOutForDelivery: command('RecordOutForDelivery', 'Carrier scan: out for delivery.', {
    ...shipment,
    estimatedDelivery: Type.Optional(TimeWindowSchema),
  }),
  RecordDelivery: command('RecordDelivery', 'Carrier scan: delivered.', {
    ...shipment,
    receivedBy: Type.Optional(Label),
  }),
  RecordDeliveryFailure: command('RecordDeliveryFailure', 'Carrier scan: delivery failed.', {
    ...shipment,
    reason: Text,
  }),
  ReattemptDelivery: command('ReattemptDelivery', 'Schedules another delivery attempt.', {
    ...shipment,
    window: Type.Optional(TimeWindowSchema),
  }),
  ReturnShipmentToSender: command('ReturnShipmentToSender', 'Carrier returns the shipment.', {
    ...shipment,
    reason: Text,
  }),
  RecordCarrierScan: command(
    'RecordCarrierScan',
    'Records a carrier scan of a dispatched shipment; the shipment follows its scans in time order. A scan the ' +
      'shipment holds already (same carrier and carrier event id) records nothing.',
    CarrierScanSchema.properties,
  ),
  RecordCarrierScans: command(
    'RecordCarrierScans',
    'Records several carrier scans at once: all of them, or none when one is refused.',
    { scans: Type.Array(CarrierScanSchema, { minItems: 1, maxItems: MAX_SCANS_PER_COMMAND }) },
  ),
  ConsolidateShipment: command(
    'ConsolidateShipment',
    "Puts the order's shipment into one parcel with the shipments of the customer's other orders to the same " +
      'address from the same location (sent to every member by the consolidation process; docs/consolidation.md).',
    {
      consolidationId: Id,
      ...shipment,
      consolidatedShipmentId: Id,
      locationId: Id,
      members: Type.Array(closed({ orderId: Id, shipmentId: Id, placedAt: Instant }), { minItems: 2, maxItems: 100 }),
      basis: closed({
        customerId: Id,
        addressKey: Label,
        windowMinutes: Type.Integer({ minimum: 1, maximum: 525_600 }),
        decidedAt: Instant,
      }),
      supersedes: Type.Optional(Type.Array(Id, { maxItems: 100 })),
    },
  ),
  UndoConsolidation: command(
    'UndoConsolidation',
    'Ends a consolidation for this order: its shipment is its own parcel again (until it is dispatched).',
    {
      consolidationId: Id,
      reason: Text,
      causedBy: Type.Optional(closed({ orderId: Id, event: Label })),
    },
  ),
  ChooseDeliveryWindow: command(
    'ChooseDeliveryWindow',
    'The customer picks a delivery window (1 hour to 1 week, not begun); only the order’s own customer may.',
    { window: TimeWindowSchema },
  ),
  CompleteOrder: command('CompleteOrder', 'Completes a delivered order.', { reason }),
  CancelOrder: command('CancelOrder', 'Cancels the whole order (before any dispatch).', { reason: Text }),
  CancelOrderLines: command('CancelOrderLines', 'Cancels quantities of single lines.', {
    lines: Type.Array(LineQuantitySchema),
    reason: Text,
  }),
  CloseOrder: command('CloseOrder', 'Closes a completed or cancelled order.', { reason }),
  AuthorizePayment: command('AuthorizePayment', 'Records a payment authorization.', {
    paymentId: Id,
    amount: MoneySchema,
    method: Label,
  }),
  RecordPaymentAuthorizationFailure: command('RecordPaymentAuthorizationFailure', 'Records a failed authorization.', {
    paymentId: Id,
    reason: Text,
  }),
  CapturePayment: command('CapturePayment', 'Captures an authorized payment (all when no amount).', {
    paymentId: Id,
    amount: Type.Optional(MoneySchema),
  }),
  RecordPaymentCaptureFailure: command('RecordPaymentCaptureFailure', 'Records a failed capture.', {
    paymentId: Id,
    reason: Text,
  }),
  VoidPayment: command('VoidPayment', 'Voids an authorization before capture.', { paymentId: Id, reason: Text }),
  RefundPayment: command('RefundPayment', 'Refunds captured money (never more than captured).', {
    refundId: Id,
    amount: MoneySchema,
    reason: Text,
    returnId: Type.Optional(Id),
  }),
  RequestReturn: command('RequestReturn', 'Requests a return of delivered lines.', {
    returnId: Id,
    lines: Type.Array(LineQuantitySchema),
    reason: Text,
  }),
  ApproveReturn: command('ApproveReturn', 'Approves a requested return.', { returnId: Id }),
  RejectReturn: command('RejectReturn', 'Rejects a requested return.', { returnId: Id, reason: Text }),
  ReceiveReturn: command('ReceiveReturn', 'Records the returned goods as received.', {
    returnId: Id,
    condition: Type.Enum(['resellable', 'damaged', 'missing-items']),
  }),
  ChangeShippingAddress: command('ChangeShippingAddress', 'Changes the address before dispatch.', {
    address: AddressSchema,
    reason,
  }),
  AddNote: command('AddNote', 'Adds a note (internal or visible to the customer).', {
    noteId: Id,
    text: Text,
    visibility: Type.Enum(['internal', 'customer']),
  }),
  TagOrder: command('TagOrder', 'Adds a tag.', { tag: Label }),
  UntagOrder: command('UntagOrder', 'Removes a tag.', { tag: Label }),
} satisfies { [T in Exclude<OrderCommandType, 'PlaceOrder'>]: TSchema };

type Bodies = typeof ORDER_COMMAND_BODIES;

/** The body of `POST /orders/:orderId/commands`: any command but PlaceOrder, told apart by `type`. */
export const OrderCommandBody = Type.Unsafe<OrderCommandBodyValue>(
  Type.Union(Object.values(ORDER_COMMAND_BODIES), {
    title: 'OrderCommand',
    description: 'One order command; `type` names it and decides which other fields apply.',
  }),
);

/** A command body as validated. */
export type OrderCommandBodyValue = Static<Bodies[keyof Bodies]>;
export type PlaceOrderBodyValue = Static<typeof PlaceOrderBody>;

// Compile-time proof that each schema, completed with the order id, is the domain's command:
// a drift names the command type in the error.
type Completes<T extends Exclude<OrderCommandType, 'PlaceOrder'>> =
  Static<Bodies[T]> & { readonly orderId: string } extends OrderCommandOf<T> ? never : T;
type PlaceCompletes =
  Static<typeof PlaceOrderBody> & { orderId: string } extends Omit<OrderCommandOf<'PlaceOrder'>, 'type'>
    ? never
    : 'PlaceOrder';
type Mismatch = { [T in keyof Bodies]: Completes<T> }[keyof Bodies] | PlaceCompletes;
const _schemasMatchDomain: [Mismatch] extends [never] ? true : Mismatch = true;
