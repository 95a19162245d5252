/** The tracking view as the page reads it (GET /orders/:orderId, the websocket's `view`). */
export interface TrackingView {
  readonly orderId: string;
  readonly revision: number;
  readonly status: { readonly main: string; readonly payment: string; readonly returns: string };
  readonly stage: string;
  readonly currency: string;
  readonly lines: readonly {
    readonly lineId: string;
    readonly name: string;
    readonly quantity: number;
    readonly unitPrice: { amount: number; currency: string };
    readonly lineTotal: { amount: number; currency: string };
    readonly cancelledQuantity: number;
  }[];
  readonly totals: { readonly [key: string]: { amount: number; currency: string } };
  readonly milestones: Readonly<Record<string, string | undefined>>;
  readonly promisedBy: string | null;
  readonly shipments: readonly Shipment[];
  readonly returns: readonly { readonly status: string; readonly receivedAt?: string; readonly refundedAt?: string }[];
  readonly cancellationReason: string | null;
  readonly updatedAt: string;
  /** The customer's chosen delivery window (null: none yet); absent from views written before it existed. */
  readonly deliveryWindow?: {
    readonly window: { readonly from: string; readonly to: string };
    readonly chosenAt: string;
  } | null;
}

export interface CarrierScan {
  readonly carrier: string;
  readonly carrierEventId: string;
  readonly kind: string;
  readonly occurredAt: string;
  readonly location?: string;
  readonly estimatedDelivery?: { readonly from: string; readonly to: string };
  readonly reason?: string;
}

export interface Shipment {
  readonly shipmentId: string;
  readonly status: string;
  readonly carrier?: string;
  readonly trackingNumber?: string;
  readonly estimatedDelivery?: { readonly from: string; readonly to: string };
  readonly lastLocation?: string;
  readonly failureReason?: string;
  readonly pickingStartedAt?: string;
  readonly packedAt?: string;
  readonly dispatchedAt?: string;
  readonly inTransitAt?: string;
  readonly outForDeliveryAt?: string;
  readonly deliveredAt?: string;
  readonly cancelledAt?: string;
  readonly scans?: readonly CarrierScan[];
  /** Shipped in one parcel with the customer's other orders to the same address. */
  readonly consolidation?: { readonly consolidationId: string; readonly memberCount: number };
}

/** One step of the customer's timeline: its words and when the order reached it (undefined: not yet). */
export interface Step {
  readonly key: string;
  readonly label: string;
  readonly at: string | undefined;
  /** A step that ends the order another way than delivery (cancelled, returned). */
  readonly stop?: boolean;
}

function earliest(values: readonly (string | undefined)[]): string | undefined {
  const given = values.filter((v): v is string => v !== undefined);
  return given.length === 0 ? undefined : given.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}

function firstShipment(view: TrackingView, field: keyof Shipment): string | undefined {
  return earliest(view.shipments.filter((s) => s.status !== 'cancelled').map((s) => s[field] as string | undefined));
}

/**
 * The timeline in plain words, from the view's milestones and its shipments' times: a step is
 * reached when the first shipment reached it. A cancelled order stops at "cancelled"; an order
 * whose goods came back ends with "returned".
 */
export function trackingSteps(view: TrackingView): Step[] {
  const m = view.milestones;
  const steps: Step[] = [
    { key: 'placed', label: 'Placed', at: m.placedAt },
    { key: 'confirmed', label: 'Confirmed', at: m.confirmedAt },
    { key: 'allocated', label: 'Allocated to a warehouse', at: m.allocatedAt },
    { key: 'picked', label: 'Being picked', at: firstShipment(view, 'pickingStartedAt') },
    { key: 'packed', label: 'Packed', at: firstShipment(view, 'packedAt') },
    { key: 'dispatched', label: 'Dispatched', at: firstShipment(view, 'dispatchedAt') ?? m.shippedAt },
    { key: 'inTransit', label: 'In transit', at: firstShipment(view, 'inTransitAt') },
    { key: 'outForDelivery', label: 'Out for delivery', at: firstShipment(view, 'outForDeliveryAt') },
    { key: 'delivered', label: 'Delivered', at: m.deliveredAt ?? firstShipment(view, 'deliveredAt') },
  ];
  // A later step implies the earlier ones even when their time was not recorded (a carrier skips scans).
  const last = steps.reduce((found, step, index) => (step.at === undefined ? found : index), -1);
  const filled = steps.map((step, index) => (step.at === undefined && index < last ? { ...step, at: '' } : step));
  if (m.cancelledAt !== undefined) {
    return [
      ...filled.filter((s) => s.at !== undefined),
      { key: 'cancelled', label: 'Cancelled', at: m.cancelledAt, stop: true },
    ];
  }
  const returned = earliest(view.returns.map((r) => r.receivedAt));
  if (returned !== undefined) return [...filled, { key: 'returned', label: 'Returned', at: returned, stop: true }];
  return filled;
}

const STATUS_WORDS: Record<string, string> = {
  placed: 'Order placed',
  onHold: 'Being checked',
  awaitingApproval: 'Being checked',
  confirmed: 'Confirmed',
  allocated: 'Being prepared',
  'fulfilment.picking': 'Being picked',
  'fulfilment.packed': 'Packed',
  'fulfilment.shipped': 'Dispatched',
  'fulfilment.inTransit': 'On its way',
  'fulfilment.outForDelivery': 'Out for delivery',
  'fulfilment.deliveryFailed': 'Delivery attempt failed',
  'fulfilment.returnedToSender': 'Returned to sender',
  'fulfilment.delivered': 'Delivered',
  completed: 'Delivered',
  cancelled: 'Cancelled',
  closed: 'Closed',
};

/** The order's status as a customer reads it. */
export function statusWords(view: TrackingView): string {
  return STATUS_WORDS[view.status.main] ?? STATUS_WORDS[view.stage] ?? view.status.main;
}

const SHIPMENT_WORDS: Record<string, string> = {
  allocated: 'Waiting to be picked',
  picking: 'Being picked',
  packed: 'Packed',
  shipped: 'Dispatched',
  inTransit: 'In transit',
  outForDelivery: 'Out for delivery',
  deliveryFailed: 'Delivery attempt failed',
  returnedToSender: 'Returned to sender',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

/** A shipment's status in words. */
export function shipmentWords(status: string): string {
  return SHIPMENT_WORDS[status] ?? status;
}
