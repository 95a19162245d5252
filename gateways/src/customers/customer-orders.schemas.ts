import { Type } from 'typebox';
import {
  closed,
  Id,
  Instant,
  MoneySchema,
  nullable,
  SalesChannelSchema,
  served,
} from '../orders/order-values.schemas.ts';
import { OrderStatusSchema } from '../orders/orders.schemas.ts';

/** Path parameters of the routes about one customer. */
export const CustomerIdParams = closed({ customerId: Id });

/** One order in a customer's list. */
export const CustomerOrderSummarySchema = served(
  closed(
    {
      orderId: Type.String(),
      status: OrderStatusSchema,
      placedAt: nullable(Instant),
      total: MoneySchema,
      channel: nullable(SalesChannelSchema),
      revision: Type.Integer({ description: 'The order stream revision this summary reflects.' }),
    },
    { title: 'CustomerOrderSummary' },
  ),
);

/** Answer to `GET /customers/:customerId/orders`: the `customerOrders` document, newest order first. */
export const CustomerOrdersSchema = closed(
  { customerId: Type.String(), orders: Type.Array(CustomerOrderSummarySchema) },
  { title: 'CustomerOrders' },
);
