import { ORDER_EVENT_TYPES, type OrderEventDraft, type OrderEventType } from '../order/order.events.ts';
import { foldOrder, type OrderState } from '../order/order.state.ts';
import { draft, fx, orderStream, recordOrderEvent } from './order-fixtures.ts';

// Representative events for the hand-written legality tables. An event type counts as
// accepted in a state when the machine accepts at least one of its representatives, so
// shipment events are tried on both shipments of a split order, payment events on both
// payments (p2 is the new authorization's id) and line cancellations on both lines. Amounts are small enough to fit what is left after partial captures.

const bothShipments = (make: (shipmentId: string) => OrderEventDraft) => [make('s1'), make('s2')];
const bothPayments = (make: (paymentId: string) => OrderEventDraft) => [make('p1'), make('p2')];

/** Each event type's representatives. */
export const LEGALITY_COLUMNS: Readonly<Record<OrderEventType, readonly OrderEventDraft[]>> = {
  OrderPlaced: [fx.placed],
  RulesApplied: [
    draft('RulesApplied', {
      ruleSet: 'default',
      version: 1,
      matched: [],
      facts: {},
      effects: { giftLines: [], discounts: [], discountTotal: 0, notices: [], tags: [] },
      addedLines: [],
    }),
  ],
  OrderConfirmed: [fx.confirmed],
  OrderHeld: [draft('OrderHeld', { reason: 'address check' })],
  OrderReleased: [draft('OrderReleased', { reason: 'checked' })],
  ApprovalRequested: [draft('ApprovalRequested', { role: 'risk', reason: 'large order' })],
  ApprovalEscalated: [
    draft('ApprovalEscalated', {
      fromRole: 'risk',
      toRole: 'admin',
      level: 1,
      requestedAt: '2026-03-01T10:00:00.000Z',
      deadline: '2026-03-02T10:00:00.000Z',
      escalatedAt: '2026-03-02T10:01:00.000Z',
      rule: 'risk=24h>admin',
      timeoutMs: 86_400_000,
    }),
  ],
  OrderApproved: [draft('OrderApproved', { role: 'risk' })],
  OrderRejected: [draft('OrderRejected', { role: 'risk', reason: 'fraud' })],
  // s3 as well: after a withdrawn allocation its shipment ids stay taken by the cancelled shipments.
  OrderAllocated: [
    fx.allocated,
    draft('OrderAllocated', { allocations: [{ ...fx.allocated.data.allocations[0]!, shipmentId: 's3' }] }),
  ],
  AllocationRejected: [fx.allocationRejected('s1', 'wh-lyon'), fx.allocationRejected('s2', 'store-paris')],
  PickingStarted: bothShipments(fx.picking),
  ShipmentPacked: bothShipments(fx.packed),
  ShipmentDispatched: bothShipments(fx.dispatched),
  ShipmentInTransit: bothShipments(fx.inTransit),
  ShipmentOutForDelivery: bothShipments(fx.outForDelivery),
  ShipmentDelivered: bothShipments(fx.delivered),
  DeliveryFailed: bothShipments(fx.deliveryFailed),
  DeliveryReattempted: bothShipments(fx.reattempted),
  ShipmentReturnedToSender: bothShipments(fx.returnedToSender),
  CarrierScanRecorded: bothShipments((shipmentId) => fx.scanned(shipmentId)),
  ShipmentConsolidated: [fx.consolidated('s1', 'wh-lyon'), fx.consolidated('s2', 'store-paris')],
  ConsolidationUndone: bothShipments((shipmentId) => fx.consolidationUndone(shipmentId)),
  DeliveryWindowChosen: [fx.windowChosen],
  OrderCompleted: [draft('OrderCompleted', { reason: 'delivered' })],
  OrderCancelled: [draft('OrderCancelled', { reason: 'customer asked' })],
  OrderLinesCancelled: ['1', '2'].map((lineId) =>
    draft('OrderLinesCancelled', { lines: [{ lineId, quantity: 1 }], reason: 'out of stock' }),
  ),
  OrderClosed: [draft('OrderClosed', { reason: 'done' })],
  PaymentAuthorized: [fx.authorized(6000, 'p2')],
  PaymentAuthorizationFailed: [draft('PaymentAuthorizationFailed', { paymentId: 'p2', reason: 'declined' })],
  PaymentCaptured: bothPayments((paymentId) => fx.captured(100, paymentId)),
  PaymentCaptureFailed: bothPayments((paymentId) => draft('PaymentCaptureFailed', { paymentId, reason: 'timeout' })),
  PaymentVoided: bothPayments((paymentId) => draft('PaymentVoided', { paymentId, reason: 'cancelled' })),
  RefundIssued: [fx.refunded(100, 'rf9')],
  ReturnRequested: [fx.returnRequested('r2')],
  ReturnApproved: [draft('ReturnApproved', { returnId: 'r1' })],
  ReturnRejected: [draft('ReturnRejected', { returnId: 'r1', reason: 'worn' })],
  ReturnReceived: [draft('ReturnReceived', { returnId: 'r1', condition: 'resellable' })],
  ShippingAddressChanged: [
    draft('ShippingAddressChanged', {
      address: { name: 'Jane Doe', line1: '2 Rue Neuve', city: 'Lyon', postalCode: '69002', country: 'FR' },
    }),
  ],
  NoteAdded: [draft('NoteAdded', { noteId: 'n9', text: 'called the customer', visibility: 'internal' })],
  OrderTagged: [draft('OrderTagged', { tag: 'vip' })],
  OrderUntagged: [draft('OrderUntagged', { tag: 'vip' })],
};

/** Groups of event types that go together in many rows. */
export const NOTES_AND_TAGS: OrderEventType[] = ['NoteAdded', 'OrderTagged', 'OrderUntagged'];
export const ANYTIME_BEFORE_DISPATCH: OrderEventType[] = ['ShippingAddressChanged', ...NOTES_AND_TAGS];
/** The customer's delivery window: from placement until the order is delivered, cancelled or closed. */
export const WINDOW: OrderEventType[] = ['DeliveryWindowChosen'];
/** A carrier scan of a dispatched shipment, until the order is closed. */
export const SCAN: OrderEventType[] = ['CarrierScanRecorded'];
export const NEW_PAYMENT: OrderEventType[] = ['PaymentAuthorized', 'PaymentAuthorizationFailed'];
export const CANCEL: OrderEventType[] = ['OrderCancelled', 'OrderLinesCancelled'];
export const PLACED: OrderEventType[] = ['RulesApplied', 'OrderConfirmed', 'OrderHeld', 'ApprovalRequested', ...CANCEL];
/** What may happen to the remainder of an authorization: captured, failed, voided. */
export const REMAINDER: OrderEventType[] = ['PaymentCaptured', 'PaymentCaptureFailed', 'PaymentVoided'];

/** A legality row: a name (`<region> <state> …`), the path there and the event types accepted then. */
export type LegalityRow = readonly [name: string, path: OrderEventDraft[], accepted: OrderEventType[]];

/** The state after the path, and the event types it accepts, sorted. */
export function acceptedAfter(path: readonly OrderEventDraft[]): { state: OrderState; accepted: OrderEventType[] } {
  const state = foldOrder(orderStream(path));
  const accepted = ORDER_EVENT_TYPES.filter((type) =>
    LEGALITY_COLUMNS[type].some((candidate) => state.can(recordOrderEvent(candidate, path.length))),
  );
  return { state, accepted: accepted.sort() };
}
