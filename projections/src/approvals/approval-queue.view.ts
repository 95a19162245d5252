import type { ActorRef, ApprovalEscalation, Money } from '@ordinal/domain';

/** Per order that was asked for an approval (id = order id); the queue is those with `state: 'waiting'`. */
export const APPROVAL_QUEUE_COLLECTION = 'approvalQueue';

/**
 * Where an order's approval stands: `none` (never asked), waiting on a role, held (nobody
 * decides it until released), or decided.
 */
export type ApprovalQueueState = 'none' | 'waiting' | 'held' | 'approved' | 'rejected' | 'cancelled';

/** The rule that asked for the approval, from the order's RulesApplied. */
export interface ApprovalRuleRef {
  readonly ruleSet: string;
  readonly version: number;
  readonly ruleId: string;
}

/**
 * One order's approval as the approvers' queue shows it; fed by the order's stream alone
 * (revision-guarded). Written from the approval request on, so the approval fields are set
 * (null only in the fold before it, `state: 'none'`).
 */
export interface ApprovalQueueDocument {
  readonly id: string;
  readonly revision: number;
  readonly customerId: string | null;
  readonly salesChannel: string | null;
  readonly total: Money | null;
  readonly placedAt: string | null;
  readonly state: ApprovalQueueState;
  /** The role first asked, and why. */
  readonly role: string | null;
  readonly reason: string | null;
  readonly rule: ApprovalRuleRef | null;
  readonly requestedAt: string | null;
  /** The role the approval waits on now, and since when (the request or the last escalation). */
  readonly currentRole: string | null;
  readonly askedAt: string | null;
  readonly escalations: readonly ApprovalEscalation[];
  /** Who decided, how, when and why; null while undecided. */
  readonly decision: {
    readonly outcome: 'approved' | 'rejected' | 'cancelled';
    readonly role: string | null;
    readonly decidedBy: ActorRef;
    readonly decidedAt: string;
    readonly reason: string;
  } | null;
}
