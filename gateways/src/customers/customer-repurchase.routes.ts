import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type ReadStore, repurchaseHint } from '@ordinal/domain';
import { readRepurchaseEstimates } from '@ordinal/projections';
import { Type } from 'typebox';
import { customerNotFound } from '../auth/auth.guard.ts';
import { errorResponses } from '../http/errors.ts';
import { ApiHeaders } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { closed, Instant } from '../orders/order-values.schemas.ts';
import { CustomerIdParams } from './customer-orders.schemas.ts';

const RepurchaseSkuSchema = closed(
  {
    sku: Type.String(),
    purchases: Type.Integer({ minimum: 1, description: 'Orders of the SKU counted (cancelled ones left out).' }),
    lastPurchase: Instant,
    medianDays: Type.Optional(Type.Number({ description: 'The median interval between purchases, in days.' })),
    expectedNext: Type.Optional(Instant),
    withinDays: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Whole days from now to expectedNext (0: due); absent when overdue by more than one interval.',
      }),
    ),
  },
  { title: 'RepurchaseSku' },
);

const CustomerRepurchaseSchema = closed(
  { customerId: Type.String(), asOf: Instant, skus: Type.Array(RepurchaseSkuSchema) },
  { title: 'CustomerRepurchase' },
);

/**
 * `GET /customers/:customerId/repurchase`: every SKU the customer bought, with its repurchase
 * estimate (from three purchases) and the hint it gives now, from the `repurchaseEstimates`
 * projection; the same estimate the rules read at placement (docs/rules.md).
 */
export const customerRepurchaseRoutes: FastifyPluginAsyncTypebox<{
  readonly readStore: ReadStore;
  readonly clock: () => Date;
}> = async (app, { readStore, clock }) => {
  app.get(
    '/customers/:customerId/repurchase',
    {
      config: { roles: ROUTE_ROLES.customerRepurchase },
      schema: {
        tags: ['customers'],
        summary: 'A customer’s repurchase estimates per SKU, and the hint each gives now',
        description:
          'Read from the repurchaseEstimates projection, which may trail the event store for a moment. ' +
          'An estimate needs three purchases; `withinDays` is taken at the server’s clock. ' +
          '404 when no order of the customer is known.',
        headers: ApiHeaders,
        params: CustomerIdParams,
        response: { 200: CustomerRepurchaseSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const doc = await readRepurchaseEstimates(readStore, customerId);
      if (doc === undefined) throw customerNotFound(customerId);
      const asOf = clock().toISOString();
      const skus = doc.skus.map(({ sku, purchases, lastPurchase, estimate }) => {
        const hint = estimate === undefined ? undefined : repurchaseHint(estimate, asOf);
        return {
          sku,
          purchases,
          lastPurchase,
          ...(estimate === undefined ? {} : { medianDays: estimate.medianDays, expectedNext: estimate.expectedNext }),
          ...(hint === undefined ? {} : { withinDays: hint.withinDays }),
        };
      });
      return { customerId, asOf, skus };
    },
  );
};
