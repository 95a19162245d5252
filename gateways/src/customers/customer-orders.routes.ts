import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ReadStore } from '@ordinal/domain';
import { ORDER_TRACKING_COLLECTION, type OrderTrackingDocument } from '@ordinal/projections';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { listOrderSummaries, TRACKING_LIST_FIELDS } from '../orders/orders.queries.ts';
import { CustomerIdParams, CustomerOrdersQuerySchema, CustomerOrdersSchema } from './customer-orders.schemas.ts';

export interface CustomerRoutesOptions {
  readonly readStore: ReadStore;
}

/**
 * `GET /customers/:customerId/orders`: a customer's orders, read from `orderTracking` (one
 * document per order, indexed on customerId with placedAt) and paged as `GET /orders` is.
 */
export const customerRoutes: FastifyPluginAsyncTypebox<CustomerRoutesOptions> = async (app, { readStore }) => {
  const tracking = readStore.collection<OrderTrackingDocument>(ORDER_TRACKING_COLLECTION);

  /** Whether any order of the customer is known, for a page that came back empty. */
  const hasOrders = async (customerId: string) =>
    (await tracking.find({ [TRACKING_LIST_FIELDS.customerId]: customerId }, { limit: 1 })).length > 0;

  app.get(
    '/customers/:customerId/orders',
    {
      config: { roles: ROUTE_ROLES.customerOrders },
      schema: {
        tags: ['customers'],
        summary: 'A customer’s orders, newest first',
        description:
          'Read from the orderTracking projection, which may trail the event store for a moment. ' +
          'Pages are keyset-based as for `GET /orders`: pass `nextCursor` back as `cursor`. ' +
          'A customer may read only their own list. 404 when no order of the customer is known.',
        headers: ApiHeaders,
        params: CustomerIdParams,
        querystring: CustomerOrdersQuerySchema,
        response: { 200: CustomerOrdersSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const { limit, cursor } = request.query;
      const page = await listOrderSummaries(tracking, { customerId, limit, cursor });
      // A first page is empty only when there is no order; a later one may be past the end.
      if (page.items.length === 0 && (cursor === undefined || !(await hasOrders(customerId)))) {
        throw new ApiError(404, 'customer.not-found', `no order of customer ${customerId} is known`);
      }
      return { customerId, ...page };
    },
  );
};
