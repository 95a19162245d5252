import { randomUUID } from 'node:crypto';
import {
  ActorHost,
  AlertEvaluator,
  ApprovalEscalation,
  ConsolidationHoldRelease,
  ConsolidationProcess,
  OrderRoutingProcess,
  type PlacementScreen,
  PurchaseHistory,
  placementScreening,
  ReservationExpiry,
  RiskScreen,
  RulesScreen,
} from '@ordinal/actors';
import {
  alertDecider,
  alertRuleSetDecider,
  carrierMappingDecider,
  carrierParkedDecider,
  channelIntakeDecider,
  channelMappingDecider,
  customerDecider,
  type InventoryCommand,
  type InventoryEvent,
  type InventoryState,
  inventoryDecider,
  type LocationCommand,
  type LocationEvent,
  type LocationState,
  locationDecider,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  orderDecider,
  productDecider,
  routingPolicyDecider,
  ruleSetDecider,
} from '@ordinal/domain';
import {
  AlertDeliveryLog,
  AlertNotifier,
  buildApi,
  CarrierParkedRetry,
  createMetrics,
  instrumentEventStore,
  instrumentExecutor,
  OrderChangeFeed,
  type OrdinalMetrics,
  PAGES_DIR,
  smtpTransport,
} from '@ordinal/gateways';
import { CheckpointStore, ReadSide } from '@ordinal/projections';
import type { FastifyInstance } from 'fastify';
import { resolveAuth } from '../auth/auth-secret.ts';
import type { OrdinalConfig } from '../config/config.ts';
import { geocoderChain } from '../geo/geocoder.ts';
import { loadPostalTables } from '../geo/postal-table.loader.ts';
import type { Adapters } from '../profile/adapters.ts';
import { ORDINAL_PROJECTIONS } from '../profile/projections.ts';
import { customerShredder } from './customer-erasure.ts';
import { listenUrl, loggerOptions } from './process-support.ts';

/** The readiness checks the API adds to its own (the `all` process adds the read side's). */
export type ReadinessExtra = () => Promise<{ ready: boolean; checks: Record<string, unknown> }>;

/** What `startApi` needs besides the configuration. */
export interface ApiProcessOptions {
  readonly adapters: Adapters;
  readonly metrics?: OrdinalMetrics;
  readonly clock?: () => Date;
  /** Replaces the default readiness (stores answer; relay checkpoint read from the read store). */
  readonly ready?: ReadinessExtra;
  /** The read side whose parked events the API lists and retries (default: one that only retries). */
  readonly readSide?: ReadSide;
}

/** The command side and the HTTP API of one process. */
export interface ApiProcess {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly host: ActorHost<OrderCommand, OrderEvent, OrderState>;
  /** Stock per SKU: one actor per SKU writes for all its locations. */
  readonly inventory: ActorHost<InventoryCommand, InventoryEvent, InventoryState>;
  readonly locations: ActorHost<LocationCommand, LocationEvent, LocationState>;
  readonly metrics: OrdinalMetrics;
  /** Stops taking requests, answers those in flight, then stops the actors (adapters stay open). */
  close(): Promise<void>;
}

/**
 * Starts the order actors and the HTTP API on the given adapters and listens. The API process
 * of the distributed profile runs this alone; `ordinal all` runs it beside the read side.
 */
