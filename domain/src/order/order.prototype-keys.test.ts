import { describe, expect, it } from 'vitest';
import { isRejection } from '../shared/rejection.ts';
import {
  forOrder,
  fx,
  minutesAfterT0,
  ORDER_ID,
  type OrderCommandInput,
  orderFacts,
  placeOrderCommand,
  recordOrderEvent,
} from '../testing/order-fixtures.ts';
import { ORDER_COMMAND_TYPES, type OrderCommandType } from './order.commands.ts';
import { consolidationAddressKey } from './order.consolidation.ts';
import { decideOrder } from './order.decide.ts';
import type { OrderScreening } from './order.decision.ts';
import {
  evolveOrder,
  initialOrderState,
  type OrderState,
  orderStatus,
  restoreOrderState,
  toPersistedOrderState,
} from './order.state.ts';

// Ids that name properties every object inherits: a lookup that is not own-property only
// finds them on an empty record, and `record['__proto__'] = x` replaces the prototype.
const KEYS = ['constructor', 'toString', '__proto__', 'hasOwnProperty'] as const;

type Step = readonly [command: OrderCommandInput, expected: 'accepted' | string, screening?: OrderScreening];

const { eur } = fx;
const ok = 'accepted';

function journey(id: string): Step[] {
  const s = (type: OrderCommandInput['type'], extra: object = {}) =>
    ({ type, shipmentId: id, ...extra }) as OrderCommandInput;
  const shipmentSteps = (shipmentId: string, expected: string): Step[] =>
    (
      [
        { type: 'StartPicking', shipmentId },
        { type: 'PackShipment', shipmentId },
        { type: 'DispatchShipment', shipmentId, carrier: 'dhl', trackingNumber: 'T' },
        { type: 'RecordShipmentInTransit', shipmentId },
        { type: 'RecordOutForDelivery', shipmentId },
        { type: 'RecordDeliveryFailure', shipmentId, reason: 'away' },
        { type: 'ReattemptDelivery', shipmentId },
        { type: 'RecordDelivery', shipmentId },
      ] as const
    ).map((command) => [command, expected]);
  const allocation = [
    { shipmentId: 'other', locationId: 'w1', lines: [{ lineId: id, quantity: 1 }] },
    {
      shipmentId: id,
      locationId: 'w2',
      lines: [
        { lineId: id, quantity: 2 },
        { lineId: 'b', quantity: 1 },
      ],
    },
  ];
  const scan = (carrierEventId: string) =>
    ({
      type: 'RecordCarrierScan',
      shipmentId: id,
      carrier: id,
      carrierEventId,
      kind: 'in-transit',
      occurredAt: '2026-03-02T10:00:00Z',
    }) as const;
  const lines = [
    { lineId: id, sku: 'SKU-A', name: 'Mug', quantity: 3, unitPrice: eur(1000) },
    { lineId: 'b', sku: 'SKU-B', name: 'Teapot', quantity: 1, unitPrice: eur(2500) },
  ];
  return [
    [placeOrderCommand({ lines }), ok],
    ...shipmentSteps(id, 'shipment.unknown'),
    [s('ReturnShipmentToSender', { reason: 'x' }), 'shipment.unknown'],
    [{ type: 'CapturePayment', paymentId: id }, 'payment.unknown'],
    [{ type: 'RecordPaymentCaptureFailure', paymentId: id, reason: 'x' }, 'payment.unknown'],
    [{ type: 'VoidPayment', paymentId: id, reason: 'x' }, 'payment.unknown'],
    [{ type: 'ApproveReturn', returnId: id }, 'return.unknown'],
    [{ type: 'RejectReturn', returnId: id, reason: 'x' }, 'return.unknown'],
    [{ type: 'ReceiveReturn', returnId: id, condition: 'damaged' }, 'return.unknown'],
    [{ type: 'RefundPayment', refundId: 'rf', amount: eur(100), reason: 'x', returnId: id }, 'return.unknown'],
    [{ type: 'UntagOrder', tag: id }, 'order.tag-absent'],
    [{ type: 'ChangeShippingAddress', address: { ...placeOrderCommand().shippingAddress, line1: id } }, ok],
    [{ type: 'AllocateOrder', allocations: allocation }, ok],
    [{ type: 'AllocateOrder', allocations: allocation }, ok],
    [{ type: 'CancelOrderLines', lines: [{ lineId: id, quantity: 1 }], reason: 'short' }, ok],
    [scan('early'), 'shipment.not-dispatched'],
    ...shipmentSteps(id, ok),
    [scan('late'), ok],
    [{ type: 'RecordCarrierScans', scans: [{ ...scan('later'), kind: 'delivered' }] }, ok],
    [
      { type: 'ChooseDeliveryWindow', window: { from: '2030-01-01T08:00:00Z', to: '2030-01-01T12:00:00Z' } },
      'order.not-your-order',
    ],
    ...shipmentSteps('other', ok).filter(([c]) => c.type !== 'RecordDeliveryFailure' && c.type !== 'ReattemptDelivery'),
    [{ type: 'AuthorizePayment', paymentId: id, amount: eur(6000), method: 'card' }, ok],
    [{ type: 'AuthorizePayment', paymentId: id, amount: eur(6000), method: 'card' }, 'payment.duplicate'],
    [{ type: 'RecordPaymentCaptureFailure', paymentId: id, reason: 'timeout' }, ok],
    [{ type: 'CapturePayment', paymentId: id, amount: eur(1000) }, ok],
    [{ type: 'CapturePayment', paymentId: id }, ok],
    // A line was cancelled, so the order is worth less than was authorized: release the rest.
    [{ type: 'VoidPayment', paymentId: id, reason: 'worth less after a cancelled line' }, ok],
    [{ type: 'RefundPayment', refundId: id, amount: eur(100), reason: 'goodwill' }, ok],
    [{ type: 'RefundPayment', refundId: id, amount: eur(100), reason: 'goodwill' }, 'payment.duplicate-refund'],
    [{ type: 'RequestReturn', returnId: id, lines: [{ lineId: id, quantity: 1 }], reason: 'broken' }, ok],
    [
      { type: 'RequestReturn', returnId: id, lines: [{ lineId: id, quantity: 1 }], reason: 'broken' },
      'return.duplicate',
    ],
    [{ type: 'ApproveReturn', returnId: id }, ok],
    [{ type: 'ReceiveReturn', returnId: id, condition: 'resellable' }, ok],
    [{ type: 'RefundPayment', refundId: 'rf-return', amount: eur(1000), reason: 'return', returnId: id }, ok],
    [{ type: 'AddNote', noteId: id, text: 'hi', visibility: 'internal' }, ok],
    [{ type: 'AddNote', noteId: id, text: 'hi', visibility: 'internal' }, 'order.duplicate-note'],
    [{ type: 'TagOrder', tag: id }, ok],
    [{ type: 'UntagOrder', tag: id }, ok],
    [{ type: 'CompleteOrder' }, ok],
    [{ type: 'CloseOrder' }, ok],
  ];
}

