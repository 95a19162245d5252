import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CommandExecutor, CommandOutcome, OrderCommand } from '@ordinal/domain';
import type { FastifyReply } from 'fastify';
import { assertMayPlaceFor } from '../auth/auth.guard.ts';
import { errorResponses, rejectionError } from '../http/errors.ts';
import { orderIdForIdempotencyKey } from '../http/ids.ts';
import { CommandHeaders, commandMetadata, idempotencyKeyOf } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import {
  OrderCommandBody,
  type OrderCommandBodyValue,
  PlaceOrderBody,
  type PlaceOrderBodyValue,
} from './order-commands.schemas.ts';
import { eventView } from './order-views.ts';
import { CommandResultSchema, OrderIdParams, PlacedOrderSchema } from './orders.schemas.ts';

export interface OrderCommandRoutesOptions {
  readonly orders: CommandExecutor<OrderCommand>;
  readonly newId: () => string;
}

/** PlaceOrder from the body of `POST /orders` and the order id chosen for it. */
export function placeOrderCommand(body: PlaceOrderBodyValue, orderId: string): OrderCommand {
  return { ...body, type: 'PlaceOrder', orderId };
}

/** The command from the body of `POST /orders/:orderId/commands` and the id in the path. */
export function orderCommand(body: OrderCommandBodyValue, orderId: string): OrderCommand {
  // The schemas are checked against the domain's command types at compile time.
  return { ...body, orderId } as OrderCommand;
}

const REPLAYED = { 'idempotent-replayed': 'true' } as const;

/**
 * The accepted outcome, or the refusal thrown as its error answer. A replay (the same command
 * id again) answers exactly as the first time, refusals included; the header tells it apart.
 */
function accepted(outcome: CommandOutcome, reply: FastifyReply) {
  if (outcome.status === 'rejected') throw rejectionError(outcome.rejection, outcome.duplicate ? REPLAYED : {});
  if (outcome.duplicate) reply.headers(REPLAYED);
  return outcome;
}

const COMMAND_ERRORS = errorResponses(400, 404, 409, 413, 415, 422, 429);

/** `POST /orders` and `POST /orders/:orderId/commands`. */
export const orderCommandRoutes: FastifyPluginAsyncTypebox<OrderCommandRoutesOptions> = async (
  app,
  { orders, newId },
) => {
  app.post(
    '/orders',
    {
      config: { roles: ROUTE_ROLES.placeOrder },
      schema: {
        tags: ['orders'],
        summary: 'Place an order',
        description:
          'With an Idempotency-Key, a retry with the same body answers as the first time; without orderId ' +
          'the order id is derived from the key, so a retry lands on the same order. A customer places orders ' +
          'only for themselves (403 `auth.forbidden` otherwise).',
        headers: CommandHeaders,
        body: PlaceOrderBody,
        response: { 201: PlacedOrderSchema, ...COMMAND_ERRORS },
      },
    },
    async (request, reply) => {
      assertMayPlaceFor(request, request.body.customer.customerId);
      const key = idempotencyKeyOf(request);
      const orderId = request.body.orderId ?? (key === undefined ? newId() : orderIdForIdempotencyKey(key));
      const metadata = commandMetadata(request, key ?? newId(), request.body.channel.salesChannel);
      const outcome = accepted(
        await orders.execute({ command: placeOrderCommand(request.body, orderId), metadata }),
        reply,
      );
      return reply
        .status(201)
        .header('location', `/orders/${encodeURIComponent(orderId)}`)
        .send({ orderId, revision: outcome.revision });
    },
  );

  app.post(
    '/orders/:orderId/commands',
    {
      config: { roles: ROUTE_ROLES.orderCommand },
      schema: {
        tags: ['orders'],
        summary: 'Send a command to an order',
        description:
          'The body is one command; `type` selects it (ConfirmOrder, AllocateOrder, CancelOrder, RefundPayment…). ' +
          'A refusal about the order’s state is 409 with the state and the allowed commands.',
        headers: CommandHeaders,
        params: OrderIdParams,
        body: OrderCommandBody,
        response: { 200: CommandResultSchema, ...COMMAND_ERRORS },
      },
    },
    async (request, reply) => {
      const commandId = idempotencyKeyOf(request) ?? newId();
      const command = orderCommand(request.body, request.params.orderId);
      const outcome = accepted(await orders.execute({ command, metadata: commandMetadata(request, commandId) }), reply);
      return { revision: outcome.revision, events: outcome.events.map(eventView) };
    },
  );
};
