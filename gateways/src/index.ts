export type { Readiness } from './health/health.routes.ts';
export { type ApiDeps, buildApi } from './http/api.ts';
export { ApiError, type ErrorBody, STATUS_BY_CODE, STATUS_BY_REJECTION_KIND, statusForCode } from './http/errors.ts';
export { ORDER_ID_NAMESPACE, orderIdForIdempotencyKey } from './http/ids.ts';
export { ROUTE_ROLES } from './http/roles.ts';
export { ORDER_COMMAND_BODIES, OrderCommandBody, PlaceOrderBody } from './orders/order-commands.schemas.ts';
