import {
  type ActorRef,
  accountVelocity,
  addressFingerprint,
  CUSTOMER_CATEGORY,
  type CustomerErased,
  type OrderEventOf,
  type ReadStore,
  type RecordedEvent,
  riskHoldFacts,
  streamCategory,
  streamEntityId,
} from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { applyToStreamDocument } from '../runtime/stream-document.ts';
import {
  RISK_ACCOUNTS_COLLECTION,
  RISK_ORDERS_COLLECTION,
  RISK_VIEW_WINDOW_HOURS,
  type RiskAccountDocument,
  type RiskOrderDocument,
} from './risk.view.ts';
import { eraseRiskAccount } from './risk-accounts.erasure.ts';

const MAX_ATTEMPTS = 5;

const emptyOrder = (id: string): RiskOrderDocument => ({
  id,
  revision: 0,
  customerId: null,
  placedAt: null,
  address: null,
  coupons: [],
  amount: null,
  relevantRevision: 0,
  relevantAt: null,
  hold: null,
  holdState: null,
});

/** The order's risk document after one more event of its stream. */
function evolveRiskOrder(doc: RiskOrderDocument, event: RecordedEvent): RiskOrderDocument {
  const at = event.metadata.occurredAt;
  const relevant = { revision: event.revision, relevantRevision: event.revision, relevantAt: at };
  switch (event.type) {
    case 'OrderPlaced': {
      const data = event.data as OrderEventOf<'OrderPlaced'>['data'];
      return {
        ...doc,
        ...relevant,
        customerId: data.customer.customerId,
        placedAt: data.placedAt,
        address: addressFingerprint(data.shippingAddress),
        coupons: data.coupons ?? [],
        amount: data.total,
      };
    }
    case 'OrderHeld': {
      const data = event.data as OrderEventOf<'OrderHeld'>['data'];
      const facts = riskHoldFacts(data.facts);
      if (facts === undefined) return { ...doc, revision: event.revision };
      const hold = { reason: data.reason, facts, heldAt: at, state: 'held' as const };
      return { ...doc, ...relevant, hold, holdState: 'held' };
    }
    case 'OrderReleased':
    case 'OrderCancelled': {
      if (doc.hold?.state !== 'held') return { ...doc, revision: event.revision };
      const { reason, decidedBy } = event.data as { reason: string; decidedBy?: ActorRef };
      const state = event.type === 'OrderReleased' ? ('released' as const) : ('cancelled' as const);
      const hold = {
        ...doc.hold,
        state,
        // Release records `decidedBy`; for a cancel (and older releases) the event's actor is who did it.
        decidedBy: decidedBy ?? event.metadata.actor,
        decidedAt: at,
        decisionReason: reason,
      };
      return { ...doc, ...relevant, hold, holdState: state };
    }
    default:
      return { ...doc, revision: event.revision };
  }
}

/** The account's document from all its orders' risk documents. */
export function renderRiskAccount(
  customerId: string,
  orders: readonly RiskOrderDocument[],
  version: number,
): RiskAccountDocument {
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
    version,
  };
}

const reflects = (account: RiskAccountDocument | undefined, order: RiskOrderDocument): boolean =>
  (account?.revisions.find((r) => r.orderId === order.id)?.revision ?? 0) >= order.relevantRevision;

/**
 * Rewrites the account from its orders' documents unless it reflects `order` already; the
 * write is conditional on the version read, so concurrent orders of one account both land.
 */
async function refreshAccount(store: ReadStore, order: RiskOrderDocument): Promise<boolean> {
  const customerId = order.customerId;
  if (customerId === null) return false;
  const accounts = store.collection<RiskAccountDocument>(RISK_ACCOUNTS_COLLECTION);
  const orders = store.collection<RiskOrderDocument>(RISK_ORDERS_COLLECTION);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const account = await accounts.get(customerId);
    if (reflects(account, order)) return false;
    const version = account?.version ?? 0;
    const doc = renderRiskAccount(customerId, await orders.find({ customerId }), version + 1);
    const written = await accounts.put(
      doc,
      account === undefined ? { kind: 'absent' } : { kind: 'field-equals', field: 'version', value: version },
    );
    if (written) return true;
  }
  throw new Error(`risk account ${customerId}: the document kept changing under ${MAX_ATTEMPTS} attempts`);
}

/**
 * Risk's read side: per order what the rule reads and the hold risk took (`riskOrders`, one
 * stream each, revision-guarded; the work queue is those still `held`), and per account the
 * velocity over the last 24 h before its latest event, with its holds (`riskAccounts`, fed by
 * many streams: it keeps the revision it reflects per order and is rebuilt from `riskOrders`,
 * so a redelivered event, or one whose account write was lost in a crash, ends the same).
 * A customer's erasure replaces their address fingerprints, which hold the street.
 */
export const riskAccountsProjection: Projection = {
  name: 'riskAccounts',
  categories: ['order', CUSTOMER_CATEGORY],
  collections: [RISK_ORDERS_COLLECTION, RISK_ACCOUNTS_COLLECTION],
  async setup(store) {
    await store.collection(RISK_ORDERS_COLLECTION).ensureIndex(['customerId']);
    await store.collection(RISK_ORDERS_COLLECTION).ensureIndex(['holdState']);
  },
  async apply(event, context) {
    if (streamCategory(event.streamId) === CUSTOMER_CATEGORY) {
      if (event.type !== 'CustomerErased') return 'duplicate';
      return eraseRiskAccount((event as CustomerErased).data.customerId, context.store, renderRiskAccount);
    }
    const outcome = await applyToStreamDocument<RiskOrderDocument>(
      event,
      context,
      RISK_ORDERS_COLLECTION,
      (id, doc, events) => events.reduce(evolveRiskOrder, doc ?? emptyOrder(id)),
    );
    const order = await context.store
      .collection<RiskOrderDocument>(RISK_ORDERS_COLLECTION)
      .get(streamEntityId(event.streamId));
    if (order === undefined) return outcome;
    const refreshed = await refreshAccount(context.store, order);
    return refreshed ? 'applied' : outcome;
  },
};
