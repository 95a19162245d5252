import { consolidationAddressKey, type OrderEventDraft, type OrderEventType } from '@ordinal/domain';
import { eur, orderDraft, orderPlaced } from '../testing/order-events.ts';

/** One given/when/then case of the tracking projection. */
export interface TrackingCase {
  readonly given: readonly OrderEventDraft[];
  readonly when: OrderEventDraft;
  readonly expected: object;
}

const placed = orderPlaced('o-1', 'c-1');
const confirmed = orderDraft('OrderConfirmed', { reason: 'auto-confirmed' });
const allocated = orderDraft('OrderAllocated', {
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
});
const picking = orderDraft('PickingStarted', { shipmentId: 's1' });
const packed = orderDraft('ShipmentPacked', { shipmentId: 's1', parcels: 2 });
const window = { from: '2026-03-04T08:00:00.000Z', to: '2026-03-04T18:00:00.000Z' };
const dispatched = orderDraft('ShipmentDispatched', {
  shipmentId: 's1',
  carrier: 'colissimo',
  trackingNumber: 'TRK-1',
  estimatedDelivery: window,
});
// Consolidated with o-2 of the same customer and address; the view keeps only the parcel and the count.
const consolidated = orderDraft('ShipmentConsolidated', {
  consolidationId: 'cons-1',
  shipmentId: 's1',
  consolidatedShipmentId: 'parcel-1',
  locationId: 'wh-lyon',
  members: [
    { orderId: 'o-1', shipmentId: 's1', placedAt: '2026-03-02T09:00:00.000Z' },
    { orderId: 'o-2', shipmentId: 's7', placedAt: '2026-03-02T09:30:00.000Z' },
  ],
  basis: {
    customerId: 'c-1',
    addressKey: consolidationAddressKey({
      name: 'Jane Doe',
      line1: '1 Main Street',
      city: 'Lyon',
      postalCode: '69001',
      country: 'FR',
    }),
    windowMinutes: 120,
    decidedAt: '2026-03-02T09:31:00.000Z',
  },
});
const inTransit = orderDraft('ShipmentInTransit', { shipmentId: 's1', location: 'hub-lyon' });
const outForDelivery = orderDraft('ShipmentOutForDelivery', { shipmentId: 's1' });
const delivered = orderDraft('ShipmentDelivered', { shipmentId: 's1', receivedBy: 'John Smith' });
const failed = orderDraft('DeliveryFailed', { shipmentId: 's1', reason: 'nobody home' });
const authorized = orderDraft('PaymentAuthorized', { paymentId: 'p1', amount: eur(6000), method: 'card' });
const captured = orderDraft('PaymentCaptured', { paymentId: 'p1', amount: eur(6000) });
const approvalRequested = orderDraft('ApprovalRequested', { role: 'risk', reason: 'large order' });
const held = orderDraft('OrderHeld', { reason: 'address check' });
const cancelled = orderDraft('OrderCancelled', { reason: 'customer asked' });
const toOutForDelivery = [placed, confirmed, allocated, picking, packed, dispatched, outForDelivery];
const toDelivered = [...toOutForDelivery, delivered];
const returnRequested = orderDraft('ReturnRequested', {
  returnId: 'r1',
  lines: [{ lineId: '1', quantity: 1 }],
  reason: 'chipped',
});
const returnApproved = orderDraft('ReturnApproved', { returnId: 'r1' });
const money = (amount: number) => ({ amount, currency: 'EUR' });

