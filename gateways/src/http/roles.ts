import type { Role } from '@ordinal/domain';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; enforced once authentication exists, documented in OpenAPI now. */
    roles?: readonly Role[];
    /** Served to anyone (probes, page shells and their assets): the data a page loads is guarded by its own route. */
    public?: boolean;
  }
}

/** Who may call each kind of route. One table, so a review sees every grant at once. */
export const ROUTE_ROLES = {
  placeOrder: ['customer', 'cs', 'ops', 'admin', 'integration'],
  orderCommand: ['cs', 'ops', 'admin', 'integration', 'finance', 'risk'],
  readOrder: ['customer', 'cs', 'auditor', 'ops', 'admin', 'integration', 'finance', 'risk'],
  customerOrders: ['customer', 'cs', 'auditor', 'ops', 'admin'],
  listOrders: ['cs', 'auditor', 'ops', 'admin', 'integration', 'finance', 'risk'],
  orderCounts: ['cs', 'auditor', 'ops', 'admin', 'finance', 'risk'],
  orderHistory: ['cs', 'auditor', 'ops', 'admin', 'finance', 'risk'],
  probe: ['ops', 'admin'],
  metrics: ['ops', 'admin'],
  parkedEvents: ['ops', 'admin'],
  readInventory: ['cs', 'auditor', 'ops', 'admin', 'integration'],
  inventoryCommand: ['ops', 'admin', 'integration'],
  readLocations: ['cs', 'auditor', 'ops', 'admin', 'integration'],
  manageLocations: ['ops', 'admin'],
  channelIntake: ['integration', 'ops', 'admin'],
  channelMapping: ['ops', 'admin', 'integration', 'auditor'],
  publishChannelMapping: ['admin'],
  parkedIntake: ['ops', 'admin'],
  readRoutingPolicies: ['cs', 'auditor', 'ops', 'admin'],
  manageRoutingPolicies: ['admin'],
  simulateRoutingPolicy: ['ops', 'admin'],
  // A carrier's push is authenticated by the HMAC signature of its body under the carrier's secret, not by a role.
  carrierPush: [],
  carrierMapping: ['ops', 'admin', 'integration', 'auditor'],
  publishCarrierMapping: ['admin'],
  parkedCarrierPayloads: ['ops', 'admin'],
  // Only the order's own customer: the decider checks the actor is that customer.
  chooseDeliveryWindow: ['customer'],
} as const satisfies Record<string, readonly Role[]>;
