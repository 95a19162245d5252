import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type EventStore, orderStreamId, type ReadStore } from '@ordinal/domain';
import { ORDER_TRACKING_COLLECTION, type OrderTrackingDocument } from '@ordinal/projections';
import type { Static } from 'typebox';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import {
  OrderCountsQuerySchema,
  OrderCountsSchema,
  OrderListQuerySchema,
  OrderListSchema,
  OrderTrackingSchema,
} from './order-tracking.schemas.ts';
import { listOrderSummaries, TRACKING_LIST_FIELDS } from './orders.queries.ts';
import { OrderIdParams } from './orders.schemas.ts';

export interface OrderQueryRoutesOptions {
  readonly readStore: ReadStore;
  readonly events: EventStore;
}

type Served = Static<typeof OrderTrackingSchema>;
type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
// Compile-time checks that the served schema names every field of the document but the
// machine's state (the serializer drops what it does not name, silently), with types that fit.
type Unserved = Exclude<keyof OrderTrackingDocument, keyof Served | 'machine'>;
const _everyFieldServed: [Unserved] extends [never] ? true : Unserved = true;
const _fieldsFit: Omit<OrderTrackingDocument, 'machine'> extends DeepReadonly<Served> ? true : never = true;

/** The document as served: the machine's internal state stays in the read store. */
function served(doc: OrderTrackingDocument): Served {
  const { machine: _internal, ...view } = doc;
  return view as Served;
}

/** The tracking document's field each count of `GET /orders/counts` groups by. */
const COUNT_FIELDS = { status: 'stage', channel: TRACKING_LIST_FIELDS.channel } as const;

/**
 * `GET /orders` (filtered, keyset-paged list), `GET /orders/counts` (orders per stage or
 * channel, grouped by the read store) and `GET /orders/:orderId` (the tracking view).
 */
export const orderQueryRoutes: FastifyPluginAsyncTypebox<OrderQueryRoutesOptions> = async (
  app,
  { readStore, events },
) => {
  const tracking = readStore.collection<OrderTrackingDocument>(ORDER_TRACKING_COLLECTION);

  app.get(
    '/orders',
    {
      config: { roles: ROUTE_ROLES.listOrders },
      schema: {
        tags: ['orders'],
        summary: 'List orders, newest first',
        description: 'Filters combine with AND. Pages are keyset-based: pass `nextCursor` back as `cursor`.',
        headers: ApiHeaders,
        querystring: OrderListQuerySchema,
        response: { 200: OrderListSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      return listOrderSummaries(tracking, request.query);
    },
  );

  app.get(
    '/orders/counts',
    {
      config: { roles: ROUTE_ROLES.orderCounts },
      schema: {
        tags: ['orders'],
        summary: 'How many orders are in each stage, or come from each channel',
        description: 'Counted by the read store over the tracking view, which may trail the event store for a moment.',
        headers: ApiHeaders,
        querystring: OrderCountsQuerySchema,
        response: { 200: OrderCountsSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { by } = request.query;
      const counts = await tracking.countBy(COUNT_FIELDS[by]);
      const total = counts.reduce((sum, c) => sum + c.count, 0);
      return {
        by,
        total,
        counts: counts.map((c) => ({ value: c.value === null ? null : String(c.value), count: c.count })),
      };
    },
  );

  app.get(
    '/orders/:orderId',
    {
      config: { roles: ROUTE_ROLES.readOrder },
      schema: {
        tags: ['orders'],
        summary: 'The order’s tracking view',
        description:
          'Read from the orderTracking projection, which may trail the event store for a moment: ' +
          '`x-ordinal-stream-revision` is the store’s revision, `revision` in the body the view’s.',
        headers: ApiHeaders,
        params: OrderIdParams,
        response: { 200: OrderTrackingSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { orderId } = request.params;
      const [doc, streamRevision] = await Promise.all([
        tracking.get(orderId),
        events.streamRevision(orderStreamId(orderId)),
      ]);
      reply.header('x-ordinal-stream-revision', String(streamRevision));
      if (doc === undefined) {
        const message =
          streamRevision === 0 ? `order ${orderId} does not exist` : `order ${orderId} is not in the view yet`;
        throw new ApiError(404, 'order.not-found', message, { streamRevision });
      }
      reply.header('x-ordinal-view-behind', String(doc.revision < streamRevision));
      return served(doc);
    },
  );
};
