import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  allowedOrderCommands,
  type EventStore,
  type OrderEvent,
  orderStateAt,
  orderStatus,
  orderStreamId,
  type RecordedEvent,
  toPersistedOrderState,
} from '@ordinal/domain';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { OrderDecisionsSchema } from './order-decisions.schemas.ts';
import { orderDecisions } from './order-decisions.ts';
import { eventView } from './order-views.ts';
import { OrderHistorySchema, OrderIdParams, OrderStateQuery, OrderStateSchema } from './orders.schemas.ts';

export interface OrderHistoryRoutesOptions {
  readonly events: EventStore;
}

async function history(events: EventStore, orderId: string): Promise<RecordedEvent<OrderEvent>[]> {
  const stream = (await events.readStream(orderStreamId(orderId))) as RecordedEvent<OrderEvent>[];
  if (stream.length === 0) throw new ApiError(404, 'order.not-found', `order ${orderId} does not exist`);
  return stream;
}

/** How many events the state at `?revision` or `?at` covers; 404 when it is not in the stream. */
export function revisionFor(stream: readonly RecordedEvent[], query: { revision?: number; at?: string }): number {
  const latest = stream.length;
  if (query.revision !== undefined && query.at !== undefined) {
    const details = { field: '/at', reason: 'cannot be combined with revision', location: 'querystring' };
    throw new ApiError(400, 'request.invalid', 'give either revision or at, not both', details);
  }
  if (query.revision !== undefined) {
    if (query.revision <= latest) return query.revision;
    const message = `the order has ${latest} events; revision ${query.revision} does not exist`;
    throw new ApiError(404, 'order.revision-not-found', message, { requested: query.revision, latest });
  }
  if (query.at !== undefined) {
    const at = Date.parse(query.at);
    // "As of T" is the longest prefix whose events all happened by T: business time may run
    // out of stream order (imports, late carrier scans), and a later event stamped early must
    // not pull in the events recorded before it.
    let covered = 0;
    while (covered < latest && Date.parse((stream[covered] as RecordedEvent).metadata.occurredAt) <= at) covered += 1;
    if (covered > 0) return covered;
    throw new ApiError(404, 'order.not-found-at', `the order did not exist yet at ${query.at}`, { at: query.at });
  }
  return latest;
}

/** `GET /orders/:orderId/events`, `GET /orders/:orderId/state` and `GET /orders/:orderId/decisions`. */
export const orderHistoryRoutes: FastifyPluginAsyncTypebox<OrderHistoryRoutesOptions> = async (app, { events }) => {
  app.get(
    '/orders/:orderId/events',
    {
      config: { roles: ROUTE_ROLES.orderHistory },
      schema: {
        tags: ['history'],
        summary: 'Every event of an order, as recorded',
        headers: ApiHeaders,
        params: OrderIdParams,
        response: { 200: OrderHistorySchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { orderId } = request.params;
      const stream = await history(events, orderId);
      return { orderId, revision: stream.length, events: stream.map(eventView) };
    },
  );

  app.get(
    '/orders/:orderId/state',
    {
      config: { roles: ROUTE_ROLES.orderHistory },
      schema: {
        tags: ['history'],
        summary: 'The order replayed to a revision or a moment',
        description:
          '`?revision=N`: state after the first N events. `?at=<instant>`: state after the longest prefix of ' +
          'the stream whose events all have occurredAt at or before the instant (an event stamped out of order ' +
          'never pulls later-recorded events in). Neither: the latest state. A revision beyond the stream is 404.',
        headers: ApiHeaders,
        params: OrderIdParams,
        querystring: OrderStateQuery,
        response: { 200: OrderStateSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { orderId } = request.params;
      const stream = await history(events, orderId);
      const revision = revisionFor(stream, request.query);
      const state = orderStateAt(stream, revision);
      const { value, context } = toPersistedOrderState(state);
      return {
        orderId,
        revision,
        occurredAt: (stream[revision - 1] as RecordedEvent).metadata.occurredAt,
        value,
        status: orderStatus(state),
        context: context as unknown as Record<string, unknown>,
        allowedCommands: [...allowedOrderCommands(state)],
      };
    },
  );
  app.get(
    '/orders/:orderId/decisions',
    {
      config: { roles: ROUTE_ROLES.orderHistory },
      schema: {
        tags: ['history'],
        summary:
          'The decisions taken about an order (routing, allocations by hand), in words, from the recorded events',
        headers: ApiHeaders,
        params: OrderIdParams,
        response: { 200: OrderDecisionsSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { orderId } = request.params;
      const stream = await history(events, orderId);
      return { orderId, revision: stream.length, decisions: orderDecisions(stream) };
    },
  );
};
