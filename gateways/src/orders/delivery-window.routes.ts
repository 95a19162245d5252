import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type CommandExecutor, type OrderCommand, type Rejection, reject } from '@ordinal/domain';
import { errorResponses } from '../http/errors.ts';
import { CommandHeaders } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { sendAsCaller } from './order-commands.send.ts';
import { closed, Instant } from './order-values.schemas.ts';
import { CommandResultSchema, OrderIdParams } from './orders.schemas.ts';

/** The body of `POST /orders/:orderId/delivery-window`. */
export const DeliveryWindowBody = closed({ from: Instant, to: Instant }, { title: 'DeliveryWindow' });

// The command's fields are `/window/from` and `/window/to`; the body's are `/from` and `/to`.
function inBodyTerms(rejection: Rejection): Rejection {
  const field = rejection.details?.field;
  if (typeof field !== 'string' || !field.startsWith('/window/')) return rejection;
  return reject(rejection.code, rejection.message.replace('/window/', '/'), {
    ...rejection.details,
    field: field.slice('/window'.length),
  });
}

/** `POST /orders/:orderId/delivery-window`: the customer picks when the parcel should come. */
export const deliveryWindowRoutes: FastifyPluginAsyncTypebox<{
  readonly orders: CommandExecutor<OrderCommand>;
  readonly newId: () => string;
}> = async (app, { orders, newId }) => {
  app.post(
    '/orders/:orderId/delivery-window',
    {
      config: { roles: ROUTE_ROLES.chooseDeliveryWindow },
      schema: {
        tags: ['orders'],
        summary: 'Choose a delivery time window (the order’s customer only)',
        description:
          'Records `DeliveryWindowChosen`. Only the customer who placed the order may (`x-ordinal-role: customer`, ' +
          '`x-ordinal-actor-id: <customerId>`), otherwise 403 `order.not-your-order`. The window must not have begun ' +
          'and last 1 hour to 1 week (422 `order.invalid-delivery-window` naming `/from` or `/to`); once the order ' +
          'is delivered, cancelled or closed it is 409.',
        headers: CommandHeaders,
        params: OrderIdParams,
        body: DeliveryWindowBody,
        response: { 200: CommandResultSchema, ...errorResponses(400, 403, 404, 409, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const command: OrderCommand = {
        type: 'ChooseDeliveryWindow',
        orderId: request.params.orderId,
        window: request.body,
      };
      return sendAsCaller({ orders, newId, request, reply }, command, inBodyTerms);
    },
  );
};
