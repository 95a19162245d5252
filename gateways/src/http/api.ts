import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  ApprovalEscalationPolicy,
  CommandExecutor,
  EventStore,
  InventoryCommand,
  LocationCommand,
  OrderCommand,
  ReadStore,
} from '@ordinal/domain';
import Fastify, { type FastifyInstance, type FastifyReply, LogController } from 'fastify';
import { alertRuleRoutes } from '../alerts/alert-rules.routes.ts';
import { alertRoutes } from '../alerts/alerts.routes.ts';
import type { AlertDeps } from '../alerts/alerts.service.ts';
import { approvalRoutes } from '../approvals/approvals.routes.ts';
import { auditRoutes } from '../audit/audit.routes.ts';
import { registerAuthGuard } from '../auth/auth.guard.ts';
import type { AuthOptions } from '../auth/auth.identity.ts';
import { liveAuthenticator } from '../auth/live.access.ts';
import { OrderOwners } from '../auth/order-owners.ts';
import { carrierRoutes } from '../carriers/carrier.routes.ts';
import type { CarrierDeps } from '../carriers/carrier-hosts.ts';
import type { CarrierIntake } from '../carriers/carrier-intake.service.ts';
import { type CatalogueDeps, catalogueRoutes } from '../catalogue/catalogue.routes.ts';
import { channelRoutes } from '../channels/channel.routes.ts';
import type { ChannelDeps } from '../channels/channel-hosts.ts';
import { customerRoutes } from '../customers/customer-orders.routes.ts';
import { type CustomerPrivacyDeps, customerPrivacyRoutes } from '../customers/customer-privacy.routes.ts';
import { customerRepurchaseRoutes } from '../customers/customer-repurchase.routes.ts';
import { healthRoutes, type Readiness } from '../health/health.routes.ts';
import { inventoryRoutes } from '../inventory/inventory.routes.ts';
import { locationRoutes } from '../inventory/locations.routes.ts';
import { kpiViewRoutes } from '../kpis/kpi-views.routes.ts';
import { type KpiDeps, kpiRoutes } from '../kpis/kpis.routes.ts';
import { attachLiveServer, type LiveServerOptions } from '../live/live.server.ts';
import type { OrdinalMetrics } from '../metrics/metrics.registry.ts';
import { metricsRoutes } from '../metrics/metrics.routes.ts';
import { deliveryWindowRoutes } from '../orders/delivery-window.routes.ts';
import { orderCommandRoutes } from '../orders/order-commands.routes.ts';
import { orderHistoryRoutes } from '../orders/order-history.routes.ts';
import { orderQueryRoutes } from '../orders/orders.routes.ts';
import { type PagesOptions, pagesRoutes } from '../pages/pages.routes.ts';
import { type ParkedEvents, parkedRoutes } from '../parked/parked.routes.ts';
import { riskRoutes } from '../risk/risk.routes.ts';
import { routingPolicyRoutes } from '../routing/routing-policy.routes.ts';
import type { RoutingPolicyDeps } from '../routing/routing-policy.service.ts';
import { ruleSetRoutes } from '../rules/rule-sets.routes.ts';
import type { RuleSetDeps } from '../rules/rule-sets.service.ts';
import { unreadableBody } from './content-negotiation.ts';
import { registerCrossOrigin } from './cross-origin.ts';
import { type ApiError, toApiError } from './errors.ts';
import { type LoadSheddingOptions, registerLoadShedding } from './load-shedding.ts';
import { noRouteError } from './method-not-allowed.ts';
import { type RateLimitOptions, registerRateLimit } from './rate-limit.ts';
import { correlationIdFor } from './request-context.ts';
import { validatorCompiler } from './validation.ts';

