import { Type } from 'typebox';
import { ORDER_STATUS_VALUES } from './order-status.values.ts';
import {
  AddressSchema,
  CustomerSchema,
  closed,
  Id,
  Instant,
  Label,
  LineQuantitySchema,
  MoneySchema,
  nullable,
  SalesChannelSchema,
  served,
  TimeWindowSchema,
} from './order-values.schemas.ts';
import { ActorSchema, OrderStatusSchema } from './orders.schemas.ts';

const optionalInstant = Type.Optional(Instant);
const openFacts = Type.Optional(Type.Object({}, { additionalProperties: true }));

const TrackedLineSchema = closed({
  lineId: Type.String(),
  sku: Type.String(),
  name: Type.String(),
  quantity: Type.Integer(),
  unitPrice: MoneySchema,
  lineTotal: MoneySchema,
  cancelledQuantity: Type.Integer(),
  dispatchedQuantity: Type.Integer(),
  deliveredQuantity: Type.Integer(),
  returnedQuantity: Type.Integer(),
  gift: Type.Optional(Type.Literal(true, { description: 'A gift a rule added at no charge.' })),
});

const ScanSchema = closed({
  carrier: Type.String(),
  carrierEventId: Type.String(),
  kind: Type.String({ description: 'handed-over, in-transit, out-for-delivery, failed-attempt, delivered.' }),
  occurredAt: Instant,
  location: Type.Optional(Type.String()),
  estimatedDelivery: Type.Optional(TimeWindowSchema),
  reason: Type.Optional(Type.String()),
  receivedBy: Type.Optional(Type.String()),
});

const ShipmentSchema = closed({
  shipmentId: Type.String(),
  locationId: Type.String(),
  service: Type.Optional(Type.String()),
  lines: Type.Array(LineQuantitySchema),
  status: Type.String({ description: 'allocated, picking, packed, shipped, inTransit, … delivered, cancelled.' }),
  carrier: Type.Optional(Type.String()),
  trackingNumber: Type.Optional(Type.String()),
  estimatedDelivery: Type.Optional(TimeWindowSchema),
  lastLocation: Type.Optional(Type.String()),
  parcels: Type.Optional(Type.Integer()),
  weightGrams: Type.Optional(Type.Integer()),
  receivedBy: Type.Optional(Type.String()),
  deliveryAttempts: Type.Integer(),
  failureReason: Type.Optional(Type.String()),
  allocatedAt: Instant,
  pickingStartedAt: optionalInstant,
  packedAt: optionalInstant,
  dispatchedAt: optionalInstant,
  inTransitAt: optionalInstant,
  outForDeliveryAt: optionalInstant,
  deliveryFailedAt: optionalInstant,
  deliveredAt: optionalInstant,
  returnedToSenderAt: optionalInstant,
  cancelledAt: optionalInstant,
  cancellationReason: Type.Optional(Type.String({ description: 'Why, when its location gave the shipment back.' })),
  // Optional only for views written before shipments kept scans (a rebuild fills them).
  scans: Type.Optional(Type.Array(ScanSchema, { description: 'The carriers’ scans, in the order they happened.' })),
  consolidation: Type.Optional(
    closed(
      {
        consolidationId: Type.String(),
        consolidatedShipmentId: Type.String({ description: 'The parcel it goes out in.' }),
        memberCount: Type.Integer({ description: 'Orders in the parcel, this one included.' }),
        consolidatedAt: Instant,
      },
      {
        description:
          "Shipped in one parcel with the customer's other orders to the same address; absent while it is its own parcel.",
      },
    ),
  ),
});

const ReturnSchema = closed({
  returnId: Type.String(),
  lines: Type.Array(LineQuantitySchema),
  reason: Type.String(),
  status: Type.String({ description: 'requested, approved, rejected, received, refunded.' }),
  requestedAt: Instant,
  decidedAt: optionalInstant,
  rejectionReason: Type.Optional(Type.String()),
  condition: Type.Optional(Type.String()),
  receivedAt: optionalInstant,
  refundId: Type.Optional(Type.String()),
  refundedAt: optionalInstant,
});

const HoldSchema = closed({
  reason: Type.String(),
  facts: openFacts,
  heldFrom: Type.String(),
  heldAt: Instant,
  releasedAt: optionalInstant,
  releaseReason: Type.Optional(Type.String()),
});

const ApprovalSchema = closed({
  role: Type.String(),
  reason: Type.String(),
  facts: openFacts,
  requestedAt: Instant,
  escalations: Type.Optional(
    Type.Array(
      closed({
        fromRole: Type.String(),
        toRole: Type.String(),
        level: Type.Integer({ minimum: 1 }),
        deadline: Instant,
        escalatedAt: Instant,
        rule: Type.String(),
      }),
      { description: 'Each time nobody decided in time and the approval went to the next role (ApprovalEscalated).' },
    ),
  ),
  decision: Type.Optional(Type.String()),
  decidedBy: Type.Optional(Type.String()),
  decisionReason: Type.Optional(Type.String()),
  decidedAt: optionalInstant,
});

