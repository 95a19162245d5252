import { and, assign, setup } from 'xstate';
import { recordConsolidation, recordConsolidationUndone } from './order.consolidation.ts';
import { type HoldOrigin, initialOrderContext, type OrderContext } from './order.context.ts';
import type { OrderEvent, OrderEventOf, OrderEventType } from './order.events.ts';
import * as fulfilment from './order.fulfilment.ts';
import { orderGuards } from './order.guards.ts';
import * as payment from './order.payment.ts';
import { recordScan } from './order.scans.ts';
import { FULFILMENT_STAGES } from './order.stage.ts';
import {
  authorization,
  cancelLinesAndSettle,
  cancellation,
  cancelOrder,
  close,
  hold,
  refund,
  remainder,
  returnRequest,
  shipmentEvents,
} from './order.transitions.ts';
import * as lifecycle from './order.updates.ts';

type Reducer<T extends OrderEventType> = (context: OrderContext, event: OrderEventOf<T>) => OrderContext;

// Binds a context update to its event type; any other event leaves the context as it is.
const on =
  <T extends OrderEventType>(type: T, reducer: Reducer<T>) =>
  ({ context, event }: { context: OrderContext; event: OrderEvent }): OrderContext =>
    event.type === type ? reducer(context, event as OrderEventOf<T>) : context;

/**
 * The order's lifecycle. Transitions on recorded domain events (envelopes: `type`, `data`,
 * `metadata.occurredAt` is the time); pure: no invoke, no timers, no I/O. Always a parallel
 * state of three regions: main (starts at `new`, waiting for OrderPlaced), payment, returns.
 */
