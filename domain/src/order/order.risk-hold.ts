import { riskHoldFacts } from '../risk/risk.hold.ts';
import type { Role } from '../shared/actor.ts';
import type { Rejection } from '../shared/rejection.ts';
import { type OrderDecisionFacts, rejectOrder } from './order.decision.ts';
import type { OrderRejectionCode } from './order.rejections.ts';
import { type OrderState, orderStatus } from './order.state.ts';

/** Roles that may lift, cancel or change an order on a hold risk took. */
export const RISK_HOLD_ROLES: readonly Role[] = ['risk', 'admin'];

/**
 * While the order is on a hold the risk screen took (its facts marked `source: 'risk'`), only
 * the risk role or admin may release or cancel it, or change what the hold is about (cancel
 * some of its lines, change its shipping address); anyone else, systems included, is refused
 * with `order.risk-hold` (403). Who did it is each event's `actor`, and `decidedBy` on release.
 */
export function refuseUnlessRiskStaff(
  state: OrderState,
  facts: OrderDecisionFacts,
  outcome: 'released' | 'cancelled' | 'changed',
): Rejection<OrderRejectionCode> | undefined {
  const { hold } = state.context;
  if (orderStatus(state).main !== 'onHold' || hold === null || riskHoldFacts(hold.facts) === undefined) {
    return undefined;
  }
  const { actor } = facts.metadata;
  if (actor.kind !== 'system' && RISK_HOLD_ROLES.includes(actor.role)) return undefined;
  return rejectOrder(state, 'order.risk-hold', `an order held by risk is ${outcome} by the risk role or admin only`, {
    allowedRoles: RISK_HOLD_ROLES,
  });
}
