import type { CarrierScanKind } from '../carriers/carrier-scan.types.ts';
import type { OrderCommand, OrderCommandOf, OrderCommandType } from '../order/order.commands.ts';
import { consolidationAddressKey } from '../order/order.consolidation.ts';
import type { OrderDecisionFacts, OrderScreening } from '../order/order.decision.ts';
import {
  ORDER_EVENT_SCHEMA_VERSION,
  type OrderEventDataMap,
  type OrderEventDraft,
  type OrderEventType,
  orderStreamId,
  type RecordedOrderEvent,
} from '../order/order.events.ts';
import type { ActorRef } from '../shared/actor.ts';
import type { EventDraft } from '../shared/event.ts';

/** The business time of the first event in fixtures; each further event is a minute later. */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

/** Who acts in fixtures unless a test says otherwise. */
export const CS_AGENT: ActorRef = { kind: 'user', id: 'agent-7', role: 'cs' };

/** The fixtures' order id. */
export const ORDER_ID = 'o-1';

/** Any order command without its order id. */
export type OrderCommandInput = { [T in OrderCommandType]: Omit<OrderCommandOf<T>, 'orderId'> }[OrderCommandType];

/** The command for the fixtures' order. */
export function forOrder(command: OrderCommandInput, orderId = ORDER_ID): OrderCommand {
  return { ...command, orderId } as OrderCommand;
}

/** ISO time `minutes` after T0. */
export function minutesAfterT0(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString();
}

/** A typed draft. */
export function draft<T extends OrderEventType>(
  type: T,
  data: OrderEventDataMap[T],
): Extract<OrderEventDraft, { type: T }> {
  return { type, data } as Extract<OrderEventDraft, { type: T }>;
}

/** A recorded envelope for the draft at 0-based `index` of the fixtures' stream. */
export function recordOrderEvent(event: EventDraft, index: number, orderId = ORDER_ID): RecordedOrderEvent {
  const revision = index + 1;
  const occurredAt = minutesAfterT0(index);
  return {
    eventId: `${orderId}-evt-${revision}`,
    type: event.type,
    data: event.data,
    metadata: {
      schemaVersion: ORDER_EVENT_SCHEMA_VERSION,
      occurredAt,
      correlationId: `corr-${orderId}`,
      causationId: `cmd-${revision}`,
      actor: CS_AGENT,
      channel: 'webshop',
    },
    streamId: orderStreamId(orderId),
    revision,
    position: revision * 10,
    recordedAt: occurredAt,
  } as RecordedOrderEvent;
}

/** Recorded envelopes for drafts, revisions 1…n. */
export function orderStream(drafts: readonly EventDraft[], orderId = ORDER_ID): RecordedOrderEvent[] {
  return drafts.map((d, i) => recordOrderEvent(d, i, orderId));
}

