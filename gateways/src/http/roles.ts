import type { Role } from '@ordinal/domain';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: any other role is refused with 403 `auth.forbidden` (gateways/src/auth). */
    roles?: readonly Role[];
    /** Served to anyone (probes, page shells and their assets): the data a page loads is guarded by its own route. */
    public?: boolean;
  }
}

/**
 * Who may call each kind of route, and watch what over the websocket. One table, so a review
 * sees every grant at once. A customer reaches only their own orders (docs/api.md).
 */
export const ROUTE_ROLES = {
  placeOrder: ['customer', 'cs', 'ops', 'admin', 'integration'],
  orderCommand: ['cs', 'ops', 'admin', 'integration', 'finance', 'risk'],
  readOrder: ['customer', 'cs', 'auditor', 'ops', 'admin', 'integration', 'finance', 'risk'],
  customerOrders: ['customer', 'cs', 'auditor', 'ops', 'admin'],
  /** Erasing a customer's personal data (docs/privacy.md). */
  eraseCustomer: ['admin', 'privacy'],
  /** Everything held about a customer: the customer themself, or staff answering their access request. */
  exportCustomer: ['customer', 'cs', 'auditor', 'admin', 'privacy'],
  /** A customer's consents: the customer themself, staff and integrations. */
  readConsent: ['customer', 'cs', 'auditor', 'ops', 'admin', 'integration', 'privacy'],
  manageConsent: ['customer', 'cs', 'admin', 'integration', 'privacy'],
  /** Consent changes and erasures of all customers, for integrations that keep a copy. */
  followConsents: ['integration', 'auditor', 'admin', 'privacy'],
  /** A customer's repurchase estimates: staff only. */
  customerRepurchase: ['cs', 'auditor', 'ops', 'admin'],
  listOrders: ['cs', 'auditor', 'ops', 'admin', 'integration', 'finance', 'risk'],
  orderCounts: ['cs', 'auditor', 'ops', 'admin', 'finance', 'risk'],
  orderHistory: ['cs', 'auditor', 'ops', 'admin', 'finance', 'risk'],
  /** An order's audit trail and the export of the log with its hashes: auditors (read-only) and admin. */
  auditTrail: ['auditor', 'admin'],
  auditExport: ['auditor', 'admin'],
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
  readRules: ['cs', 'auditor', 'ops', 'admin', 'finance', 'risk'],
  manageRules: ['admin'],
  dryRunRules: ['ops', 'admin'],
  /** The alerts list, one alert, its delivery log and the alert rule sets. */
  readAlerts: ['cs', 'auditor', 'ops', 'admin', 'finance', 'risk', 'integration'],
  /** Acknowledging or resolving an alert by hand. */
  handleAlerts: ['cs', 'ops', 'admin', 'finance', 'risk'],
  manageAlertRules: ['admin'],
  readCatalogue: ['cs', 'auditor', 'ops', 'admin', 'integration', 'finance', 'risk'],
  manageCatalogue: ['ops', 'admin'],
  carrierMapping: ['ops', 'admin', 'integration', 'auditor'],
  publishCarrierMapping: ['admin'],
  parkedCarrierPayloads: ['ops', 'admin'],
  /** The risk work queue: orders on a risk hold now. */
  riskHolds: ['risk', 'ops', 'admin'],
  /** Releasing or cancelling from the queue; the decider also refuses others on a risk hold. */
  riskDecision: ['risk', 'admin'],
  /** The approvers' work queue: orders waiting on an approval now. */
  readApprovals: ['cs', 'auditor', 'ops', 'admin', 'finance', 'risk'],
  /** Approving or rejecting from the queue; the decider also refuses all but the role asked (or escalated to) and admin. */
  decideApproval: ['cs', 'ops', 'admin', 'finance', 'risk'],
  // Only the order's own customer: the decider checks the actor is that customer.
  chooseDeliveryWindow: ['customer'],
  /** The KPIs (`GET /kpis`, the dashboard) and each role's dashboard view: staff who steer or audit the business. */
  readKpis: ['cs', 'auditor', 'ops', 'admin', 'finance', 'risk'],
  /** Saving what a role sees on the KPI dashboard by default. */
  manageKpiViews: ['admin'],
  /** Subscribing to one order at `/ws`: whoever may read it (a customer only their own). */
  watchOrder: ['customer', 'cs', 'auditor', 'ops', 'admin', 'integration', 'finance', 'risk'],
  /** The ops feed at `/ws`: every order's changes, for boards. */
  watchOpsFeed: ['cs', 'ops', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
