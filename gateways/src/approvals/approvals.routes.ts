import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  type ApprovalEscalationPolicy,
  approvalRoles,
  type CommandExecutor,
  escalationStep,
  type OrderCommand,
  type ReadStore,
  ROLES,
} from '@ordinal/domain';
import { APPROVAL_QUEUE_COLLECTION, type ApprovalQueueDocument } from '@ordinal/projections';
import { Type } from 'typebox';
import { errorResponses } from '../http/errors.ts';
import { ApiHeaders, CommandHeaders } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { sendAsCaller } from '../orders/order-commands.send.ts';
import { closed, Instant, MoneySchema, nullable, Text } from '../orders/order-values.schemas.ts';
import { CommandResultSchema, OrderIdParams } from '../orders/orders.schemas.ts';

const QueueQuery = closed({
  role: Type.Optional(
    Type.Enum(ROLES, {
      description: 'Only the approvals this role may decide (asked of it, escalated to it; admin: all).',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'At most this many.' })),
});

const EscalationItem = closed({
  fromRole: Type.String(),
  toRole: Type.String(),
  level: Type.Integer({ minimum: 1 }),
  deadline: Instant,
  escalatedAt: Instant,
  rule: Type.String(),
});

const ApprovalItem = closed(
  {
    orderId: Type.String(),
    customerId: Type.String(),
    salesChannel: Type.String(),
    total: nullable(MoneySchema),
    role: Type.String({ description: 'The role first asked.' }),
    currentRole: Type.String({ description: 'The role the approval waits on now (after escalations).' }),
    mayDecide: Type.Array(Type.String(), { description: 'Roles whose approval or rejection the order accepts.' }),
    reason: Type.String(),
    rule: nullable(
      closed({ ruleSet: Type.String(), version: Type.Integer(), ruleId: Type.String() }, { title: 'ApprovalRule' }),
    ),
    requestedAt: Instant,
    askedAt: Instant,
    escalations: Type.Array(EscalationItem),
    dueAt: nullable(Instant),
    escalatesTo: nullable(Type.String()),
  },
  { title: 'Approval' },
);

const ApprovalList = closed(
  { count: Type.Integer({ minimum: 0 }), items: Type.Array(ApprovalItem) },
  { title: 'Approvals' },
);

const DecisionBody = closed({ reason: Text }, { title: 'ApprovalDecision' });

/** The queue's view of a waiting approval; `dueAt` from the policy the process runs with now. */
function itemOf(doc: ApprovalQueueDocument, policy: ApprovalEscalationPolicy) {
  const role = doc.role ?? '';
  const currentRole = doc.currentRole ?? role;
  const askedAt = doc.askedAt ?? doc.requestedAt ?? '';
  const step = escalationStep(policy, currentRole);
  return {
    orderId: doc.id,
    customerId: doc.customerId ?? '',
    salesChannel: doc.salesChannel ?? '',
    total: doc.total,
    role,
    currentRole,
    mayDecide: [...approvalRoles({ role, escalations: doc.escalations })],
    reason: doc.reason ?? '',
    rule: doc.rule,
    requestedAt: doc.requestedAt ?? askedAt,
    askedAt,
    escalations: [...doc.escalations],
    dueAt: step === undefined ? null : new Date(Date.parse(askedAt) + step.afterMs).toISOString(),
    escalatesTo: step?.toRole ?? null,
  };
}

/**
 * The approvers' work queue and its two decisions: `GET /approvals` lists the orders waiting on
 * an approval now (oldest request first, from the `approvalQueue` projection), `?role=` those a
 * role may decide; `POST /approvals/:orderId/approve` and `/reject` send ApproveOrder or
 * RejectOrder with the reason as the caller. The order itself refuses anyone but the role it
 * waits on, a role it was escalated from, or admin (403 `order.approval-role`).
 */
export const approvalRoutes: FastifyPluginAsyncTypebox<{
  readonly orders: CommandExecutor<OrderCommand>;
  readonly readStore: ReadStore;
  readonly newId: () => string;
  readonly escalation: ApprovalEscalationPolicy;
}> = async (app, { orders, readStore, newId, escalation }) => {
  const queue = readStore.collection<ApprovalQueueDocument>(APPROVAL_QUEUE_COLLECTION);
  app.get(
    '/approvals',
    {
      config: { roles: ROUTE_ROLES.readApprovals },
      schema: {
        tags: ['approvals'],
        summary: 'Orders waiting on an approval now, oldest request first (the approvers’ work queue)',
        description:
          'From the read side (`approvalQueue`), so a request shows once projected. Each item: the customer, channel ' +
          'and total, the role first asked and why, the rule that asked, each escalation, the role it waits on now, ' +
          'who may decide, and when it escalates next under the configured policy (`dueAt`, null when it does not).',
        headers: ApiHeaders,
        querystring: QueueQuery,
        response: { 200: ApprovalList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { role, limit = 100 } = request.query;
      const waiting = await queue.find({ state: 'waiting' }, { sort: [['requestedAt', 'asc']] });
      const items = waiting
        .map((doc) => itemOf(doc, escalation))
        .filter((item) => role === undefined || item.mayDecide.includes(role))
        .slice(0, limit);
      return { count: items.length, items };
    },
  );

  for (const [action, type] of [
    ['approve', 'ApproveOrder'],
    ['reject', 'RejectOrder'],
  ] as const) {
    app.post(
      `/approvals/:orderId/${action}`,
      {
        config: { roles: ROUTE_ROLES.decideApproval },
        schema: {
          tags: ['approvals'],
          summary: action === 'approve' ? 'Approve an order (it is confirmed)' : 'Reject an order (it is cancelled)',
          description:
            `Sends ${type} with the reason as the caller; the event records the role it waited on and who decided ` +
            '(`decidedBy`). Anyone but the role it waits on, a role it was escalated from, or admin is refused by the ' +
            'order itself (403 `order.approval-role`); an order not awaiting approval answers 409.',
          headers: CommandHeaders,
          params: OrderIdParams,
          body: DecisionBody,
          response: { 200: CommandResultSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
        },
      },
      async (request, reply) => {
        const { orderId } = request.params;
        return sendAsCaller({ orders, newId, request, reply }, { type, orderId, reason: request.body.reason });
      },
    );
  }
};
