import { Type } from 'typebox';
import { ListPagingQuery, NextCursorSchema, OrderSummarySchema } from '../orders/order-tracking.schemas.ts';
import { closed, Id } from '../orders/order-values.schemas.ts';

/** Path parameters of the routes about one customer. */
export const CustomerIdParams = closed({ customerId: Id });

/** Paging of `GET /customers/:customerId/orders`, as for `GET /orders`. */
export const CustomerOrdersQuerySchema = closed(ListPagingQuery);

/** Answer to `GET /customers/:customerId/orders`: a page of the customer's orders, newest first. */
export const CustomerOrdersSchema = closed(
  { customerId: Type.String(), items: Type.Array(OrderSummarySchema), nextCursor: NextCursorSchema },
  { title: 'CustomerOrders' },
);
