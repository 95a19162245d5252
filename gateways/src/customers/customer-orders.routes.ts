import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ReadStore } from '@ordinal/domain';
import { CUSTOMER_ORDERS_COLLECTION, type CustomerOrdersDocument } from '@ordinal/projections';
import type { Static } from 'typebox';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { CustomerIdParams, CustomerOrdersSchema } from './customer-orders.schemas.ts';

export interface CustomerRoutesOptions {
  readonly readStore: ReadStore;
}

type Served = Static<typeof CustomerOrdersSchema>;
type Summary = Served['orders'][number];
type Stored = CustomerOrdersDocument['orders'][number];
type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
// Compile-time checks that the schema names every field of a stored summary (the serializer
// drops what it does not name, silently), with types that fit.
type Unserved = Exclude<keyof Stored, keyof Summary>;
const _everyFieldServed: [Unserved] extends [never] ? true : Unserved = true;
const _fieldsFit: Stored extends DeepReadonly<Summary> ? true : never = true;

/** `GET /customers/:customerId/orders`: a customer's orders from the `customerOrders` projection. */
export const customerRoutes: FastifyPluginAsyncTypebox<CustomerRoutesOptions> = async (app, { readStore }) => {
  const customers = readStore.collection<CustomerOrdersDocument>(CUSTOMER_ORDERS_COLLECTION);

  app.get(
    '/customers/:customerId/orders',
    {
      config: { roles: ROUTE_ROLES.customerOrders },
      schema: {
        tags: ['customers'],
        summary: 'A customer’s orders, newest first',
        description:
          'Read from the customerOrders projection, which may trail the event store for a moment. ' +
          'A customer may read only their own list. 404 when no order of the customer is known.',
        headers: ApiHeaders,
        params: CustomerIdParams,
        response: { 200: CustomerOrdersSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const doc = await customers.get(customerId);
      if (doc === undefined)
        throw new ApiError(404, 'customer.not-found', `no order of customer ${customerId} is known`);
      // The per-stream revisions are the projection's bookkeeping, not part of the answer.
      return { customerId: doc.customerId, orders: [...doc.orders] };
    },
  );
};