/** A case for every order event type; the first applies OrderPlaced to nothing. */
export const TRACKING_CASES: Readonly<Record<OrderEventType, TrackingCase>> = {
  OrderPlaced: {
    given: [],
    when: placed,
    expected: {
      id: 'o-1',
      revision: 1,
      status: { main: 'placed', payment: 'pending', returns: 'none' },
      stage: 'placed',
      customerId: 'c-1',
      customer: { customerId: 'c-1', name: 'J*** D***', email: 'j***@example.com', phone: '*******1234' },
      shippingAddress: { name: 'J*** D***', line1: '1*** M*** S***', city: 'Lyon', postalCode: '69001', country: 'FR' },
      channel: { salesChannel: 'webshop' },
      lines: [
        {
          lineId: '1',
          sku: 'SKU-A',
          quantity: 2,
          unitPrice: money(1500),
          lineTotal: money(3000),
          cancelledQuantity: 0,
        },
        {
          lineId: '2',
          sku: 'SKU-B',
          quantity: 1,
          unitPrice: money(2500),
          lineTotal: money(2500),
          deliveredQuantity: 0,
        },
      ],
      totals: { subtotal: money(5500), shipping: money(500), total: money(6000), captured: money(0) },
      placedAt: '2026-03-02T09:00:00.000Z',
      updatedAt: '2026-03-02T09:00:00.000Z',
      tags: [],
      notes: [],
    },
  },
  OrderConfirmed: { given: [placed], when: confirmed, expected: { status: { main: 'confirmed' }, stage: 'confirmed' } },
  OrderHeld: {
    given: [placed],
    when: held,
    expected: { status: { main: 'onHold' }, hold: { reason: 'address check' } },
  },
  OrderReleased: {
    given: [placed, held],
    when: orderDraft('OrderReleased', { reason: 'address fine' }),
    expected: { status: { main: 'confirmed' }, hold: { reason: 'address check', releaseReason: 'address fine' } },
  },
  ApprovalRequested: {
    given: [placed],
    when: approvalRequested,
    expected: { status: { main: 'awaitingApproval' }, approval: { role: 'risk', reason: 'large order' } },
  },
  ApprovalEscalated: {
    given: [placed, approvalRequested],
    when: orderDraft('ApprovalEscalated', {
      fromRole: 'risk',
      toRole: 'admin',
      level: 1,
      requestedAt: '2026-03-02T09:01:00.000Z',
      deadline: '2026-03-03T09:01:00.000Z',
      escalatedAt: '2026-03-03T09:02:00.000Z',
      rule: 'risk=24h>admin',
      timeoutMs: 86_400_000,
    }),
    expected: {
      status: { main: 'awaitingApproval' },
      approval: { role: 'risk', escalations: [{ fromRole: 'risk', toRole: 'admin', level: 1 }] },
    },
  },
  OrderApproved: {
    given: [placed, approvalRequested],
    when: orderDraft('OrderApproved', { role: 'risk' }),
    expected: { status: { main: 'confirmed' }, approval: { decision: 'approved' } },
  },
  OrderRejected: {
    given: [placed, approvalRequested],
    when: orderDraft('OrderRejected', { role: 'risk', reason: 'fraud' }),
    expected: { status: { main: 'cancelled' }, approval: { decision: 'rejected' } },
  },
  OrderAllocated: {
    given: [placed, confirmed],
    when: allocated,
    expected: {
      status: { main: 'allocated' },
      shipments: [{ shipmentId: 's1', status: 'allocated', locationId: 'wh-lyon' }],
    },
  },
  AllocationRejected: {
    given: [placed, confirmed, allocated],
    when: orderDraft('AllocationRejected', {
      shipmentId: 's1',
      locationId: 'wh-lyon',
      kind: 'rejected',
      reason: 'no staff today',
    }),
    expected: {
      status: { main: 'confirmed' },
      shipments: [{ shipmentId: 's1', status: 'cancelled', cancellationReason: 'rejected by wh-lyon: no staff today' }],
    },
  },
  PickingStarted: {
    given: [placed, confirmed, allocated],
    when: picking,
    expected: { status: { main: 'fulfilment.picking' }, stage: 'fulfilment', shipments: [{ status: 'picking' }] },
  },
  ShipmentPacked: {
    given: [placed, confirmed, allocated, picking],
    when: packed,
    expected: { status: { main: 'fulfilment.packed' }, shipments: [{ status: 'packed', parcels: 2 }] },
  },
  ShipmentDispatched: {
    given: [placed, confirmed, allocated, picking, packed],
    when: dispatched,
    expected: {
      status: { main: 'fulfilment.shipped' },
      shipments: [{ status: 'shipped', carrier: 'colissimo', trackingNumber: 'TRK-1', estimatedDelivery: window }],
      lines: [{ dispatchedQuantity: 2 }, { dispatchedQuantity: 1 }],
      milestones: { shippedAt: '2026-03-02T09:05:00.000Z' },
    },
  },
  ShipmentInTransit: {
    given: [placed, confirmed, allocated, picking, packed, dispatched],
    when: inTransit,
    expected: {
      status: { main: 'fulfilment.inTransit' },
      shipments: [{ status: 'inTransit', lastLocation: 'hub-lyon' }],
    },
  },
  ShipmentOutForDelivery: {
    given: [placed, confirmed, allocated, picking, packed, dispatched],
    when: outForDelivery,
    expected: { status: { main: 'fulfilment.outForDelivery' }, shipments: [{ status: 'outForDelivery' }] },
  },
  ShipmentDelivered: {
    given: toOutForDelivery,
    when: delivered,
    expected: {
      status: { main: 'fulfilment.delivered' },
      shipments: [{ status: 'delivered', receivedBy: 'J*** S***' }],
      lines: [{ deliveredQuantity: 2 }, { deliveredQuantity: 1 }],
      milestones: { deliveredAt: '2026-03-02T09:07:00.000Z' },
    },
  },
  DeliveryFailed: {
    given: toOutForDelivery,
    when: failed,
    expected: { status: { main: 'fulfilment.deliveryFailed' }, shipments: [{ failureReason: 'nobody home' }] },
  },
  DeliveryReattempted: {
    given: [...toOutForDelivery, failed],
    when: orderDraft('DeliveryReattempted', { shipmentId: 's1', window }),
    expected: { status: { main: 'fulfilment.outForDelivery' }, shipments: [{ status: 'outForDelivery' }] },
  },
  ShipmentReturnedToSender: {
    given: [...toOutForDelivery, failed],
    when: orderDraft('ShipmentReturnedToSender', { shipmentId: 's1', reason: 'refused' }),
    expected: { status: { main: 'fulfilment.returnedToSender' }, shipments: [{ status: 'returnedToSender' }] },
  },
  CarrierScanRecorded: {
    given: toOutForDelivery,
    when: orderDraft('CarrierScanRecorded', {
      shipmentId: 's1',
      carrier: 'dhl',
      carrierEventId: 'dhl-7005',
      kind: 'delivered',
      occurredAt: '2026-03-02T15:52:00.000Z',
      location: 'Berlin, DE',
      receivedBy: 'Maria Weber',
      mappingVersion: 1,
    }),
    expected: {
      status: { main: 'fulfilment.delivered' },
      shipments: [
        {
          status: 'delivered',
          deliveredAt: '2026-03-02T15:52:00.000Z',
          receivedBy: 'M*** W***',
          lastLocation: 'Berlin, DE',
          scans: [
            {
              carrier: 'dhl',
              carrierEventId: 'dhl-7005',
              kind: 'delivered',
              occurredAt: '2026-03-02T15:52:00.000Z',
              location: 'Berlin, DE',
              receivedBy: 'M*** W***',
            },
          ],
        },
      ],
      lines: [{ deliveredQuantity: 2 }, { deliveredQuantity: 1 }],
      milestones: { deliveredAt: '2026-03-02T15:52:00.000Z' },
    },
  },
  ShipmentConsolidated: {
    given: [placed, confirmed, allocated],
    when: consolidated,
    expected: {
      status: { main: 'allocated' },
      shipments: [
        {
          shipmentId: 's1',
          status: 'allocated',
          consolidation: {
            consolidationId: 'cons-1',
            consolidatedShipmentId: 'parcel-1',
            memberCount: 2,
            consolidatedAt: '2026-03-02T09:03:00.000Z',
          },
        },
      ],
    },
  },
  ConsolidationUndone: {
    given: [placed, confirmed, allocated, consolidated],
    when: orderDraft('ConsolidationUndone', {
      consolidationId: 'cons-1',
      shipmentId: 's1',
      reason: 'member o-2 was cancelled (changed mind)',
      causedBy: { orderId: 'o-2', event: 'OrderCancelled' },
    }),
    expected: { status: { main: 'allocated' }, shipments: [{ shipmentId: 's1', status: 'allocated' }] },
  },
  DeliveryWindowChosen: {
    given: [placed, confirmed],
    when: orderDraft('DeliveryWindowChosen', { window, chosenBy: { kind: 'user', id: 'c-1', role: 'customer' } }),
    expected: {
      deliveryWindow: {
        window,
        chosenBy: { kind: 'user', id: 'c-1', role: 'customer' },
        chosenAt: '2026-03-02T09:02:00.000Z',
      },
    },
  },
  OrderCompleted: {
    given: toDelivered,
    when: orderDraft('OrderCompleted', { reason: 'delivered' }),
    expected: { status: { main: 'completed' }, milestones: { completedAt: '2026-03-02T09:08:00.000Z' } },
  },
  OrderCancelled: {
    given: [placed, confirmed],
    when: cancelled,
    expected: { status: { main: 'cancelled' }, cancellationReason: 'customer asked', stage: 'cancelled' },
  },
  OrderLinesCancelled: {
    given: [placed, confirmed],
    when: orderDraft('OrderLinesCancelled', { lines: [{ lineId: '2', quantity: 1 }], reason: 'out of stock' }),
    expected: { status: { main: 'confirmed' }, lines: [{ cancelledQuantity: 0 }, { cancelledQuantity: 1 }] },
  },
  OrderClosed: {
    given: [placed, cancelled],
    when: orderDraft('OrderClosed', { reason: 'done' }),
    expected: { status: { main: 'closed' }, milestones: { closedAt: '2026-03-02T09:02:00.000Z' } },
  },
  PaymentAuthorized: {
    given: [placed],
    when: authorized,
    expected: { status: { payment: 'authorized' }, totals: { authorized: money(6000) } },
  },
  PaymentAuthorizationFailed: {
    given: [placed],
    when: orderDraft('PaymentAuthorizationFailed', { paymentId: 'p1', reason: 'declined' }),
    expected: {
      status: { payment: 'authorizationFailed' },
      paymentFailures: [{ stage: 'authorization', reason: 'declined' }],
    },
  },
  PaymentCaptured: {
    given: [placed, authorized],
    when: captured,
    expected: { status: { payment: 'captured' }, totals: { captured: money(6000) } },
  },
  PaymentCaptureFailed: {
    given: [placed, authorized],
    when: orderDraft('PaymentCaptureFailed', { paymentId: 'p1', reason: 'expired' }),
    expected: { status: { payment: 'authorized' }, paymentFailures: [{ stage: 'capture', reason: 'expired' }] },
  },
  PaymentVoided: {
    given: [placed, authorized],
    when: orderDraft('PaymentVoided', { paymentId: 'p1', reason: 'cancelled' }),
    expected: { status: { payment: 'voided' } },
  },
  RefundIssued: {
    given: [placed, authorized, captured],
    when: orderDraft('RefundIssued', { refundId: 'rf1', amount: eur(1000), reason: 'goodwill' }),
    expected: { status: { payment: 'partiallyRefunded' }, totals: { refunded: money(1000) } },
  },
  ReturnRequested: {
    given: toDelivered,
    when: returnRequested,
    expected: {
      status: { returns: 'requested' },
      returns: [{ returnId: 'r1', status: 'requested', reason: 'chipped' }],
    },
  },
  ReturnApproved: {
    given: [...toDelivered, returnRequested],
    when: returnApproved,
    expected: { status: { returns: 'approved' }, returns: [{ status: 'approved' }] },
  },
  ReturnRejected: {
    given: [...toDelivered, returnRequested],
    when: orderDraft('ReturnRejected', { returnId: 'r1', reason: 'too late' }),
    expected: { status: { returns: 'rejected' }, returns: [{ status: 'rejected', rejectionReason: 'too late' }] },
  },
  ReturnReceived: {
    given: [...toDelivered, returnRequested, returnApproved],
    when: orderDraft('ReturnReceived', { returnId: 'r1', condition: 'damaged' }),
    expected: { status: { returns: 'received' }, returns: [{ status: 'received', condition: 'damaged' }] },
  },
  ShippingAddressChanged: {
    given: [placed],
    when: orderDraft('ShippingAddressChanged', {
      address: { name: 'Max Mustermann', line1: '9 Rue Neuve', city: 'Paris', postalCode: '75002', country: 'FR' },
    }),
    expected: { shippingAddress: { name: 'M*** M***', line1: '9*** R*** N***', city: 'Paris', postalCode: '75002' } },
  },
  NoteAdded: {
    given: [placed, orderDraft('NoteAdded', { noteId: 'n0', text: 'internal only', visibility: 'internal' })],
    when: orderDraft('NoteAdded', { noteId: 'n1', text: 'Leave at the door', visibility: 'customer' }),
    expected: { notes: [{ noteId: 'n1', text: 'Leave at the door', addedAt: '2026-03-02T09:02:00.000Z' }] },
  },
  RulesApplied: {
    given: [placed],
    when: orderDraft('RulesApplied', {
      ruleSet: 'default',
      version: 2,
      matched: ['vip-gift', 'remote-area-surcharge', 'welcome'],
      facts: { 'customer.tier': 'vip', 'order.total': 6000 },
      effects: {
        giftLines: [{ sku: 'GIFT', name: 'Gift', quantity: 1, ruleId: 'vip-gift' }],
        discounts: [{ ruleId: 'welcome', kind: 'amount', value: 500, stackingOrder: 1, amount: 500 }],
        discountTotal: 500,
        notices: [
          { code: 'remote-area-surcharge', text: 'Remote area', audience: 'customer', ruleId: 'remote-area-surcharge' },
          { code: 'check-stock', text: 'Staff only', audience: 'staff', ruleId: 'welcome' },
        ],
        tags: [],
        priority: 'high',
      },
      addedLines: [{ lineId: 'gift-1', sku: 'GIFT', name: 'Gift', quantity: 1, unitPrice: money(0), gift: true }],
    }),
    expected: {
      lines: [
        { lineId: '1' },
        { lineId: '2' },
        { lineId: 'gift-1', sku: 'GIFT', quantity: 1, unitPrice: money(0), lineTotal: money(0), gift: true },
      ],
      totals: { total: money(6000), discount: money(500), payable: money(5500) },
      notices: [{ code: 'remote-area-surcharge', text: 'Remote area' }],
      priority: 'high',
    },
  },
  OrderTagged: { given: [placed], when: orderDraft('OrderTagged', { tag: 'vip' }), expected: { tags: ['vip'] } },
  OrderUntagged: {
    given: [placed, orderDraft('OrderTagged', { tag: 'vip' }), orderDraft('OrderTagged', { tag: 'gift' })],
    when: orderDraft('OrderUntagged', { tag: 'vip' }),
    expected: { tags: ['gift'] },
  },
};
