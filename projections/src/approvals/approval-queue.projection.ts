import { type ActorRef, type OrderEventDataMap, type RecordedEvent, streamEntityId } from '@ordinal/domain';
import type { Projection, ProjectionContext } from '../runtime/projection.ts';
import { applyToStreamDocument } from '../runtime/stream-document.ts';
import { APPROVAL_QUEUE_COLLECTION, type ApprovalQueueDocument } from './approval-queue.view.ts';

const data = <T extends keyof OrderEventDataMap>(event: RecordedEvent, _type: T) => event.data as OrderEventDataMap[T];

/** The document after one more event of the order's stream. */
function evolve(doc: ApprovalQueueDocument, event: RecordedEvent): ApprovalQueueDocument {
  const at = event.metadata.occurredAt;
  const next = { ...doc, revision: event.revision };
  switch (event.type) {
    case 'OrderPlaced': {
      const placed = data(event, 'OrderPlaced');
      return {
        ...next,
        customerId: placed.customer.customerId,
        salesChannel: placed.channel.salesChannel,
        total: placed.total,
        placedAt: placed.placedAt,
      };
    }
    case 'RulesApplied': {
      const applied = data(event, 'RulesApplied');
      const asked = applied.effects.approval;
      if (asked === undefined || next.rule !== null) return next;
      return { ...next, rule: { ruleSet: applied.ruleSet, version: applied.version, ruleId: asked.ruleId } };
    }
    case 'ApprovalRequested': {
      const { role, reason } = data(event, 'ApprovalRequested');
      return {
        ...next,
        state: 'waiting',
        role,
        reason,
        requestedAt: at,
        currentRole: role,
        askedAt: at,
        escalations: [],
        decision: null,
      };
    }
  }
  if (next.state === 'none') return next;
  switch (event.type) {
    case 'ApprovalEscalated': {
      const { fromRole, toRole, level, deadline, escalatedAt, rule } = data(event, 'ApprovalEscalated');
      const escalation = { fromRole, toRole, level, deadline, escalatedAt, rule };
      return { ...next, currentRole: toRole, askedAt: escalatedAt, escalations: [...next.escalations, escalation] };
    }
    case 'OrderHeld':
      return next.state === 'waiting' ? { ...next, state: 'held' } : next;
    case 'OrderReleased':
      return next.state === 'held' ? { ...next, state: 'waiting' } : next;
    case 'OrderApproved':
    case 'OrderRejected': {
      const { role, reason, decidedBy } = data(event, 'OrderRejected');
      const outcome = event.type === 'OrderApproved' ? ('approved' as const) : ('rejected' as const);
      // Events recorded before `decidedBy` existed name the decider only in their metadata.
      const by: ActorRef = decidedBy ?? event.metadata.actor;
      return {
        ...next,
        state: outcome,
        decision: { outcome, role, decidedBy: by, decidedAt: at, reason: reason ?? '' },
      };
    }
    case 'OrderCancelled': {
      if (next.state !== 'waiting' && next.state !== 'held') return next;
      const { reason } = data(event, 'OrderCancelled');
      const decision = {
        outcome: 'cancelled' as const,
        role: null,
        decidedBy: event.metadata.actor,
        decidedAt: at,
        reason,
      };
      return { ...next, state: 'cancelled', decision };
    }
    default:
      return next;
  }
}

const empty = (id: string): ApprovalQueueDocument => ({
  id,
  revision: 0,
  customerId: null,
  salesChannel: null,
  total: null,
  placedAt: null,
  state: 'none',
  role: null,
  reason: null,
  rule: null,
  requestedAt: null,
  currentRole: null,
  askedAt: null,
  escalations: [],
  decision: null,
});

/** The events that change an approval; every other order event leaves the document as it is. */
const CHANGES_APPROVAL = new Set([
  'ApprovalRequested',
  'ApprovalEscalated',
  'OrderHeld',
  'OrderReleased',
  'OrderApproved',
  'OrderRejected',
  'OrderCancelled',
]);
/** The events that only ever follow an ApprovalRequested in the same stream. */
const AFTER_REQUEST = new Set(['ApprovalRequested', 'ApprovalEscalated', 'OrderApproved', 'OrderRejected']);

/** Whether the order's stream asked for an approval before `event` (read from the log). */
async function requestedBefore(event: RecordedEvent, context: ProjectionContext): Promise<boolean> {
  if (event.revision <= 1) return false;
  const before = await context.events.readStream(event.streamId, { fromRevision: 1, maxCount: event.revision - 1 });
  return before.some((e) => e.type === 'ApprovalRequested');
}

/**
 * The approvers' work queue (`approvalQueue`): one document per order that was asked for an
 * approval, with what the queue shows — customer, channel, total, the role asked and why, the
 * rule that asked, when, each escalation, the role it waits on now and since when — and, once
 * decided, who decided, how and why. Only the events that change an approval are written, under
 * the per-stream revision guard: the order's other events (placement, rules, shipments,
 * payments) are read from the log when one of those comes after them. Every other event is
 * answered `applied` without a read or a write, so orders no one was asked to approve cost the
 * queue nothing but a hold, release or cancel, which reads the order's stream to see whether an
 * approval was asked (a redelivery may bring it before the request's own event).
 */
export const approvalQueueProjection: Projection = {
  name: 'approvalQueue',
  categories: ['order'],
  collections: [APPROVAL_QUEUE_COLLECTION],
  async setup(store) {
    await store.collection(APPROVAL_QUEUE_COLLECTION).ensureIndex(['state']);
  },
  async apply(event, context) {
    if (!CHANGES_APPROVAL.has(event.type)) return 'applied';
    if (!AFTER_REQUEST.has(event.type)) {
      const queue = context.store.collection<ApprovalQueueDocument>(APPROVAL_QUEUE_COLLECTION);
      const doc = await queue.get(streamEntityId(event.streamId));
      if (doc === undefined && !(await requestedBefore(event, context))) return 'applied';
    }
    return applyToStreamDocument<ApprovalQueueDocument>(event, context, APPROVAL_QUEUE_COLLECTION, (id, doc, events) =>
      events.reduce(evolve, doc ?? empty(id)),
    );
  },
};