/** What the HTTP API needs; the composition root hands in the real adapters. */
export interface ApiDeps {
  readonly orders: CommandExecutor<OrderCommand>;
  readonly events: EventStore;
  readonly readStore: ReadStore;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly ready: () => Promise<Readiness>;
  /**
   * How callers are identified: signed bearer tokens, or the identity headers of a proxy that
   * authenticates (docs/api.md, "Authentication and roles"). Route roles are enforced in both.
   */
  readonly auth: AuthOptions;
  /**
   * Browser origins (`https://shop.example.com`) whose pages may call the API (CORS) and open the
   * websocket; absent: pages of the API's own origin only, and any origin on the websocket.
   */
  readonly allowedOrigins?: readonly string[];
  /** Fastify's logger option: false (default), true, or pino options. */
  readonly logger?: boolean | object;
  /** Largest accepted request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /** Per-client budget on POST /orders and POST /orders/:orderId/commands; off when absent or false. */
  readonly rateLimit?: RateLimitOptions | false;
  /** Refuse intake requests while the event loop runs behind; off when absent or false. */
  readonly loadShedding?: LoadSheddingOptions | false;
  /** Told the code of every request refused to shed load (each 429); must not throw. */
  readonly onShed?: (code: string) => void;
  /** When given, `GET /metrics` serves them. */
  readonly metrics?: OrdinalMetrics;
  /** When given, `GET /parked-events` lists what projections could not apply, and a POST retries it. */
  readonly parked?: ParkedEvents;
  /** When given, `POST /inventory/:sku/commands` runs stock commands; `GET /inventory/:sku` is always served. */
  readonly inventory?: CommandExecutor<InventoryCommand>;
  /** When given, `POST /locations` and `PUT /locations/:locationId` run; the location reads are always served. */
  readonly locations?: CommandExecutor<LocationCommand>;
  /** When given, channel intake: `POST /channels/:channel/orders`, mappings and parked payloads. */
  readonly channels?: ChannelDeps;
  /**
   * When given, carrier tracking intake: `POST /carriers/:carrier/events`, scan mappings and
   * parked payloads (docs/carriers.md); `onIntake` receives the intake, to retry parked payloads.
   */
  readonly carriers?: CarrierDeps & { readonly onIntake?: (intake: CarrierIntake) => void };
  /** When given, the routing policies: list, read, draft, activate and simulate (`/routing/policies`). */
  readonly routing?: RoutingPolicyDeps;
  /** When given, the rule sets: list, read, create, edit, activate, retire and dry-run (`/rules/sets`). */
  readonly rules?: RuleSetDeps;
  /** When given, the alerts (`/alerts`: list, acknowledge, resolve, deliveries) and the alert rule sets (`/alerts/rules`). */
  readonly alerts?: AlertDeps;
  /** The approval escalation policy the process runs with; the queue shows when each approval escalates next. */
  readonly approvals?: { readonly escalation: ApprovalEscalationPolicy };
  /** When given, the product catalogue the rules read (`/catalogue/products/:sku`). */
  readonly catalogue?: CatalogueDeps;
  /** When given, the KPIs (`GET /kpis`) in this business time zone, and the dashboard views per role (`/kpis/views/:role`). */
  readonly kpis?: KpiDeps;
  /** Erasure, access export and consent of customers (docs/privacy.md). */
  readonly privacy?: CustomerPrivacyDeps;
  /** When given, the live protocol at `/ws` (docs/websocket.md) on the same HTTP server. */
  readonly live?: Omit<LiveServerOptions, 'events'>;
  /** When given, the pages (`/track/:orderId`, `/ops`, `/ops/orders/:orderId`) from the built directory. */
  readonly pages?: PagesOptions;
}

const ONE_MIB = 1024 * 1024;

/** The key of the correlation id (the request id) in every request log line. */
export const CORRELATION_LOG_KEY = 'correlationId';

function told(onShed: ((code: string) => void) | undefined, code: string): void {
  try {
    onShed?.(code);
  } catch {
    // Counting a refusal must not turn it into a 500.
  }
}

function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.status(error.status).headers(error.headers).send(error.body());
}

