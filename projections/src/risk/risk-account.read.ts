import { accountVelocity, type ReadStore } from '@ordinal/domain';
import {
  RISK_ORDERS_COLLECTION,
  RISK_VIEW_WINDOW_HOURS,
  type RiskAccountDocument,
  type RiskOrderDocument,
} from './risk.view.ts';

/** The account's view from all its orders' risk documents. */
export function renderRiskAccount(customerId: string, orders: readonly RiskOrderDocument[]): RiskAccountDocument {
  const placed = orders.filter((o) => o.placedAt !== null && o.address !== null && o.amount !== null);
  const asOf = orders.reduce(
    (latest, o) => (o.relevantAt !== null && o.relevantAt > latest ? o.relevantAt : latest),
    '',
  );
  const placements = placed.map((o) => ({
    orderId: o.id,
    placedAt: o.placedAt as string,
    address: o.address as string,
    coupons: o.coupons,
    amount: o.amount as NonNullable<RiskOrderDocument['amount']>,
  }));
  const holds = orders
    .filter((o) => o.hold !== null)
    .map((o) => {
      const hold = o.hold as NonNullable<RiskOrderDocument['hold']>;
      return {
        orderId: o.id,
        state: hold.state,
        reason: hold.reason,
        heldAt: hold.heldAt,
        ...(hold.decidedAt === undefined ? {} : { decidedAt: hold.decidedAt }),
      };
    })
    .sort((a, b) => a.heldAt.localeCompare(b.heldAt) || a.orderId.localeCompare(b.orderId));
  return {
    id: customerId,
    customerId,
    asOf,
    velocity: accountVelocity(placements, asOf, RISK_VIEW_WINDOW_HOURS),
    ordersSeen: placed.length,
    holds,
    revisions: orders
      .map((o) => ({ orderId: o.id, revision: o.relevantRevision }))
      .sort((a, b) => a.orderId.localeCompare(b.orderId)),
  };
}

/**
 * The account's risk view, rendered from its `riskOrders` (an indexed query on the customer)
 * when asked; undefined when no order of the account is known. Reading costs the account's
 * orders, so no event pays for it: a document per account, rewritten on each of its orders'
 * events, made an account with many orders slower to place with every order.
 */
export async function readRiskAccount(store: ReadStore, customerId: string): Promise<RiskAccountDocument | undefined> {
  const orders = await store.collection<RiskOrderDocument>(RISK_ORDERS_COLLECTION).find({ customerId });
  return orders.length === 0 ? undefined : renderRiskAccount(customerId, orders);
}