export const orderMachine = setup({
  types: { context: {} as OrderContext, events: {} as OrderEvent },
  guards: orderGuards,
  actions: {
    recordPlacement: assign(on('OrderPlaced', lifecycle.recordPlacement)),
    recordRules: assign(on('RulesApplied', lifecycle.recordRules)),
    recordConfirmation: assign(({ context, event }) => lifecycle.recordConfirmation(context, event)),
    recordHold: assign(({ context, event }, params: { from: HoldOrigin }) =>
      event.type === 'OrderHeld' ? lifecycle.recordHold(context, event, params.from) : context,
    ),
    recordRelease: assign(on('OrderReleased', lifecycle.recordRelease)),
    recordApprovalRequest: assign(on('ApprovalRequested', lifecycle.recordApprovalRequest)),
    recordEscalation: assign(on('ApprovalEscalated', lifecycle.recordEscalation)),
    recordApproval: assign(on('OrderApproved', lifecycle.recordApproval)),
    recordRejection: assign(on('OrderRejected', lifecycle.recordRejection)),
    recordAllocation: assign(on('OrderAllocated', fulfilment.recordAllocation)),
    recordAllocationRejection: assign(on('AllocationRejected', fulfilment.recordAllocationRejection)),
    recordPickingStarted: assign(on('PickingStarted', fulfilment.recordPickingStarted)),
    recordPacking: assign(on('ShipmentPacked', fulfilment.recordPacking)),
    recordDispatch: assign(on('ShipmentDispatched', fulfilment.recordDispatch)),
    recordInTransit: assign(on('ShipmentInTransit', fulfilment.recordInTransit)),
    recordOutForDelivery: assign(on('ShipmentOutForDelivery', fulfilment.recordOutForDelivery)),
    recordDelivery: assign(on('ShipmentDelivered', fulfilment.recordDelivery)),
    recordDeliveryFailure: assign(on('DeliveryFailed', fulfilment.recordDeliveryFailure)),
    recordReattempt: assign(on('DeliveryReattempted', fulfilment.recordReattempt)),
    recordReturnToSender: assign(on('ShipmentReturnedToSender', fulfilment.recordReturnToSender)),
    recordScan: assign(on('CarrierScanRecorded', recordScan)),
    recordConsolidation: assign(on('ShipmentConsolidated', recordConsolidation)),
    recordConsolidationUndone: assign(on('ConsolidationUndone', recordConsolidationUndone)),
    recordDeliveryWindow: assign(on('DeliveryWindowChosen', lifecycle.recordDeliveryWindow)),
    recordCompletion: assign(({ context, event }) => lifecycle.recordCompletion(context, event)),
    recordCancellation: assign(on('OrderCancelled', lifecycle.recordCancellation)),
    recordLineCancellation: assign(on('OrderLinesCancelled', lifecycle.recordLineCancellation)),
    recordClosure: assign(({ context, event }) => lifecycle.recordClosure(context, event)),
    recordAuthorization: assign(on('PaymentAuthorized', payment.recordAuthorization)),
    recordAuthorizationFailure: assign(on('PaymentAuthorizationFailed', payment.recordAuthorizationFailure)),
    recordCapture: assign(on('PaymentCaptured', payment.recordCapture)),
    recordCaptureFailure: assign(on('PaymentCaptureFailed', payment.recordCaptureFailure)),
    recordVoid: assign(on('PaymentVoided', payment.recordVoid)),
    recordRefund: assign(on('RefundIssued', payment.recordRefund)),
    recordReturnRequest: assign(on('ReturnRequested', payment.recordReturnRequest)),
    recordReturnApproval: assign(on('ReturnApproved', payment.recordReturnApproval)),
    recordReturnRejection: assign(on('ReturnRejected', payment.recordReturnRejection)),
    recordReturnReceipt: assign(on('ReturnReceived', payment.recordReturnReceipt)),
    recordReturnRefund: assign(on('RefundIssued', payment.recordReturnRefund)),
    recordAddressChange: assign(on('ShippingAddressChanged', lifecycle.recordAddressChange)),
    recordNote: assign(on('NoteAdded', lifecycle.recordNote)),
    addTag: assign(on('OrderTagged', lifecycle.addTag)),
    removeTag: assign(on('OrderUntagged', lifecycle.removeTag)),
  },
}).createMachine({
  id: 'order',
  type: 'parallel',
  context: initialOrderContext,
  on: {
    ShippingAddressChanged: { guard: 'canChangeAddress', actions: 'recordAddressChange' },
    NoteAdded: { guard: 'isOpen', actions: 'recordNote' },
    DeliveryWindowChosen: { guard: 'canChooseDeliveryWindow', actions: 'recordDeliveryWindow' },
    OrderTagged: { guard: 'isOpen', actions: 'addTag' },
    OrderUntagged: { guard: 'isOpen', actions: 'removeTag' },
    // Whatever the order went through since (held, cancelled, picking), a member's parcel can be split until it leaves.
    ConsolidationUndone: { guard: 'canUndoConsolidation', actions: 'recordConsolidationUndone' },
  },
  states: {
    main: {
      initial: 'new',
      states: {
        new: { on: { OrderPlaced: { target: 'placed', actions: 'recordPlacement' } } },
        placed: {
          on: {
            // Only in PlaceOrder's own append, before the outcome: once confirmed it is too late.
            RulesApplied: { actions: 'recordRules' },
            OrderConfirmed: { target: 'confirmed', actions: 'recordConfirmation' },
            ApprovalRequested: { target: 'awaitingApproval', actions: 'recordApprovalRequest' },
            ...hold('placed'),
            ...cancellation,
          },
        },
        onHold: {
          on: {
            OrderReleased: [
              {
                guard: { type: 'isHeldFrom', params: { from: 'awaitingApproval' } },
                target: 'awaitingApproval',
                actions: 'recordRelease',
              },
              {
                guard: { type: 'isHeldFrom', params: { from: 'allocated' } },
                target: 'settling',
                actions: 'recordRelease',
              },
              // Held at placement (screening) or after confirmation: released means confirmed.
              { target: 'confirmed', actions: 'recordRelease' },
            ],
            // A location may give its shipment back while the order is held; released, it settles as confirmed.
            AllocationRejected: {
              guard: and(['canRejectAllocation', { type: 'isHeldFrom', params: { from: 'allocated' as const } }]),
              actions: 'recordAllocationRejection',
            },
            ...cancellation,
          },
        },
        awaitingApproval: {
          on: {
            ApprovalEscalated: { actions: 'recordEscalation' },
            OrderApproved: { target: 'confirmed', actions: 'recordApproval' },
            OrderRejected: { target: 'cancelled', actions: 'recordRejection' },
            ...hold('awaitingApproval'),
            ...cancellation,
          },
        },
        confirmed: {
          on: {
            OrderAllocated: { guard: 'canAllocate', target: 'allocated', actions: 'recordAllocation' },
            ...hold('confirmed'),
            ...cancellation,
          },
        },
        allocated: {
          on: {
            // Re-allocation (e.g. a store ran out) while nobody has started picking.
            OrderAllocated: { guard: 'canReallocate', actions: 'recordAllocation' },
            // Shipped in one parcel with the customer's other orders to the same address, until picking starts.
            ShipmentConsolidated: { guard: 'canConsolidate', actions: 'recordConsolidation' },
            // A location gave its shipment back: the allocation is withdrawn and the order needs a new one.
            AllocationRejected: {
              guard: 'canRejectAllocation',
              target: 'confirmed',
              actions: 'recordAllocationRejection',
            },
            ...hold('allocated'),
            OrderCancelled: cancelOrder,
            OrderLinesCancelled: cancelLinesAndSettle,
            ...shipmentEvents,
          },
        },
        fulfilment: {
          initial: 'picking',
          on: { ...shipmentEvents, OrderLinesCancelled: cancelLinesAndSettle },
          states: {
            picking: { on: { OrderCancelled: cancelOrder } },
            packed: { on: { OrderCancelled: cancelOrder } },
            shipped: {},
            inTransit: {},
            outForDelivery: {},
            deliveryFailed: {},
            // The goods are back and nothing will be delivered: the order can only be closed.
            returnedToSender: { on: close },
            delivered: { on: { OrderCompleted: { target: '#order.main.completed', actions: 'recordCompletion' } } },
          },
        },
        // Transient: never rests here. Eventless transitions pick the stage from the context.
        settling: {
          always: [
            { guard: { type: 'isAtStage', params: { stage: 'confirmed' } }, target: 'confirmed' },
            { guard: { type: 'isAtStage', params: { stage: 'allocated' } }, target: 'allocated' },
            ...FULFILMENT_STAGES.map((stage) => ({
              guard: { type: 'isAtStage', params: { stage } } as const,
              target: `fulfilment.${stage}` as const,
            })),
          ],
        },
        // Scans that arrive after completion are still recorded (the shipment is delivered already).
        completed: { on: { ...close, CarrierScanRecorded: { guard: 'isScannable', actions: 'recordScan' } } },
        cancelled: { on: close },
        closed: { type: 'final' },
      },
    },
    payment: {
      initial: 'pending',
      states: {
        pending: { on: authorization },
        authorizationFailed: {
          on: {
            ...authorization,
            PaymentAuthorizationFailed: { guard: 'isLive', actions: 'recordAuthorizationFailure' },
          },
        },
        // Nothing captured yet (at most one authorization is open at a time).
        authorized: {
          on: {
            PaymentCaptured: { guard: 'canCapture', target: 'captured', actions: 'recordCapture' },
            PaymentCaptureFailed: { guard: 'isCapturablePayment', actions: 'recordCaptureFailure' },
            PaymentVoided: { guard: 'isVoidable', target: 'voided', actions: 'recordVoid' },
          },
        },
        captured: { on: { ...remainder, RefundIssued: refund } },
        partiallyRefunded: { on: { ...remainder, RefundIssued: refund } },
        refunded: {
          on: {
            ...remainder,
            PaymentCaptured: { guard: 'canCapture', target: 'partiallyRefunded', actions: 'recordCapture' },
          },
        },
        // The authorization was released before any capture: the buyer may pay again.
        voided: { on: authorization },
      },
    },
    returns: {
      initial: 'none',
      states: {
        none: { on: returnRequest },
        requested: {
          on: {
            ReturnApproved: { guard: 'isCurrentReturn', target: 'approved', actions: 'recordReturnApproval' },
            ReturnRejected: { guard: 'isCurrentReturn', target: 'rejected', actions: 'recordReturnRejection' },
          },
        },
        approved: {
          on: { ReturnReceived: { guard: 'isCurrentReturn', target: 'received', actions: 'recordReturnReceipt' } },
        },
        received: {
          on: { RefundIssued: { guard: 'refundsCurrentReturn', target: 'refunded', actions: 'recordReturnRefund' } },
        },
        rejected: { on: returnRequest },
        refunded: { on: returnRequest },
      },
    },
  },
});
