import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CommandExecutor, OrderCommand, ReadStore } from '@ordinal/domain';
import { RISK_ORDERS_COLLECTION, type RiskOrderDocument } from '@ordinal/projections';
import { Type } from 'typebox';
import { errorResponses } from '../http/errors.ts';
import { ApiHeaders, CommandHeaders } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { sendAsCaller } from '../orders/order-commands.send.ts';
import { closed, Id, Instant, Text } from '../orders/order-values.schemas.ts';
import { CommandResultSchema, OrderIdParams } from '../orders/orders.schemas.ts';

const HoldsQuery = closed({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'At most this many.' })),
});

const RiskHoldItem = closed(
  {
    orderId: Id,
    customerId: Type.String(),
    reason: Type.String(),
    heldAt: Instant,
    facts: Type.Object({}, { additionalProperties: true, description: 'The hold’s facts (docs/risk.md).' }),
  },
  { title: 'RiskHold' },
);

const RiskHoldList = closed(
  { count: Type.Integer({ minimum: 0 }), items: Type.Array(RiskHoldItem) },
  { title: 'RiskHolds' },
);

const DecisionBody = closed({ reason: Text }, { title: 'RiskDecision' });

/**
 * The risk work queue and its two decisions: `GET /risk/holds` lists the orders risk holds now
 * (oldest first, from the `riskAccounts` projection); `POST /risk/holds/:orderId/release` and
 * `/cancel` send ReleaseOrder or CancelOrder as the caller, which the decider records with who.
 */
export const riskRoutes: FastifyPluginAsyncTypebox<{
  readonly orders: CommandExecutor<OrderCommand>;
  readonly readStore: ReadStore;
  readonly newId: () => string;
}> = async (app, { orders, readStore, newId }) => {
  const holds = readStore.collection<RiskOrderDocument>(RISK_ORDERS_COLLECTION);
  app.get(
    '/risk/holds',
    {
      config: { roles: ROUTE_ROLES.riskHolds },
      schema: {
        tags: ['risk'],
        summary: 'Orders on a risk hold now, oldest first (the risk work queue)',
        description:
          'From the read side (`riskAccounts`), so a hold shows once projected. Each item carries the hold’s facts: ' +
          'rule version, thresholds, window, counts and the orders counted.',
        headers: ApiHeaders,
        querystring: HoldsQuery,
        response: { 200: RiskHoldList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const found = await holds.find(
        { holdState: 'held' },
        { sort: [['hold.heldAt', 'asc']], limit: request.query.limit ?? 100 },
      );
      const items = found.flatMap((doc) =>
        doc.hold === null
          ? []
          : [
              {
                orderId: doc.id,
                customerId: doc.customerId ?? '',
                reason: doc.hold.reason,
                heldAt: doc.hold.heldAt,
                facts: doc.hold.facts,
              },
            ],
      );
      return { count: items.length, items };
    },
  );

  for (const [action, type] of [
    ['release', 'ReleaseOrder'],
    ['cancel', 'CancelOrder'],
  ] as const) {
    app.post(
      `/risk/holds/:orderId/${action}`,
      {
        config: { roles: ROUTE_ROLES.riskDecision },
        schema: {
          tags: ['risk'],
          summary: action === 'release' ? 'Release an order risk held (it is confirmed)' : 'Cancel an order risk held',
          description:
            `Sends ${type} as the caller (risk or admin). On a hold risk took anyone else is refused by the order ` +
            'itself (403 `order.risk-hold`); an order not on hold answers 409.',
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