/** Decision facts at `now` (minutes after T0) by the fixtures' agent, with optional screening. */
export function orderFacts(minutes = 0, screening?: OrderScreening): OrderDecisionFacts {
  return {
    now: minutesAfterT0(minutes),
    metadata: { commandId: `cmd-at-${minutes}`, correlationId: 'corr-test', actor: CS_AGENT, channel: 'webshop' },
    ...(screening === undefined ? {} : { screening }),
  };
}

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A PlaceOrder for two lines (2 × 15.00 and 1 × 25.00 EUR) plus 5.00 shipping: 60.00 EUR. */
export function placeOrderCommand(overrides: Partial<OrderCommandOf<'PlaceOrder'>> = {}): OrderCommandOf<'PlaceOrder'> {
  return {
    type: 'PlaceOrder',
    orderId: ORDER_ID,
    customer: { customerId: 'c-42', name: 'Jane Doe', email: 'jane@example.com' },
    channel: { salesChannel: 'webshop' },
    lines: [
      { sku: 'SKU-A', name: 'Mug', quantity: 2, unitPrice: eur(1500) },
      { sku: 'SKU-B', name: 'Teapot', quantity: 1, unitPrice: eur(2500) },
    ],
    shippingAddress: { name: 'Jane Doe', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
    shippingFee: eur(500),
    currency: 'EUR',
    ...overrides,
  };
}

/** The OrderPlaced that `placeOrderCommand()` records when decided at `placedAt`. */
export function orderPlaced(placedAt = minutesAfterT0(0)): OrderEventDraft {
  const command = placeOrderCommand();
  return draft('OrderPlaced', {
    orderId: ORDER_ID,
    customer: command.customer,
    channel: command.channel,
    lines: [
      { lineId: '1', sku: 'SKU-A', name: 'Mug', quantity: 2, unitPrice: eur(1500) },
      { lineId: '2', sku: 'SKU-B', name: 'Teapot', quantity: 1, unitPrice: eur(2500) },
    ],
    shippingAddress: command.shippingAddress,
    shippingFee: eur(500),
    total: eur(6000),
    currency: 'EUR',
    placedAt,
  });
}

/** Fixture drafts: the smallest paths through the lifecycle, one shipment `s1` with every line. */
export const fx = {
  eur,
  placed: orderPlaced(),
  confirmed: draft('OrderConfirmed', { reason: 'auto-confirmed' }),
  allocated: draft('OrderAllocated', {
    allocations: [
      {
        shipmentId: 's1',
        locationId: 'wh-lyon',
        lines: [
          { lineId: '1', quantity: 2 },
          { lineId: '2', quantity: 1 },
        ],
      },
    ],
  }),
  split: draft('OrderAllocated', {
    allocations: [
      { shipmentId: 's1', locationId: 'wh-lyon', lines: [{ lineId: '1', quantity: 2 }] },
      { shipmentId: 's2', locationId: 'store-paris', lines: [{ lineId: '2', quantity: 1 }] },
    ],
  }),
  allocationRejected: (shipmentId = 's1', locationId = 'wh-lyon', kind: 'rejected' | 'failed' = 'rejected') =>
    draft('AllocationRejected', { shipmentId, locationId, kind, reason: 'no staff today' }),
  picking: (shipmentId = 's1') => draft('PickingStarted', { shipmentId }),
  packed: (shipmentId = 's1') => draft('ShipmentPacked', { shipmentId, parcels: 1 }),
  dispatched: (shipmentId = 's1') =>
    draft('ShipmentDispatched', { shipmentId, carrier: 'colissimo', trackingNumber: `TRK-${shipmentId}` }),
  inTransit: (shipmentId = 's1') => draft('ShipmentInTransit', { shipmentId, location: 'hub' }),
  outForDelivery: (shipmentId = 's1') => draft('ShipmentOutForDelivery', { shipmentId }),
  delivered: (shipmentId = 's1') => draft('ShipmentDelivered', { shipmentId }),
  deliveryFailed: (shipmentId = 's1') => draft('DeliveryFailed', { shipmentId, reason: 'nobody home' }),
  reattempted: (shipmentId = 's1') => draft('DeliveryReattempted', { shipmentId }),
  returnedToSender: (shipmentId = 's1') => draft('ShipmentReturnedToSender', { shipmentId, reason: 'refused' }),
  scanned: (
    shipmentId = 's1',
    carrierEventId = 'ev-1',
    kind: CarrierScanKind = 'in-transit',
    occurredAt = minutesAfterT0(30),
  ) => draft('CarrierScanRecorded', { shipmentId, carrier: 'dhl', carrierEventId, kind, occurredAt }),
  windowChosen: draft('DeliveryWindowChosen', {
    window: { from: '2026-03-05T08:00:00.000Z', to: '2026-03-05T12:00:00.000Z' },
    chosenBy: { kind: 'user', id: 'c-42', role: 'customer' },
  }),
  /** The fixtures' order (s1 at wh-lyon) and `o-2` (placed 30 minutes later) in one parcel `k1`. */
  consolidated: (shipmentId = 's1', locationId = 'wh-lyon', consolidationId = 'k1', supersedes?: string[]) =>
    draft('ShipmentConsolidated', {
      consolidationId,
      shipmentId,
      consolidatedShipmentId: `parcel-${consolidationId}`,
      locationId,
      members: [
        { orderId: ORDER_ID, shipmentId, placedAt: minutesAfterT0(0) },
        { orderId: 'o-2', shipmentId: 's1', placedAt: minutesAfterT0(30) },
      ],
      basis: {
        customerId: 'c-42',
        addressKey: consolidationAddressKey(placeOrderCommand().shippingAddress),
        windowMinutes: 120,
        decidedAt: minutesAfterT0(40),
      },
      ...(supersedes === undefined ? {} : { supersedes }),
    }),
  consolidationUndone: (shipmentId = 's1', consolidationId = 'k1') =>
    draft('ConsolidationUndone', {
      consolidationId,
      shipmentId,
      reason: 'member o-2 cancelled (customer asked)',
      causedBy: { orderId: 'o-2', event: 'OrderCancelled' },
    }),
  authorized: (amount = 6000, paymentId = 'p1') =>
    draft('PaymentAuthorized', { paymentId, amount: eur(amount), method: 'card' }),
  captured: (amount = 6000, paymentId = 'p1') => draft('PaymentCaptured', { paymentId, amount: eur(amount) }),
  refunded: (amount: number, refundId = 'rf1', returnId?: string) =>
    draft('RefundIssued', { refundId, amount: eur(amount), reason: 'goodwill', ...(returnId ? { returnId } : {}) }),
  returnRequested: (returnId = 'r1', quantity = 1) =>
    draft('ReturnRequested', { returnId, lines: [{ lineId: '1', quantity }], reason: 'broken' }),
};

/** Drafts from nothing to a shipment `s1` (all lines) at each stage. */
export function pathTo(
  stage: 'allocated' | 'picking' | 'packed' | 'shipped' | 'inTransit' | 'outForDelivery' | 'delivered',
): OrderEventDraft[] {
  const steps = [fx.placed, fx.confirmed, fx.allocated, fx.picking(), fx.packed(), fx.dispatched()];
  const stages = ['allocated', 'picking', 'packed', 'shipped', 'inTransit', 'outForDelivery', 'delivered'];
  const more = [fx.inTransit(), fx.outForDelivery(), fx.delivered()];
  return [...steps, ...more].slice(0, 3 + stages.indexOf(stage));
}
