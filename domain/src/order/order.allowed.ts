import type { ActorRef } from '../shared/actor.ts';
import type { EventMetadata } from '../shared/event.ts';
import { ORDER_COMMAND_TYPES, type OrderCommandType } from './order.commands.ts';
import { consolidationAddressKey } from './order.consolidation.ts';
import type { OrderContext } from './order.context.ts';
import { ORDER_EVENT_SCHEMA_VERSION, type OrderEvent, type OrderEventDraft } from './order.events.ts';
import { entryOf } from './order.records.ts';
import { type OrderState, type OrderStateValue, type OrderStatus, orderStatus } from './order.state.ts';

const PROBE_ACTOR: ActorRef = { kind: 'system', component: 'order-probe' };

/** An envelope around a draft, so the machine can judge it before anything is recorded. */
export function candidateEvent(draft: OrderEventDraft, metadata: EventMetadata, eventId = 'candidate'): OrderEvent {
  return { eventId, type: draft.type, data: draft.data, metadata } as OrderEvent;
}

const PROBE_TIME = '1970-01-01T00:00:00.000Z';

const PROBE_METADATA: EventMetadata = {
  schemaVersion: ORDER_EVENT_SCHEMA_VERSION,
  occurredAt: PROBE_TIME,
  correlationId: 'probe',
  causationId: 'probe',
  actor: PROBE_ACTOR,
};

function freshId(prefix: string, taken: Readonly<Record<string, unknown>>): string {
  let n = 1;
  while (entryOf(taken, `${prefix}${n}`) !== undefined) n += 1;
  return `${prefix}${n}`;
}

/**
 * Representative events a command of each type would record in this context. A command is
 * allowed when the machine accepts at least one of them. Commands that need data are probed
 * with the smallest sensible data: one unit of a line, one minor unit of money, each known
 * shipment/payment, the current return, a fresh tag, and each present tag for untagging.
 */