/** A consolidation `id` of the order's shipment `id` at `w` with another order placed 5 minutes later. */
function consolidate(id: string): OrderCommandInput {
  return {
    type: 'ConsolidateShipment',
    consolidationId: id,
    shipmentId: id,
    consolidatedShipmentId: id,
    locationId: 'w',
    members: [
      { orderId: ORDER_ID, shipmentId: id, placedAt: minutesAfterT0(0) },
      { orderId: id, shipmentId: id, placedAt: minutesAfterT0(5) },
    ],
    basis: {
      customerId: 'c-42',
      addressKey: consolidationAddressKey(placeOrderCommand().shippingAddress),
      windowMinutes: 10,
      decidedAt: id,
    },
  };
}

function detours(id: string): Step[][] {
  const single = [{ shipmentId: id, locationId: 'w', lines: fx.allocated.data.allocations[0]!.lines }];
  const byLine = [
    { shipmentId: 'keep', locationId: 'w1', lines: [{ lineId: '1', quantity: 2 }] },
    { shipmentId: id, locationId: 'w2', lines: [{ lineId: '2', quantity: 1 }] },
  ];
  const toDeliveryFailed: Step[] = [
    [placeOrderCommand(), ok],
    [{ type: 'HoldOrder', reason: 'check' }, ok],
    [{ type: 'ReleaseOrder', reason: 'fine' }, ok],
    [{ type: 'AllocateOrder', allocations: single }, ok],
    [{ type: 'StartPicking', shipmentId: id }, ok],
    [{ type: 'PackShipment', shipmentId: id }, ok],
    [{ type: 'DispatchShipment', shipmentId: id, carrier: 'dhl', trackingNumber: 'T' }, ok],
    [{ type: 'RecordOutForDelivery', shipmentId: id }, ok],
  ];
  const delivered: Step[] = [...toDeliveryFailed, [{ type: 'RecordDelivery', shipmentId: id }, ok]];
  return [
    [
      ...toDeliveryFailed,
      [{ type: 'RecordDeliveryFailure', shipmentId: id, reason: 'away' }, ok],
      [{ type: 'ReturnShipmentToSender', shipmentId: id, reason: 'refused' }, ok],
      [{ type: 'RecordPaymentAuthorizationFailure', paymentId: id, reason: 'declined' }, ok],
      [{ type: 'AuthorizePayment', paymentId: id, amount: eur(6000), method: 'card' }, ok],
      [{ type: 'VoidPayment', paymentId: id, reason: 'returned' }, ok],
      [{ type: 'CloseOrder' }, ok],
    ],
    [
      ...delivered,
      [{ type: 'RequestReturn', returnId: id, lines: [{ lineId: '1', quantity: 1 }], reason: 'x' }, ok],
      [{ type: 'RejectReturn', returnId: id, reason: 'worn' }, ok],
    ],
    [
      // The fixtures' agent is cs: an approval asked of cs is theirs to decide.
      [placeOrderCommand(), ok, { approval: { role: 'cs', reason: id } }],
      [{ type: 'RequestApproval', role: id, reason: 'big' }, 'order.approval-not-requestable'],
      [
        {
          type: 'EscalateApproval',
          fromRole: 'cs',
          toRole: id,
          deadline: '2026-03-02T09:00:00.000Z',
          rule: id,
          timeoutMs: 1,
        },
        'order.approval-role',
      ],
      [{ type: 'ApproveOrder', reason: id }, ok],
      [{ type: 'ConfirmOrder' }, 'order.not-confirmable'],
      [{ type: 'AllocateOrder', allocations: byLine }, ok],
      [{ type: 'CancelOrderLines', lines: [{ lineId: '2', quantity: 1 }], reason: 'short' }, ok],
      [{ type: 'CancelOrder', reason: id }, ok],
    ],
    [
      [placeOrderCommand(), ok, { approval: { role: 'cs', reason: id } }],
      [{ type: 'RejectOrder', reason: id }, ok],
    ],
    [
      [placeOrderCommand(), ok],
      [{ type: 'AllocateOrder', allocations: single }, ok],
      [consolidate(id), ok],
      [{ type: 'StartPicking', shipmentId: id }, 'shipment.consolidated'],
      [{ type: 'UndoConsolidation', consolidationId: id, reason: id }, ok],
      [{ type: 'UndoConsolidation', consolidationId: id, reason: id }, 'order.not-consolidated'],
    ],
    [
      [placeOrderCommand(), ok],
      [{ type: 'AllocateOrder', allocations: byLine }, ok],
      [
        { type: 'RejectAllocation', shipmentId: id, locationId: 'w1', kind: 'rejected', reason: id },
        'shipment.location-mismatch',
      ],
      [{ type: 'RejectAllocation', shipmentId: id, locationId: 'w2', kind: 'failed', reason: id }, ok],
      [{ type: 'AllocateOrder', allocations: [{ ...single[0]!, shipmentId: 'again' }] }, ok],
    ],
  ];
}

