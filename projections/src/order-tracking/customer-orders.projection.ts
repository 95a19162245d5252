import {
  type Document,
  type Money,
  type OrderStatus,
  orderStatus,
  type PersistedOrderState,
  type SalesChannel,
  toPersistedOrderState,
} from '@ordinal/domain';
import type { ApplyOutcome, Projection, ProjectionContext } from '../runtime/projection.ts';
import { foldOrderEvent } from './order-fold.ts';
import { maskPersistedState } from './pii-masking.ts';

/** Collection of the per-customer order lists (id = customerId). */
export const CUSTOMER_ORDERS_COLLECTION = 'customerOrders';
/** The projection's own per-order machine states (id = orderId): which customer, and how far folded. */
export const CUSTOMER_ORDER_STATES_COLLECTION = 'customerOrderStates';

/** One order in a customer's list. */
export interface CustomerOrderSummary {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly placedAt: string | null;
  readonly total: Money;
  readonly channel: SalesChannel | null;
  readonly revision: number;
}

/**
 * A customer's orders, newest first. Fed by many order streams, so it keeps the last applied
 * revision per source stream (`streams`); it is a pure function of those orders' states, so
 * any delivery order converges to the same bytes.
 */
export interface CustomerOrdersDocument extends Document {
  readonly customerId: string;
  readonly orders: readonly CustomerOrderSummary[];
  readonly streams: Readonly<Record<string, number>>;
}

interface OrderStateDocument extends Document {
  readonly revision: number;
  readonly summary: CustomerOrderSummary;
  readonly customerId: string | null;
  readonly machine: PersistedOrderState;
}

const MAX_ATTEMPTS = 5;

function newestFirst(a: CustomerOrderSummary, b: CustomerOrderSummary): number {
  const byTime = (b.placedAt ?? '').localeCompare(a.placedAt ?? '');
  return byTime !== 0 ? byTime : a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0;
}

/** Brings the customer's document up to the order's state unless it already has that revision. */
async function syncCustomer(order: OrderStateDocument, context: ProjectionContext): Promise<boolean> {
  if (order.customerId === null) return false;
  const customers = context.store.collection<CustomerOrdersDocument>(CUSTOMER_ORDERS_COLLECTION);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const doc = await customers.get(order.customerId);
    if ((doc?.streams[order.id] ?? 0) >= order.revision) return false;
    const orders = [...(doc?.orders ?? []).filter((o) => o.orderId !== order.id), order.summary].sort(newestFirst);
    // Sorted keys: the bytes must not depend on which order's event came first.
    const streams = Object.fromEntries(
      Object.entries({ ...doc?.streams, [order.id]: order.revision }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const updated: CustomerOrdersDocument = { id: order.customerId, customerId: order.customerId, orders, streams };
    // The whole revision map is the concurrency token: every write changes it.
    const written = await customers.put(
      updated,
      doc === undefined ? { kind: 'absent' } : { kind: 'field-equals', field: 'streams', value: doc.streams },
    );
    if (written) return true;
  }
  throw new Error(`customer ${order.customerId}: the document kept changing under ${MAX_ATTEMPTS} attempts`);
}

/** Answers "which orders does this customer have, and where are they?": the `customerOrders` documents. */
export const customerOrdersProjection: Projection = {
  name: 'customerOrders',
  categories: ['order'],
  collections: [CUSTOMER_ORDERS_COLLECTION, CUSTOMER_ORDER_STATES_COLLECTION],

  async apply(event, context): Promise<ApplyOutcome> {
    const { outcome, doc } = await foldOrderEvent<OrderStateDocument>(
      event,
      context,
      CUSTOMER_ORDER_STATES_COLLECTION,
      (orderId, state, last) => {
        const machine = maskPersistedState(toPersistedOrderState(state));
        const summary: CustomerOrderSummary = {
          orderId,
          status: orderStatus(state),
          placedAt: machine.context.milestones.placedAt ?? null,
          total: machine.context.total,
          channel: machine.context.channel,
          revision: last.revision,
        };
        const customerId = machine.context.customer?.customerId ?? null;
        return { id: orderId, revision: last.revision, summary, customerId, machine };
      },
    );
    // A crash between the two writes leaves the customer behind; a redelivery repairs it here.
    const synced = doc === undefined ? false : await syncCustomer(doc, context);
    return outcome === 'applied' || synced ? 'applied' : 'duplicate';
  },
};
