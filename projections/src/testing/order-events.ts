import {
  type Money,
  ORDER_EVENT_SCHEMA_VERSION,
  type OrderEventDataMap,
  type OrderEventDraft,
  type OrderEventType,
  orderStreamId,
  type RecordedOrderEvent,
} from '@ordinal/domain';

/** Euros in cents. */
export function eur(amount: number): Money {
  return { amount, currency: 'EUR' };
}

/** A typed draft of an order event. */
export function orderDraft<T extends OrderEventType>(type: T, data: OrderEventDataMap[T]): OrderEventDraft {
  return { type, data } as OrderEventDraft;
}

/** OrderPlaced for two lines (2 × 15.00, 1 × 25.00) plus 5.00 shipping = 60.00 EUR, with personal data. */
export function orderPlaced(
  orderId: string,
  customerId = 'c-1',
  placedAt = '2026-03-02T09:00:00.000Z',
): OrderEventDraft {
  return orderDraft('OrderPlaced', {
    orderId,
    customer: { customerId, name: 'Jane Doe', email: 'jane@example.com', phone: '+1 555 123 1234' },
    channel: { salesChannel: 'webshop', externalOrderId: `web-${orderId}` },
    lines: [
      { lineId: '1', sku: 'SKU-A', name: 'Mug', quantity: 2, unitPrice: eur(1500) },
      { lineId: '2', sku: 'SKU-B', name: 'Teapot', quantity: 1, unitPrice: eur(2500) },
    ],
    shippingAddress: {
      name: 'Jane Doe',
      line1: '1 Main Street',
      city: 'Lyon',
      postalCode: '69001',
      country: 'FR',
      phone: '+33 6 12 34 56 78',
    },
    shippingFee: eur(500),
    total: eur(6000),
    currency: 'EUR',
    placedAt,
  });
}

/**
 * Records drafts as they would come back from the event store: per-stream revisions from 1,
 * global positions increasing across all streams (with gaps, as the port allows), and business
 * time one minute per event from `start`. Ids are deterministic.
 */
export class OrderEventRecorder {
  #position = 0;
  #count = 0;
  readonly #revisions = new Map<string, number>();
  readonly #start: number;

  constructor(start = '2026-03-02T09:00:00.000Z') {
    this.#start = Date.parse(start);
  }

  record(orderId: string, draft: OrderEventDraft): RecordedOrderEvent {
    const streamId = orderStreamId(orderId);
    const revision = (this.#revisions.get(streamId) ?? 0) + 1;
    this.#revisions.set(streamId, revision);
    this.#position += 3;
    const occurredAt = new Date(this.#start + this.#count * 60_000).toISOString();
    this.#count += 1;
    return {
      eventId: `${streamId}-${revision}`,
      type: draft.type,
      data: draft.data,
      metadata: {
        schemaVersion: ORDER_EVENT_SCHEMA_VERSION,
        occurredAt,
        correlationId: `corr-${orderId}`,
        causationId: `cmd-${orderId}-${revision}`,
        actor: { kind: 'user', id: 'agent-7', role: 'cs' },
        channel: 'webshop',
      },
      streamId,
      revision,
      position: this.#position,
      recordedAt: occurredAt,
    } as RecordedOrderEvent;
  }

  /** Records several drafts of one order in sequence. */
  stream(orderId: string, drafts: readonly OrderEventDraft[]): RecordedOrderEvent[] {
    return drafts.map((d) => this.record(orderId, d));
  }
}

const ship = (shipmentId: string) => [
  orderDraft('PickingStarted', { shipmentId }),
  orderDraft('ShipmentPacked', { shipmentId, parcels: 1, weightGrams: 800 }),
  orderDraft('ShipmentDispatched', {
    shipmentId,
    carrier: 'colissimo',
    trackingNumber: `TRK-${shipmentId}`,
    estimatedDelivery: { from: '2026-03-04T08:00:00.000Z', to: '2026-03-04T18:00:00.000Z' },
  }),
  orderDraft('ShipmentInTransit', { shipmentId, location: 'hub-lyon' }),
  orderDraft('ShipmentOutForDelivery', { shipmentId }),
];

/**
 * A long, legal order history touching most event types: hold and release, split shipment,
 * payment, a failed and re-attempted delivery, a return with refund, notes, tags, address.
 */
export function eventfulOrder(orderId: string, customerId = 'c-1'): OrderEventDraft[] {
  return [
    orderPlaced(orderId, customerId),
    orderDraft('OrderHeld', { reason: 'risk-review', facts: { score: 71 } }),
    orderDraft('OrderReleased', { reason: 'reviewed' }),
    orderDraft('OrderTagged', { tag: 'vip' }),
    orderDraft('NoteAdded', { noteId: 'n1', text: 'Leave at the door', visibility: 'customer' }),
    orderDraft('NoteAdded', { noteId: 'n2', text: 'Checked by risk', visibility: 'internal' }),
    orderDraft('ShippingAddressChanged', {
      address: { name: 'Jane Doe', line1: '9 Rue Neuve', city: 'Lyon', postalCode: '69002', country: 'FR' },
    }),
    orderDraft('PaymentAuthorized', { paymentId: 'p1', amount: eur(6000), method: 'card' }),
    orderDraft('OrderAllocated', {
      allocations: [
        { shipmentId: 's1', locationId: 'wh-lyon', lines: [{ lineId: '1', quantity: 2 }] },
        { shipmentId: 's2', locationId: 'store-paris', lines: [{ lineId: '2', quantity: 1 }] },
      ],
    }),
    ...ship('s1'),
    orderDraft('PaymentCaptured', { paymentId: 'p1', amount: eur(6000) }),
    orderDraft('ShipmentDelivered', { shipmentId: 's1', receivedBy: 'Jane Doe' }),
    ...ship('s2'),
    orderDraft('DeliveryFailed', { shipmentId: 's2', reason: 'nobody home' }),
    orderDraft('DeliveryReattempted', { shipmentId: 's2' }),
    orderDraft('ShipmentDelivered', { shipmentId: 's2' }),
    orderDraft('OrderUntagged', { tag: 'vip' }),
    orderDraft('ReturnRequested', { returnId: 'r1', lines: [{ lineId: '1', quantity: 1 }], reason: 'chipped' }),
    orderDraft('ReturnApproved', { returnId: 'r1' }),
    orderDraft('ReturnReceived', { returnId: 'r1', condition: 'damaged' }),
    orderDraft('RefundIssued', { refundId: 'rf1', amount: eur(1500), reason: 'return', returnId: 'r1' }),
    orderDraft('OrderCompleted', { reason: 'delivered' }),
  ];
}