export async function startApi(config: OrdinalConfig, options: ApiProcessOptions): Promise<ApiProcess> {
  const { adapters } = options;
  // Before anything starts: a distributed api without its token secret stops here, saying what to set.
  const auth = resolveAuth(config);
  // Read once, before anything starts: a table that cannot be read stops start-up with what to fix.
  const postalTable = config.router.enabled ? await loadPostalTables(config.geocoding) : undefined;
  const clock = options.clock ?? (() => new Date());
  const metrics = options.metrics ?? createMetrics();
  const events = instrumentEventStore(adapters.events, metrics);
  // The checks a new order meets before it is recorded; what they find is written into its events.
  // The rule sets in force are followed in the log; each order records the version it met.
  // Customers' purchases per SKU, followed in the log, give the rules their repurchase hints.
  const purchases = config.repurchase.enabled
    ? new PurchaseHistory({
        events: adapters.events,
        onError: (error, event) =>
          app.log.error(
            { err: error, eventId: event.eventId, streamId: event.streamId },
            'purchase history skipped an order event',
          ),
      })
    : undefined;
  const rules = new RulesScreen({
    events: adapters.events,
    timeZone: config.businessTimeZone,
    ...(purchases === undefined ? {} : { purchases }),
  });
  const screens: PlacementScreen[] = [rules];
  rules.start();
  // The default risk rule: per-account velocity kept in memory from the log (docs/risk.md).
  const risk = config.risk.enabled
    ? new RiskScreen({
        events: adapters.events,
        thresholds: config.risk.thresholds,
        onError: (error, event) =>
          app.log.error(
            { err: error, eventId: event.eventId, streamId: event.streamId },
            'risk screen skipped a placement',
          ),
      })
    : undefined;
  if (risk !== undefined) screens.push(risk);
  const host = new ActorHost({
    store: events,
    decider: orderDecider,
    clock,
    facts: placementScreening(screens),
    idleTimeoutMs: config.actors.idleTimeoutMs,
    maxLiveActors: config.actors.maxLiveActors,
    maxConflictRetries: config.actors.maxConflictRetries,
    mailboxCapacity: config.actors.mailboxCapacity,
    maxPendingCommands: config.limits.maxPendingCommands,
    ...(adapters.snapshots === undefined
      ? {}
      : {
          snapshots: {
            store: adapters.snapshots,
            every: config.actors.snapshotEvery,
            // Only reached while serving commands, so the app exists by then.
            onError: (error: unknown, streamId: string) =>
              app.log.warn({ err: error, streamId }, 'order snapshot not used or not written; folding the stream'),
          },
        }),
  });
  metrics.watch({ host: () => host.stats(), head: () => adapters.events.headPosition() });
  // Stock and locations share the actors' limits; their snapshots stay off until a SKU's
  // stream is long enough to need them.
  const sideHost = {
    store: events,
    clock,
    idleTimeoutMs: config.actors.idleTimeoutMs,
    maxLiveActors: config.actors.maxLiveActors,
    maxConflictRetries: config.actors.maxConflictRetries,
    mailboxCapacity: config.actors.mailboxCapacity,
    maxPendingCommands: config.limits.maxPendingCommands,
  };
  const inventory = new ActorHost({ ...sideHost, decider: inventoryDecider });
  const locations = new ActorHost({ ...sideHost, decider: locationDecider });
  // Channel mappings and parked payloads: small aggregates on the same store, one host each.
  const channels = {
    mappings: new ActorHost({ store: events, decider: channelMappingDecider, clock }),
    intake: new ActorHost({ store: events, decider: channelIntakeDecider, clock }),
  };
  // Carrier scan mappings and parked carrier payloads, the same way.
  const carrierHosts = {
    mappings: new ActorHost({ store: events, decider: carrierMappingDecider, clock }),
    parked: new ActorHost({ store: events, decider: carrierParkedDecider, clock }),
  };
  // Payloads parked for a tracking number nobody had dispatched are recorded once it is filed.
  const carrierRetry = new CarrierParkedRetry({
    intervalMs: config.carrierRetryIntervalMs,
    newId: randomUUID,
    onError: (error) => app.log.error({ err: error }, 'retrying parked carrier payloads failed'),
  });
  // Routing policy versions: one small stream, read by the router from the log.
  const policies = new ActorHost({ store: events, decider: routingPolicyDecider, clock });
  // Rule sets: one small stream each, followed by the rules screen from the log.
  const ruleSets = new ActorHost({ store: events, decider: ruleSetDecider, clock });
  // Alerts and the alert rule sets: one small stream each (docs/alerts.md).
  const alertHosts = {
    alerts: new ActorHost({ store: events, decider: alertDecider, clock }),
    ruleSets: new ActorHost({ store: events, decider: alertRuleSetDecider, clock }),
  };
  // The product catalogue the rules read (tags, list prices), one stream per SKU.
  const products = new ActorHost({ store: events, decider: productDecider, clock });
  // Customers' erasures and consent, one small stream each (docs/privacy.md).
  const customers = new ActorHost({ store: events, decider: customerDecider, clock });
  const checkpoints = new CheckpointStore(adapters.readStore);
  const defaultReady: ReadinessExtra = async () => {
    const head = await adapters.events.headPosition();
    const checkpoint = await checkpoints.load('relay');
    return {
      ready: true,
      checks: {
        eventStore: { head },
        relay: { checkpoint, lagPositions: Math.max(0, head - checkpoint) },
        liveActors: host.stats().liveActors,
      },
    };
  };
  // One follower of the log feeds every websocket subscription of this process.
  const feed = new OrderChangeFeed({
    events: adapters.events,
    onError: (error) => app.log.error({ err: error }, 'live feed failed to hand out an event'),
  });
  const orders = instrumentExecutor(host, metrics);
  const app = buildApi({
    orders,
    inventory: instrumentExecutor(inventory, metrics),
    locations: instrumentExecutor(locations, metrics),
    events,
    readStore: adapters.readStore,
    clock,
    newId: randomUUID,
    bodyLimit: config.http.bodyLimitBytes,
    auth,
    logger: loggerOptions(config, 'api'),
    metrics,
    onShed: (code) => metrics.httpRejected.inc({ code }),
    // Retrying a parked event applies it through its projection here: no bus is involved.
    parked:
      options.readSide ??
      new ReadSide({
        events,
        store: adapters.readStore,
        bus: adapters.bus,
        projections: ORDINAL_PROJECTIONS,
        parts: { relay: false },
      }),
    ...(config.limits.rateLimitMax === 0
      ? {}
      : { rateLimit: { max: config.limits.rateLimitMax, windowMs: config.limits.rateLimitWindowMs } }),
    ...(config.limits.shedEventLoopDelayMs === 0
      ? {}
      : {
          loadShedding: {
            maxEventLoopDelayMs: config.limits.shedEventLoopDelayMs,
            busy: () => host.stats().queuedCommands > 0,
          },
        }),
    ready: options.ready ?? defaultReady,
    channels,
    routing: { policies },
    // Changes are answered once the rules screen has read them: the next order meets them.
    rules: { sets: ruleSets, timeZone: config.businessTimeZone, inForce: (position) => rules.reached(position) },
    catalogue: { products, inForce: (position) => rules.reached(position) },
    kpis: { timeZone: config.businessTimeZone },
    alerts: alertHosts,
    privacy: {
      customers,
      shred: customerShredder({
        privacy: adapters.privacy,
        readStore: adapters.readStore,
        orders: host,
        keptPayloads: { intake: channels.intake, carrierParked: carrierHosts.parked },
        projections: ORDINAL_PROJECTIONS,
        ...(options.readSide === undefined ? {} : { readSide: options.readSide }),
      }),
    },
    // The queue says when each approval escalates next under the policy the process below runs.
    approvals: { escalation: config.approvals.escalation },
    // Scans are planned on the order's state in the host; their commands are counted like any other.
    carriers: {
      secrets: config.carrierSecrets,
      orders: { execute: (c) => orders.execute(c), load: (id) => host.load(id) },
      ...carrierHosts,
      onIntake: (intake) => carrierRetry.attach(intake),
    },
    // The shells are public; each page's data comes through the guarded routes above.
    pages: { dir: PAGES_DIR },
    // Pages on these origins (ORDINAL_ALLOWED_ORIGINS) may call the API and open the websocket;
    // unset: the API's own pages only over HTTP, any origin on the websocket. Clients without an Origin pass.
    ...(config.live.allowedOrigins === undefined ? {} : { allowedOrigins: config.live.allowedOrigins }),
    live: {
      feed,
      maxBufferedBytes: config.live.maxBufferedBytes,
      heartbeatMs: config.live.heartbeatMs,
      onError: (error) => app.log.error({ err: error }, 'live message failed'),
    },
  });
  // Confirmed orders are routed, reserved and allocated by the process on this API's hosts.
  const router = config.router.enabled
    ? new OrderRoutingProcess({
        events: adapters.events,
        orders: host,
        inventory,
        // The address's coordinates, else its postal-code area; else the middle of its region's locations.
        geocode: geocoderChain(postalTable),
        clock,
        reservationTtlMs: config.router.reservationTtlMs,
        onError: (error, event) =>
          app.log.error({ err: error, eventId: event.eventId, streamId: event.streamId }, 'order routing failed'),
      })
    : undefined;
  // Reservations past their expiry are let go; an allocation that rested on one fails and is routed again.
  const expiry =
    config.router.reservationExpiryIntervalMs > 0
      ? new ReservationExpiry({
          events: adapters.events,
          orders: host,
          inventory,
          clock,
          intervalMs: config.router.reservationExpiryIntervalMs,
          onError: (error, { sku, event }) =>
            app.log.error(
              { err: error, sku, eventId: event?.eventId, streamId: event?.streamId },
              'reservation expiry',
            ),
        })
      : undefined;
  // Holds for consolidation end when the customer's next order to the address comes, or at their `until`.
  const holdRelease = new ConsolidationHoldRelease({
    events: adapters.events,
    orders: host,
    clock,
    intervalMs: config.repurchase.holdReleaseIntervalMs,
    onError: (error, { orderId }) => app.log.error({ err: error, orderId }, 'consolidation hold release'),
  });
  // Allocated, unpicked shipments of one customer's orders to the same address share a parcel (docs/consolidation.md).
  const consolidation =
    config.consolidation.windowMinutes > 0
      ? new ConsolidationProcess({
          events: adapters.events,
          orders: host,
          clock,
          windowMinutes: config.consolidation.windowMinutes,
          onError: (error, event) =>
            app.log.error({ err: error, eventId: event?.eventId, streamId: event?.streamId }, 'order consolidation'),
        })
      : undefined;
  // Approvals nobody decided in time go to the next role of ORDINAL_APPROVAL_ESCALATION.
  const escalation =
    config.approvals.checkIntervalMs > 0 && config.approvals.escalation.length > 0
      ? new ApprovalEscalation({
          events: adapters.events,
          orders: host,
          policy: config.approvals.escalation,
          clock,
          intervalMs: config.approvals.checkIntervalMs,
          onError: (error, orderId) => app.log.error({ err: error, orderId }, 'approval escalation'),
        })
      : undefined;
  // The alert rules are evaluated on the event stream; imported history only when asked.
  const alertEvaluator = config.alerts.enabled
    ? new AlertEvaluator({
        events: adapters.events,
        alerts: alertHosts.alerts,
        clock,
        intervalMs: config.alerts.checkIntervalMs,
        onImport: config.alerts.onImport,
        onError: (error, alertId) => app.log.error({ err: error, alertId }, 'alert evaluation'),
      })
    : undefined;
  // Alert events go to the configured webhooks and e-mail, each notification once in effect.
  const notifier =
    config.alerts.enabled && (config.alerts.webhooks.length > 0 || config.alerts.smtpUrl !== undefined)
      ? new AlertNotifier({
          events: adapters.events,
          log: new AlertDeliveryLog(adapters.readStore),
          webhooks: config.alerts.webhooks,
          ...(config.alerts.smtpUrl === undefined
            ? {}
            : { email: { transport: smtpTransport(config.alerts.smtpUrl), from: config.alerts.emailFrom } }),
          // Signatures and retries go by the wall clock the receivers keep, whatever the business clock.
          retry: config.alerts.retry,
          onError: (error, deliveryId) => app.log.error({ err: error, deliveryId }, 'alert notification'),
        })
      : undefined;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      await carrierRetry.stop();
      await expiry?.stop();
      await holdRelease.stop();
      await escalation?.stop();
      await alertEvaluator?.stop();
      await notifier?.stop();
      await feed.stop();
      await risk?.stop();
      await router?.stop();
      await consolidation?.stop();
      await rules.stop();
      await purchases?.stop();
      await Promise.all([host.close(), inventory.close(), locations.close()]);
      await channels.mappings.close();
      await channels.intake.close();
      await carrierHosts.mappings.close();
      await carrierHosts.parked.close();
      await policies.close();
      await ruleSets.close();
      await products.close();
      await alertHosts.alerts.close();
      await alertHosts.ruleSets.close();
      await customers.close();
    })();
    return closing;
  };
  try {
    await feed.start();
    // Orders are screened against the placements already in the log, so it is read before listening.
    await risk?.start();
    await purchases?.start();
    const address = await app.listen({ host: config.http.host, port: config.http.port });
    if (router !== undefined)
      app.log.info({ postalAreas: postalTable?.counts() ?? {} }, 'routing places addresses with these postal areas');
    await router?.start();
    // Not awaited: catching up reads every order stream once, which a large log makes long.
    void consolidation?.start();
    expiry?.start();
    holdRelease.start();
    escalation?.start();
    alertEvaluator?.start();
    await notifier?.start();
    carrierRetry.start();
    return { app, url: listenUrl(config.http.host, address), host, inventory, locations, metrics, close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