function probes(type: OrderCommandType, context: OrderContext): OrderEventDraft[] {
  const money = (amount: number) => ({ amount, currency: context.currency });
  const shipmentIds = Object.keys(context.shipments);
  const paymentIds = Object.keys(context.payments);
  const returnId = context.currentReturnId ?? '';
  const each = <D extends OrderEventDraft>(ids: readonly string[], make: (id: string) => D): D[] => ids.map(make);
  switch (type) {
    case 'PlaceOrder':
      return [
        {
          type: 'OrderPlaced',
          data: {
            orderId: context.orderId,
            customer: { customerId: '' },
            channel: { salesChannel: '' },
            lines: [],
            shippingAddress: { name: '', line1: '', city: '', postalCode: '', country: '' },
            shippingFee: money(0),
            total: money(0),
            currency: context.currency,
            placedAt: PROBE_METADATA.occurredAt,
          },
        },
      ];
    case 'ConfirmOrder':
      return [{ type: 'OrderConfirmed', data: { reason: 'probe' } }];
    case 'HoldOrder':
      return [{ type: 'OrderHeld', data: { reason: 'probe' } }];
    case 'ReleaseOrder':
      return [{ type: 'OrderReleased', data: { reason: 'probe' } }];
    case 'RequestApproval':
      return [{ type: 'ApprovalRequested', data: { role: 'probe', reason: 'probe' } }];
    case 'EscalateApproval':
      return [
        {
          type: 'ApprovalEscalated',
          data: {
            fromRole: 'probe',
            toRole: 'probe',
            level: 1,
            requestedAt: PROBE_TIME,
            deadline: PROBE_TIME,
            escalatedAt: PROBE_TIME,
            rule: 'probe',
            timeoutMs: 1,
          },
        },
      ];
    case 'ApproveOrder':
      return [{ type: 'OrderApproved', data: { role: 'probe' } }];
    case 'RejectOrder':
      return [{ type: 'OrderRejected', data: { role: 'probe', reason: 'probe' } }];
    case 'AllocateOrder': {
      const lines = context.lines
        .filter((line) => line.quantity > line.cancelledQuantity)
        .map((line) => ({ lineId: line.lineId, quantity: line.quantity - line.cancelledQuantity }));
      const shipmentId = freshId('probe-', context.shipments);
      return [{ type: 'OrderAllocated', data: { allocations: [{ shipmentId, locationId: 'probe', lines }] } }];
    }
    case 'RejectAllocation':
      return Object.values(context.shipments).map(({ shipmentId, locationId }) => ({
        type: 'AllocationRejected',
        data: { shipmentId, locationId, kind: 'rejected', reason: 'probe' },
      }));
    case 'StartPicking':
      return Object.values(context.shipments).map(({ shipmentId, consolidation }) => ({
        type: 'PickingStarted',
        data: { shipmentId, ...(consolidation ? { consolidationId: consolidation.consolidationId } : {}) },
      }));
    case 'PackShipment':
      return each(shipmentIds, (shipmentId) => ({ type: 'ShipmentPacked', data: { shipmentId } }));
    case 'DispatchShipment':
      return each(shipmentIds, (shipmentId) => ({
        type: 'ShipmentDispatched',
        data: { shipmentId, carrier: 'probe', trackingNumber: 'probe' },
      }));
    case 'RecordShipmentInTransit':
      return each(shipmentIds, (shipmentId) => ({ type: 'ShipmentInTransit', data: { shipmentId } }));
    case 'RecordOutForDelivery':
      return each(shipmentIds, (shipmentId) => ({ type: 'ShipmentOutForDelivery', data: { shipmentId } }));
    case 'RecordDelivery':
      return each(shipmentIds, (shipmentId) => ({ type: 'ShipmentDelivered', data: { shipmentId } }));
    case 'RecordDeliveryFailure':
      return each(shipmentIds, (shipmentId) => ({ type: 'DeliveryFailed', data: { shipmentId, reason: 'probe' } }));
    case 'ReattemptDelivery':
      return each(shipmentIds, (shipmentId) => ({ type: 'DeliveryReattempted', data: { shipmentId } }));
    case 'ReturnShipmentToSender':
      return each(shipmentIds, (shipmentId) => ({
        type: 'ShipmentReturnedToSender',
        data: { shipmentId, reason: 'probe' },
      }));
    case 'RecordCarrierScan':
    case 'RecordCarrierScans':
      return each(shipmentIds, (shipmentId) => ({
        type: 'CarrierScanRecorded',
        data: { shipmentId, carrier: 'probe', carrierEventId: 'probe', kind: 'in-transit', occurredAt: PROBE_TIME },
      }));
    case 'ConsolidateShipment':
      return consolidationProbes(context);
    case 'UndoConsolidation':
      return Object.values(context.shipments).flatMap(({ shipmentId, consolidation }) =>
        consolidation === undefined
          ? []
          : [
              {
                type: 'ConsolidationUndone' as const,
                data: { consolidationId: consolidation.consolidationId, shipmentId, reason: 'probe' },
              },
            ],
      );
    case 'ChooseDeliveryWindow':
      return [
        {
          type: 'DeliveryWindowChosen',
          data: { window: { from: PROBE_TIME, to: PROBE_TIME }, chosenBy: PROBE_ACTOR },
        },
      ];
    case 'CompleteOrder':
      return [{ type: 'OrderCompleted', data: { reason: 'probe' } }];
    case 'CancelOrder':
      return [{ type: 'OrderCancelled', data: { reason: 'probe' } }];
    case 'CancelOrderLines':
      return context.lines.map((line) => ({
        type: 'OrderLinesCancelled',
        data: { lines: [{ lineId: line.lineId, quantity: 1 }], reason: 'probe' },
      }));
    case 'CloseOrder':
      return [{ type: 'OrderClosed', data: { reason: 'probe' } }];
    case 'AuthorizePayment':
      return [
        {
          type: 'PaymentAuthorized',
          data: { paymentId: freshId('probe-', context.payments), amount: money(1), method: 'probe' },
        },
      ];
    case 'RecordPaymentAuthorizationFailure':
      return [{ type: 'PaymentAuthorizationFailed', data: { paymentId: 'probe', reason: 'probe' } }];
    case 'CapturePayment':
      return each(paymentIds, (paymentId) => ({ type: 'PaymentCaptured', data: { paymentId, amount: money(1) } }));
    case 'RecordPaymentCaptureFailure':
      return each(paymentIds, (paymentId) => ({ type: 'PaymentCaptureFailed', data: { paymentId, reason: 'probe' } }));
    case 'VoidPayment':
      return each(paymentIds, (paymentId) => ({ type: 'PaymentVoided', data: { paymentId, reason: 'probe' } }));
    case 'RefundPayment':
      return [
        {
          type: 'RefundIssued',
          data: { refundId: freshId('probe-', context.refunds), amount: money(1), reason: 'probe' },
        },
      ];
    case 'RequestReturn':
      return context.lines.map((line) => ({
        type: 'ReturnRequested',
        data: {
          returnId: freshId('probe-', context.returns),
          lines: [{ lineId: line.lineId, quantity: 1 }],
          reason: 'probe',
        },
      }));
    case 'ApproveReturn':
      return [{ type: 'ReturnApproved', data: { returnId } }];
    case 'RejectReturn':
      return [{ type: 'ReturnRejected', data: { returnId, reason: 'probe' } }];
    case 'ReceiveReturn':
      return [{ type: 'ReturnReceived', data: { returnId, condition: 'resellable' } }];
    case 'ChangeShippingAddress':
      return context.shippingAddress === null
        ? []
        : [{ type: 'ShippingAddressChanged', data: { address: context.shippingAddress } }];
    case 'AddNote':
      return [{ type: 'NoteAdded', data: { noteId: 'probe', text: 'probe', visibility: 'internal' } }];
    case 'TagOrder': {
      let tag = 'probe';
      while (context.tags.includes(tag)) tag += '+';
      return [{ type: 'OrderTagged', data: { tag } }];
    }
    case 'UntagOrder':
      return context.tags.map((tag) => ({ type: 'OrderUntagged', data: { tag } }));
  }
}

