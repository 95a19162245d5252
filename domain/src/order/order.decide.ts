import { decideApproval, decideEscalation } from './order.approval.ts';
import { checkAllocation, checkLineQuantities, checkRouting, isPresent, remainingQuantity } from './order.checks.ts';
import type { OrderCommand } from './order.commands.ts';
import { decideConsolidation, decideUndoConsolidation } from './order.decide-consolidation.ts';
import { decideClose, decidePayment, decideReturn } from './order.decide-payment.ts';
import { decideScan, decideScans } from './order.decide-scan.ts';
import { decideAllocationRejection, decideShipment } from './order.decide-shipment.ts';
import { decideDeliveryWindow } from './order.decide-window.ts';
import {
  ifAllowed,
  missing,
  type OrderDecision,
  type OrderDecisionFacts,
  problem,
  rejectOrder,
} from './order.decision.ts';
import { decidePlaceOrder, invalidAddressField } from './order.place.ts';
import { refuseUnlessRiskStaff } from './order.risk-hold.ts';
import { type OrderState, orderStatus } from './order.state.ts';

/**
 * Turns an order command into the events it causes in this state, or a typed rejection.
 * Pure: time and who come from `facts`. Command data is checked here (precise codes); whether
 * the state allows it is asked of the machine with the candidate events (`snapshot.can`).
 * Every rejection's details carry `state` (`orderStatus`: each region, main dotted) and
 * `allowedCommands`. Approvals, rejections and releases record who decided (`decidedBy`); an order on a hold
 * risk took is released, cancelled or changed (lines cancelled, address changed) by the risk
 * role or admin only (`order.risk-hold`); an approval is decided by the role it waits on (or was
 * escalated from) or admin only (`order.approval-role`).
 */
