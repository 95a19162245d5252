import type { AccountVelocity, ActorRef, Money, RiskHoldFacts } from '@ordinal/domain';

/** Per order: what risk reads of it (id = order id); the risk work queue is those with `holdState: 'held'`. */
export const RISK_ORDERS_COLLECTION = 'riskOrders';
/**
 * The account view's name: per customer account its velocity and its orders on risk hold, read
 * from the account's `riskOrders` when asked (`readRiskAccount`). No collection of this name is
 * written any more; the one earlier versions kept is cleared when the projection starts.
 */
export const RISK_ACCOUNTS_COLLECTION = 'riskAccounts';
/** The velocity window the view keeps, in hours (the default rule's). */
export const RISK_VIEW_WINDOW_HOURS = 24;

/** Where a hold risk took stands. */
export type RiskHoldState = 'held' | 'released' | 'cancelled';

/** A hold risk took on an order, and who lifted it, if anyone did. */
export interface RiskHoldEntry {
  readonly reason: string;
  readonly facts: RiskHoldFacts;
  readonly heldAt: string;
  readonly state: RiskHoldState;
  readonly decidedBy?: ActorRef;
  readonly decidedAt?: string;
  readonly decisionReason?: string;
}

/** One order as risk sees it; fed by the order's stream alone (revision-guarded). */
export interface RiskOrderDocument {
  readonly id: string;
  readonly revision: number;
  readonly customerId: string | null;
  readonly placedAt: string | null;
  readonly address: string | null;
  readonly coupons: readonly string[];
  readonly amount: Money | null;
  /** Revision and business time of the last event that changed what risk reads. */
  readonly relevantRevision: number;
  readonly relevantAt: string | null;
  readonly hold: RiskHoldEntry | null;
  /** `hold.state`, at the top for the queue's query. */
  readonly holdState: RiskHoldState | null;
}

/** One of an account's orders on risk hold, now or before. */
export interface RiskAccountHold {
  readonly orderId: string;
  readonly state: RiskHoldState;
  readonly reason: string;
  readonly heldAt: string;
  readonly decidedAt?: string;
}

/** A customer account's risk view, rendered from all its orders' documents when asked. */
export interface RiskAccountDocument {
  readonly id: string;
  readonly customerId: string;
  /** The account's latest event risk reads: the window ends here, never at the projector's clock. */
  readonly asOf: string;
  readonly velocity: AccountVelocity;
  /** Every order of the account seen. */
  readonly ordersSeen: number;
  readonly holds: readonly RiskAccountHold[];
  /** Per source stream (order), the last revision the view reflects. */
  readonly revisions: readonly { readonly orderId: string; readonly revision: number }[];
}