// A consolidation of each allocated shipment with one other order, on this order's own basis.
function consolidationProbes(context: OrderContext): OrderEventDraft[] {
  const { customer, shippingAddress, milestones } = context;
  if (customer === null || shippingAddress === null || milestones.placedAt === undefined) return [];
  const placedAt = milestones.placedAt;
  return Object.values(context.shipments).map(({ shipmentId, locationId, consolidation }) => ({
    type: 'ShipmentConsolidated',
    data: {
      consolidationId: `${consolidation?.consolidationId ?? ''}probe`,
      shipmentId,
      consolidatedShipmentId: 'probe',
      locationId,
      members: [
        { orderId: context.orderId, shipmentId, placedAt },
        { orderId: `${context.orderId}-probe`, shipmentId: 'probe', placedAt },
      ],
      basis: {
        customerId: customer.customerId,
        addressKey: consolidationAddressKey(shippingAddress),
        windowMinutes: 1,
        decidedAt: PROBE_TIME,
      },
      ...(consolidation ? { supersedes: [consolidation.consolidationId] } : {}),
    },
  }));
}

const allowedCache = new WeakMap<OrderState, readonly OrderCommandType[]>();

/** Command types the order can accept in this state (see `probes` for commands that need data). */
export function allowedOrderCommands(state: OrderState): OrderCommandType[] {
  const cached = allowedCache.get(state);
  if (cached !== undefined) return [...cached];
  const allowed = ORDER_COMMAND_TYPES.filter((type) =>
    probes(type, state.context).some((draft) => state.can(candidateEvent(draft, PROBE_METADATA))),
  );
  allowedCache.set(state, allowed);
  return [...allowed];
}

/** The order's state in words, for errors and APIs: the same `state` form rejections carry. */
export function describeOrder(state: OrderState): {
  readonly state: OrderStatus;
  readonly value: OrderStateValue;
  readonly allowedCommands: OrderCommandType[];
} {
  return {
    state: orderStatus(state),
    value: state.value as OrderStateValue,
    allowedCommands: allowedOrderCommands(state),
  };
}