const MilestonesSchema = closed({
  placedAt: optionalInstant,
  confirmedAt: optionalInstant,
  allocatedAt: optionalInstant,
  shippedAt: optionalInstant,
  deliveredAt: optionalInstant,
  cancelledAt: optionalInstant,
  completedAt: optionalInstant,
  closedAt: optionalInstant,
});

/**
 * The `orderTracking` document as served: contact data masked by the projection; the
 * machine's internal state is left out (replay it with `GET /orders/:orderId/state`).
 */
export const OrderTrackingSchema = served(
  closed(
    {
      id: Type.String(),
      orderId: Type.String(),
      revision: Type.Integer({ description: 'The order stream revision this view reflects.' }),
      status: OrderStatusSchema,
      stage: Type.String({ description: 'First segment of status.main.' }),
      customerId: nullable(Type.String()),
      customer: nullable(CustomerSchema),
      channel: nullable(SalesChannelSchema),
      currency: Type.String(),
      lines: Type.Array(TrackedLineSchema),
      totals: closed({
        subtotal: MoneySchema,
        shipping: MoneySchema,
        total: MoneySchema,
        discount: MoneySchema,
        payable: MoneySchema,
        authorized: MoneySchema,
        captured: MoneySchema,
        refunded: MoneySchema,
      }),
      paymentFailures: Type.Array(
        closed({ paymentId: Type.String(), stage: Type.String(), reason: Type.String(), at: Instant }),
        { description: 'Failed authorizations and captures, latest last.' },
      ),
      milestones: MilestonesSchema,
      promisedBy: nullable(Instant),
      shipments: Type.Array(ShipmentSchema),
      deliveryWindow: nullable(
        closed(
          { window: TimeWindowSchema, chosenBy: ActorSchema, chosenAt: Instant },
          { description: 'The delivery window the customer chose.' },
        ),
      ),
      returns: Type.Array(ReturnSchema),
      tags: Type.Array(Type.String()),
      notes: Type.Array(closed({ noteId: Type.String(), text: Type.String(), addedAt: Instant })),
      notices: Type.Array(closed({ code: Type.String(), text: Type.String() }), {
        description: 'Notices the rules attached for the customer (a remote-area surcharge).',
      }),
      priority: nullable(Type.String({ description: 'low, normal, high or urgent, when a rule set one.' })),
      hold: nullable(HoldSchema),
      approval: nullable(ApprovalSchema),
      cancellationReason: nullable(Type.String()),
      shippingAddress: nullable(AddressSchema),
      placedAt: nullable(Instant),
      updatedAt: Instant,
    },
    { title: 'OrderTracking' },
  ),
);

/** One order in a list: enough to pick it; `GET /orders/:orderId` has the rest. */
export const OrderSummarySchema = served(
  closed(
    {
      orderId: Type.String(),
      revision: Type.Integer(),
      status: OrderStatusSchema,
      stage: Type.String(),
      customerId: nullable(Type.String()),
      channel: nullable(SalesChannelSchema),
      total: MoneySchema,
      placedAt: nullable(Instant),
      updatedAt: Instant,
    },
    { title: 'OrderSummary' },
  ),
);

/** The paging half of a list's answer: `null` on the last page. */
export const NextCursorSchema = Type.Union([Type.String(), Type.Null()], {
  description: 'Pass as `cursor` for the next page.',
});

/** Answer to `GET /orders`. */
export const OrderListSchema = closed(
  { items: Type.Array(OrderSummarySchema), nextCursor: NextCursorSchema },
  { title: 'OrderList' },
);

/** The paging half of a list's query: page size, and where the previous page ended. */
export const ListPagingQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'nextCursor of the previous page.' })),
};

/** Filters of `GET /orders`. */
export const OrderListQuerySchema = closed({
  customerId: Type.Optional(Id),
  status: Type.Optional(
    Type.Enum(ORDER_STATUS_VALUES, {
      description: 'A main status, or a dotted sub-state: `fulfilment` also matches `fulfilment.inTransit`.',
    }),
  ),
  channel: Type.Optional(Label),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'placedAt at or after.' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'placedAt at or before.' })),
  ...ListPagingQuery,
});

/** Query of `GET /orders/counts`. */
export const OrderCountsQuerySchema = closed({
  by: Type.Union([Type.Literal('status'), Type.Literal('channel')], {
    description: '`status`: by stage (the main status’s first segment); `channel`: by sales channel.',
  }),
});

/** Answer to `GET /orders/counts`: each value with its count, largest first. */
export const OrderCountsSchema = closed(
  {
    by: Type.String(),
    total: Type.Integer({ description: 'Orders in the tracking view.' }),
    counts: Type.Array(
      closed({
        value: nullable(Type.String({ description: 'null: orders without the field (no channel).' })),
        count: Type.Integer(),
      }),
    ),
  },
  { title: 'OrderCounts' },
);