export function decideOrder(command: OrderCommand, state: OrderState, facts: OrderDecisionFacts): OrderDecision {
  if (command.type !== 'PlaceOrder') {
    const { main } = orderStatus(state);
    if (main === 'new') return rejectOrder(state, 'order.not-found', `order ${command.orderId} does not exist`);
    if (main === 'closed') return rejectOrder(state, 'order.closed', `order ${command.orderId} is closed`);
  }
  const { context } = state;
  switch (command.type) {
    case 'PlaceOrder':
      return decidePlaceOrder(command, state, facts);
    case 'ConfirmOrder':
      return ifAllowed(
        state,
        facts,
        [{ type: 'OrderConfirmed', data: { reason: command.reason ?? 'confirmed' } }],
        'order.not-confirmable',
        'only a placed order that is neither held nor awaiting approval can be confirmed',
      );
    case 'HoldOrder':
      if (!isPresent(command.reason)) return missing(state, '/reason');
      return ifAllowed(
        state,
        facts,
        [{ type: 'OrderHeld', data: { reason: command.reason, ...(command.facts ? { facts: command.facts } : {}) } }],
        'order.not-holdable',
        'an order can be held until it is allocated, and only while no shipment has been dispatched',
      );
    case 'ReleaseOrder': {
      if (!isPresent(command.reason)) return missing(state, '/reason');
      const refused = refuseUnlessRiskStaff(state, facts, 'released');
      if (refused !== undefined) return refused;
      return ifAllowed(
        state,
        facts,
        [
          {
            type: 'OrderReleased',
            data: {
              reason: command.reason,
              decidedBy: facts.metadata.actor,
              ...(command.facts === undefined ? {} : { facts: command.facts }),
            },
          },
        ],
        'order.not-on-hold',
        'the order is not on hold',
      );
    }
    case 'RequestApproval':
      if (!isPresent(command.role)) return missing(state, '/role');
      if (!isPresent(command.reason)) return missing(state, '/reason');
      return ifAllowed(
        state,
        facts,
        [{ type: 'ApprovalRequested', data: { role: command.role, reason: command.reason } }],
        'order.approval-not-requestable',
        'approval can only be requested for a placed order',
      );
    case 'EscalateApproval':
      return decideEscalation(command, state, facts);
    case 'ApproveOrder':
    case 'RejectOrder':
      return decideApproval(command, state, facts);
    case 'AllocateOrder': {
      const found = checkAllocation(context, command.allocations);
      if (found !== undefined) return problem(state, found, '/allocations');
      const routed = checkRouting(command.allocations, command.routing);
      if (routed !== undefined) return problem(state, routed, '/routing');
      const data = {
        allocations: command.allocations,
        ...(command.reason ? { reason: command.reason } : {}),
        ...(command.routing ? { routing: command.routing } : {}),
      };
      return ifAllowed(
        state,
        facts,
        [{ type: 'OrderAllocated', data }],
        'order.not-allocatable',
        'an order can be allocated once confirmed, and re-allocated until picking starts',
      );
    }
    case 'RejectAllocation':
      return decideAllocationRejection(command, state, facts);
    case 'StartPicking':
    case 'PackShipment':
    case 'DispatchShipment':
    case 'RecordShipmentInTransit':
    case 'RecordOutForDelivery':
    case 'RecordDelivery':
    case 'RecordDeliveryFailure':
    case 'ReattemptDelivery':
    case 'ReturnShipmentToSender':
      return decideShipment(command, state, facts);
    case 'RecordCarrierScan': {
      const { type: _, orderId: __, ...scan } = command;
      return decideScan(scan, state, facts);
    }
    case 'RecordCarrierScans':
      return decideScans(command, state, facts);
    case 'ConsolidateShipment':
      return decideConsolidation(command, state, facts);
    case 'UndoConsolidation':
      return decideUndoConsolidation(command, state, facts);
    case 'ChooseDeliveryWindow':
      return decideDeliveryWindow(command, state, facts);
    case 'CompleteOrder':
      return ifAllowed(
        state,
        facts,
        [{ type: 'OrderCompleted', data: { reason: command.reason ?? 'delivered' } }],
        'order.not-completable',
        'an order is completed once every shipment is delivered',
      );
    case 'CancelOrder': {
      if (!isPresent(command.reason)) return missing(state, '/reason');
      const refused = refuseUnlessRiskStaff(state, facts, 'cancelled');
      if (refused !== undefined) return refused;
      return ifAllowed(
        state,
        facts,
        [{ type: 'OrderCancelled', data: { reason: command.reason } }],
        'order.not-cancellable',
        'an order can be cancelled until a shipment is dispatched',
      );
    }
    case 'CancelOrderLines': {
      if (!isPresent(command.reason)) return missing(state, '/reason');
      const found = checkLineQuantities(context, command.lines, remainingQuantity, 'order.invalid-quantity');
      if (found !== undefined) return problem(state, found, '/lines');
      const refused = refuseUnlessRiskStaff(state, facts, 'changed');
      if (refused !== undefined) return refused;
      return ifAllowed(
        state,
        facts,
        [{ type: 'OrderLinesCancelled', data: { lines: command.lines, reason: command.reason } }],
        'order.line-not-cancellable',
        'only quantities not dispatched yet can be cancelled (quantity − cancelled − dispatched)',
      );
    }
    case 'CloseOrder':
      return decideClose(command, state, facts);
    case 'AuthorizePayment':
    case 'RecordPaymentAuthorizationFailure':
    case 'CapturePayment':
    case 'RecordPaymentCaptureFailure':
    case 'VoidPayment':
    case 'RefundPayment':
      return decidePayment(command, state, facts);
    case 'RequestReturn':
    case 'ApproveReturn':
    case 'RejectReturn':
    case 'ReceiveReturn':
      return decideReturn(command, state, facts);
    case 'ChangeShippingAddress': {
      const field = invalidAddressField(command.address);
      if (field !== undefined) {
        return rejectOrder(state, 'order.invalid-address', `the address has no valid ${field}`, {
          field: `/address/${field}`,
        });
      }
      const refused = refuseUnlessRiskStaff(state, facts, 'changed');
      if (refused !== undefined) return refused;
      const data = { address: command.address, ...(command.reason ? { reason: command.reason } : {}) };
      return ifAllowed(
        state,
        facts,
        [{ type: 'ShippingAddressChanged', data }],
        'order.address-locked',
        'the address can change until a shipment is dispatched or the order is cancelled',
      );
    }
    case 'AddNote': {
      if (!isPresent(command.noteId)) return missing(state, '/noteId');
      if (!isPresent(command.text)) return missing(state, '/text');
      if (context.notes.some((note) => note.noteId === command.noteId)) {
        return rejectOrder(state, 'order.duplicate-note', `note ${command.noteId} exists already`, {
          field: '/noteId',
        });
      }
      const { noteId, text, visibility } = command;
      return ifAllowed(
        state,
        facts,
        [{ type: 'NoteAdded', data: { noteId, text, visibility } }],
        'order.closed',
        'the order is closed',
      );
    }
    case 'TagOrder':
    case 'UntagOrder': {
      const { tag } = command;
      if (!isPresent(tag)) return missing(state, '/tag');
      const present = context.tags.includes(tag);
      if (command.type === 'TagOrder' && present) {
        return rejectOrder(state, 'order.tag-present', `the order is tagged ${tag} already`, { field: '/tag' });
      }
      if (command.type === 'UntagOrder' && !present) {
        return rejectOrder(state, 'order.tag-absent', `the order is not tagged ${tag}`, { field: '/tag' });
      }
      const type = command.type === 'TagOrder' ? ('OrderTagged' as const) : ('OrderUntagged' as const);
      return ifAllowed(state, facts, [{ type, data: { tag } }], 'order.closed', 'the order is closed');
    }
    default:
      return unknownCommand(command, state);
  }
}

// Unreachable for typed callers (the `never` proves every type is handled); input that
// slipped past validation is refused rather than thrown on.
function unknownCommand(command: never, state: OrderState): OrderDecision {
  const type = (command as { type?: unknown }).type;
  return rejectOrder(state, 'order.invalid-field', `unknown command type ${String(type)}`, { field: '/type' });
}
