import {
  type ActorRef,
  addressFingerprint,
  CUSTOMER_CATEGORY,
  type CustomerErased,
  type OrderEventOf,
  type RecordedEvent,
  riskHoldFacts,
  streamCategory,
} from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { applyToStreamDocument } from '../runtime/stream-document.ts';
import { RISK_ACCOUNTS_COLLECTION, RISK_ORDERS_COLLECTION, type RiskOrderDocument } from './risk.view.ts';
import { eraseRiskAccount } from './risk-accounts.erasure.ts';

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

/**
 * Risk's read side: per order what the rule reads and the hold risk took (`riskOrders`, one
 * stream each, revision-guarded; the work queue is those still `held`). The account view
 * (velocity over the last 24 h before the account's latest event, and its holds) is rendered
 * from the account's orders when asked (`readRiskAccount`), so an event writes its order's
 * document alone, whatever the number of the account's orders. A customer's erasure replaces
 * their address fingerprints, which hold the street.
 */
export const riskAccountsProjection: Projection = {
  name: 'riskAccounts',
  categories: ['order', CUSTOMER_CATEGORY],
  collections: [RISK_ORDERS_COLLECTION],
  async setup(store) {
    await store.collection(RISK_ORDERS_COLLECTION).ensureIndex(['customerId']);
    await store.collection(RISK_ORDERS_COLLECTION).ensureIndex(['holdState']);
    // Earlier versions kept a document per account here, with address fingerprints no erasure reaches now.
    await store.collection(RISK_ACCOUNTS_COLLECTION).clear();
  },
  async apply(event, context) {
    if (streamCategory(event.streamId) === CUSTOMER_CATEGORY) {
      if (event.type !== 'CustomerErased') return 'duplicate';
      return eraseRiskAccount((event as CustomerErased).data.customerId, context.store);
    }
    return applyToStreamDocument<RiskOrderDocument>(event, context, RISK_ORDERS_COLLECTION, (id, doc, events) =>
      events.reduce(evolveRiskOrder, doc ?? emptyOrder(id)),
    );
  },
};