/** Decides and folds each step, checking the outcome and that the state survives its JSON form. */
function play(steps: readonly Step[], seen: Set<OrderCommandType>): OrderState {
  let state = initialOrderState();
  let revision = 0;
  for (const [input, expected, screening] of steps) {
    seen.add(input.type);
    const decision = decideOrder(forOrder(input), state, orderFacts(revision, screening));
    const label = `${input.type} ${JSON.stringify(input)}`;
    if (isRejection(decision)) {
      expect(decision.code, `${label}: ${decision.message}`).toBe(expected);
      continue;
    }
    expect(expected, label).toBe(ok);
    for (const draft of decision) {
      state = evolveOrder(state, recordOrderEvent(draft, revision));
      revision += 1;
    }
    const persisted = toPersistedOrderState(state);
    const restored = restoreOrderState(JSON.parse(JSON.stringify(persisted)));
    // toEqual: toStrictEqual compares `constructor` properties, which are plain keys here.
    expect(toPersistedOrderState(restored)).toEqual(persisted);
    expect(JSON.stringify(restored.context)).toBe(JSON.stringify(state.context));
    const { shipments, payments, refunds, returns } = state.context;
    for (const record of [shipments, payments, refunds, returns]) {
      expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    }
    // Every entry sits under its own id, and nothing else is there.
    for (const [key, s] of Object.entries(shipments)) expect(s.shipmentId).toBe(key);
    for (const [key, p] of Object.entries(payments)) expect(p.paymentId).toBe(key);
    for (const [key, r] of Object.entries(refunds)) expect(r.refundId).toBe(key);
    for (const [key, r] of Object.entries(returns)) expect(r.returnId).toBe(key);
  }
  return state;
}

describe.each(KEYS)('ids named like inherited properties: %s', (id) => {
  it('take every command through a whole journey as plain keys', () => {
    const seen = new Set<OrderCommandType>();
    const state = play(journey(id), seen);
    const { context } = state;
    expect(Object.keys(context.shipments).sort()).toEqual([id, 'other'].sort());
    expect(Object.hasOwn(context.shipments, id) && context.shipments[id]?.status).toBe('delivered');
    // 6000 authorized, one unit (1000) of a line cancelled: 5000 captured, the rest released.
    expect(Object.hasOwn(context.payments, id) && context.payments[id]?.captured).toEqual(eur(5000));
    expect(Object.hasOwn(context.payments, id) && context.payments[id]?.voided).toEqual(eur(1000));
    expect(Object.hasOwn(context.refunds, id) && context.refunds[id]?.amount).toEqual(eur(100));
    expect(Object.hasOwn(context.returns, id) && context.returns[id]?.status).toBe('refunded');
    expect(orderStatus(state).main).toBe('closed');
    const [, , cancelled] = detours(id).map((steps) => play(steps, seen));
    expect(Object.hasOwn(cancelled!.context.shipments, id) && cancelled!.context.shipments[id]?.status).toBe(
      'cancelled',
    );
    expect([...seen].sort()).toEqual([...ORDER_COMMAND_TYPES].sort());
  });
});
