import type { ActorRef, Role } from '../shared/actor.ts';
import type { Rejection } from '../shared/rejection.ts';
import { isPresent } from './order.checks.ts';
import type { OrderCommandOf } from './order.commands.ts';
import type { ApprovalState } from './order.context.ts';
import { ifAllowed, missing, type OrderDecision, type OrderDecisionFacts, rejectOrder } from './order.decision.ts';
import type { OrderRejectionCode } from './order.rejections.ts';
import { type OrderState, orderStatus } from './order.state.ts';

/** Roles that may decide any approval, whoever it waits on. */
export const APPROVAL_OVERRIDE_ROLES: readonly Role[] = ['admin'];

/** The role an approval waits on now: the last escalation's target, else the role first asked. */
export function approvalRoleNow(approval: Pick<ApprovalState, 'role' | 'escalations'>): string {
  return approval.escalations?.at(-1)?.toRole ?? approval.role;
}

/**
 * Who may approve or reject: the role first asked, every role it was escalated to (an
 * escalation adds a decider, it takes nobody's right away), and admin.
 */
export function approvalRoles(approval: Pick<ApprovalState, 'role' | 'escalations'>): readonly string[] {
  const roles = [approval.role, ...(approval.escalations ?? []).map((e) => e.toRole), ...APPROVAL_OVERRIDE_ROLES];
  return [...new Set(roles)];
}

/** When the role the approval waits on now was asked: the request, or the last escalation. */
export function approvalAskedAt(approval: ApprovalState): string {
  return approval.escalations?.at(-1)?.escalatedAt ?? approval.requestedAt;
}

const personRole = (actor: ActorRef): Role | undefined => (actor.kind === 'system' ? undefined : actor.role);

function refuseUnlessApprover(state: OrderState, facts: OrderDecisionFacts): Rejection<OrderRejectionCode> | undefined {
  const { approval } = state.context;
  if (orderStatus(state).main !== 'awaitingApproval' || approval === null) return undefined;
  const allowedRoles = approvalRoles(approval);
  const role = personRole(facts.metadata.actor);
  if (role !== undefined && allowedRoles.includes(role)) return undefined;
  return rejectOrder(
    state,
    'order.approval-role',
    `the approval waits on ${approvalRoleNow(approval)}: only ${allowedRoles.join(', ')} may decide it`,
    { allowedRoles },
  );
}

/**
 * ApproveOrder and RejectOrder: both need a reason, and are refused (`order.approval-role`,
 * 403) unless the actor has one of `approvalRoles`. The events record the role the approval
 * waited on and who decided (`decidedBy`).
 */
export function decideApproval(
  command: OrderCommandOf<'ApproveOrder'> | OrderCommandOf<'RejectOrder'>,
  state: OrderState,
  facts: OrderDecisionFacts,
): OrderDecision {
  if (!isPresent(command.reason)) return missing(state, '/reason');
  const refused = refuseUnlessApprover(state, facts);
  if (refused !== undefined) return refused;
  const { approval } = state.context;
  const decidedBy = facts.metadata.actor;
  const role = approval === null ? (personRole(decidedBy) ?? 'system') : approvalRoleNow(approval);
  const { reason } = command;
  const draft =
    command.type === 'ApproveOrder'
      ? { type: 'OrderApproved' as const, data: { role, reason, decidedBy } }
      : { type: 'OrderRejected' as const, data: { role, reason, decidedBy } };
  return ifAllowed(state, facts, [draft], 'order.not-awaiting-approval', 'the order is not awaiting approval');
}

/**
 * EscalateApproval, sent by the escalation process (or admin): accepted only while the
 * approval still waits on `fromRole` and once `deadline` has passed at the decision's clock, so
 * a late or repeated escalation changes nothing. The event carries the step and its times.
 */
export function decideEscalation(
  command: OrderCommandOf<'EscalateApproval'>,
  state: OrderState,
  facts: OrderDecisionFacts,
): OrderDecision {
  for (const field of ['fromRole', 'toRole', 'rule'] as const) {
    if (!isPresent(command[field])) return missing(state, `/${field}`);
  }
  const { actor } = facts.metadata;
  if (actor.kind !== 'system' && !APPROVAL_OVERRIDE_ROLES.includes(actor.role)) {
    return rejectOrder(state, 'order.approval-role', 'approvals are escalated by the escalation process or admin', {
      allowedRoles: APPROVAL_OVERRIDE_ROLES,
    });
  }
  const { approval } = state.context;
  if (orderStatus(state).main === 'awaitingApproval' && approval !== null) {
    const current = approvalRoleNow(approval);
    if (current !== command.fromRole) {
      return rejectOrder(
        state,
        'order.approval-escalated',
        `the approval waits on ${current}, not ${command.fromRole}`,
        {
          field: '/fromRole',
        },
      );
    }
    if (Date.parse(facts.now) < Date.parse(command.deadline)) {
      return rejectOrder(state, 'order.approval-not-due', `the approval is not due before ${command.deadline}`, {
        field: '/deadline',
      });
    }
  }
  const data = {
    fromRole: command.fromRole,
    toRole: command.toRole,
    level: (approval?.escalations?.length ?? 0) + 1,
    requestedAt: approval === null ? facts.now : approvalAskedAt(approval),
    deadline: command.deadline,
    escalatedAt: facts.now,
    rule: command.rule,
    timeoutMs: command.timeoutMs,
  };
  return ifAllowed(
    state,
    facts,
    [{ type: 'ApprovalEscalated', data }],
    'order.not-awaiting-approval',
    'the order is not awaiting approval',
  );
}