/** Builds the HTTP API (routes, validation, errors, OpenAPI at /docs); the caller listens. */
export function buildApi(deps: ApiDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new LogController({ requestIdLogLabel: CORRELATION_LOG_KEY }),
    bodyLimit: deps.bodyLimit ?? ONE_MIB,
    genReqId: correlationIdFor(deps.newId),
    requestIdHeader: false,
    // Long enough for every id the schemas accept, so a too-long id gets a 400 naming the field.
    routerOptions: { maxParamLength: 256 },
    // Errors the router raises before any route runs (bad URL, param too long) answer typed too.
    frameworkErrors: (thrown, _request, reply) => {
      sendError(reply, toApiError(thrown));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // JSON only: anything else is answered 415 instead of reaching a handler as a string.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
    const unreadable = unreadableBody(request.headers);
    if (unreadable) throw unreadable;
  });
  app.setErrorHandler((thrown, request, reply) => {
    const error = toApiError(thrown);
    if (error.status >= 500) request.log.error({ err: thrown }, 'request failed');
    // A 429 is the API working as meant under a peak: counted, never logged as an error.
    if (error.status === 429) told(deps.onShed, error.code);
    return sendError(reply, error);
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, noRouteError(app, request.method, request.url)));
  // Before every route, so each is recorded and guarded; whose order it is, is read once per order.
  const owners = new OrderOwners(deps.events);
  if (deps.allowedOrigins !== undefined) registerCrossOrigin(app, deps.allowedOrigins);
  // Loaded in turn with the plugins, so a preflight is answered before the guard asks for a token.
  const guard = async (instance: FastifyInstance) => registerAuthGuard(instance, { auth: deps.auth, owners });
  app.register(Object.assign(guard, { [Symbol.for('skip-override')]: true }));

  app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Ordinal API',
        version: '0.1.0',
        description: 'Orders: commands, tracking views, history and replay. See docs/api.md.',
      },
      tags: [
        { name: 'orders', description: 'Commands and views of orders' },
        { name: 'history', description: 'Recorded events and replay' },
        { name: 'customers', description: 'Orders by customer' },
        { name: 'health', description: 'Probes' },
        { name: 'operations', description: 'What the read side could not apply' },
        { name: 'inventory', description: 'Stock per SKU and location, and the locations' },
        { name: 'channels', description: 'Orders in each channel’s own shape, mappings, parked payloads' },
        { name: 'carriers', description: 'Tracking scans pushed by carriers, signed per carrier' },
        { name: 'routing', description: 'Routing policy versions: draft, activate, simulate' },
        { name: 'risk', description: 'Orders on a risk hold: the queue, release and cancel' },
        { name: 'rules', description: 'Rule sets evaluated at placement: versions, activation, dry-run' },
        { name: 'kpis', description: 'KPIs per business day and dimension, and the dashboard views per role' },
        {
          name: 'alerts',
          description: 'Alerts raised on the event stream, their delivery log, and the alert rule sets',
        },
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A token from `ordinal token` (docs/api.md).' },
        },
      },
    },
    // Each guarded operation names the roles that may call it and asks for the bearer token.
    transform: ({ schema, url, route }) => ({
      schema: route.config?.roles
        ? ({ ...schema, 'x-ordinal-roles': route.config.roles, security: [{ bearer: [] }] } as typeof schema)
        : schema,
      url,
    }),
  });
  app.register(swaggerUi, { routePrefix: '/docs' });
  // Before the routes: the limit attaches itself to routes registered after it.
  if (deps.rateLimit) registerRateLimit(app, deps.rateLimit);
  if (deps.loadShedding) registerLoadShedding(app, deps.loadShedding);
  app.register(healthRoutes, { clock: deps.clock, ready: deps.ready });
  if (deps.metrics) app.register(metricsRoutes, { metrics: deps.metrics });
  app.register(orderCommandRoutes, { orders: deps.orders, newId: deps.newId });
  app.register(deliveryWindowRoutes, { orders: deps.orders, newId: deps.newId });
  app.register(orderQueryRoutes, { readStore: deps.readStore, events: deps.events });
  app.register(orderHistoryRoutes, { events: deps.events });
  app.register(auditRoutes, { events: deps.events });
  app.register(customerRoutes, { readStore: deps.readStore });
  app.register(customerRepurchaseRoutes, { readStore: deps.readStore, clock: deps.clock });
  if (deps.parked) app.register(parkedRoutes, { parked: deps.parked });
  app.register(riskRoutes, { orders: deps.orders, readStore: deps.readStore, newId: deps.newId });
  app.register(approvalRoutes, {
    orders: deps.orders,
    readStore: deps.readStore,
    newId: deps.newId,
    escalation: deps.approvals?.escalation ?? [],
  });
  app.register(inventoryRoutes, {
    readStore: deps.readStore,
    events: deps.events,
    newId: deps.newId,
    ...(deps.inventory === undefined ? {} : { inventory: deps.inventory }),
  });
  app.register(locationRoutes, {
    readStore: deps.readStore,
    newId: deps.newId,
    ...(deps.locations === undefined ? {} : { locations: deps.locations }),
  });
  if (deps.channels) {
    const { orders, readStore, newId } = deps;
    app.register(channelRoutes, { ...deps.channels, orders, readStore, newId });
  }
  if (deps.carriers) {
    const { readStore, newId } = deps;
    app.register(carrierRoutes, { ...deps.carriers, readStore, newId, clock: deps.clock });
  }
  if (deps.routing) {
    const { events, readStore, newId } = deps;
    app.register(routingPolicyRoutes, { ...deps.routing, events, readStore, newId });
  }
  if (deps.rules) {
    const { events, newId } = deps;
    app.register(ruleSetRoutes, { ...deps.rules, events, newId });
  }
  if (deps.alerts) {
    const { events, readStore, newId } = deps;
    app.register(alertRuleRoutes, { ...deps.alerts, events, readStore, newId });
    app.register(alertRoutes, { ...deps.alerts, events, readStore, newId });
  }
  if (deps.catalogue) app.register(catalogueRoutes, { ...deps.catalogue, newId: deps.newId });
  if (deps.kpis) {
    app.register(kpiRoutes, { ...deps.kpis, readStore: deps.readStore, clock: deps.clock });
    app.register(kpiViewRoutes, { readStore: deps.readStore, clock: deps.clock, timeZone: deps.kpis.timeZone });
  }
  if (deps.privacy) {
    const { events, readStore, newId, clock } = deps;
    app.register(customerPrivacyRoutes, { ...deps.privacy, events, readStore, newId, clock });
  }
  if (deps.pages) app.register(pagesRoutes, deps.pages);
  if (deps.live) {
    const { metrics, live } = deps;
    attachLiveServer(app, {
      events: deps.events,
      authenticate: liveAuthenticator(deps.auth, owners),
      ...(deps.allowedOrigins === undefined ? {} : { allowedOrigins: deps.allowedOrigins }),
      ...live,
      onClients: (count) => {
        metrics?.websocketClients.set(count);
        live.onClients?.(count);
      },
    });
  }
  return app;
}
