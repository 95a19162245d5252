export { ALERT_DELIVERIES_COLLECTION, AlertDeliveryLog } from './alerts/alert-deliveries.ts';
export { type AlertMailTransport, smtpTransport } from './alerts/alert-email.ts';
export { AlertNotifier, type AlertNotifierOptions, type AlertWebhook } from './alerts/alert-notifier.ts';
export {
  ALERT_DELIVERY_HEADER,
  ALERT_SIGNATURE_HEADER,
  signAlertPayload,
  verifyAlertSignature,
} from './alerts/alert-signature.ts';
export { type AuthOptions, type Caller, callerFromHeaders } from './auth/auth.identity.ts';
export {
  actorOfClaims,
  issueToken,
  MIN_SECRET_LENGTH,
  type TokenCheck,
  type TokenClaims,
  type TokenRefusal,
  type TokenRequest,
  verifyToken,
} from './auth/auth.token.ts';
export { DEFAULT_CARRIERS, defaultCarrierMappings } from './carriers/carrier-defaults.ts';
export type { CarrierDeps } from './carriers/carrier-hosts.ts';
export type { CarrierIntake, IntakeAnswer, ScanOutcome } from './carriers/carrier-intake.service.ts';
export { CarrierParkedRetry } from './carriers/carrier-retry.ts';
export { SIGNATURE_HEADER, signBody } from './carriers/carrier-signature.ts';
export type { CatalogueDeps } from './catalogue/catalogue.routes.ts';
export { channelRoutes } from './channels/channel.routes.ts';
export { DEFAULT_CHANNELS, defaultMappingDocument, defaultMappings } from './channels/channel-defaults.ts';
export type { AggregateHost, ChannelDeps, ChannelRoutesOptions } from './channels/channel-hosts.ts';
export { channelOrderKey } from './channels/channel-intake.service.ts';
export { FieldRuleSchema, MappingDocumentSchema, TransformSchema } from './channels/channel-mapping.schema.ts';
export type { Readiness } from './health/health.routes.ts';
export { type ApiDeps, buildApi, CORRELATION_LOG_KEY } from './http/api.ts';
export { ApiError, type ErrorBody, STATUS_BY_CODE, STATUS_BY_REJECTION_KIND, statusForCode } from './http/errors.ts';
export { ORDER_ID_NAMESPACE, orderIdForIdempotencyKey } from './http/ids.ts';
export { ROUTE_ROLES } from './http/roles.ts';
export {
  LiveClient,
  type LiveClientOptions,
  type LiveClientStatus,
  type LiveWatch,
  type OpsWatchHandlers,
  type OrderWatchHandlers,
  type WebSocketFactory,
  type WebSocketLike,
} from './live/live.client.ts';
export { type LiveAccess, matchesFilters } from './live/live.connection.ts';
export {
  CLOSE_CODES,
  type ClientMessage,
  type OpsFeedFilters,
  type OrderChange,
  type ServerMessage,
} from './live/live.protocol.ts';
export {
  attachLiveServer,
  type LiveAuthenticator,
  type LiveServerHandle,
  type LiveServerOptions,
} from './live/live.server.ts';
export { OrderChangeFeed, type OrderChangeFeedOptions, orderChange } from './live/order-change.feed.ts';
export {
  appendErrorLabel,
  commandOutcomeLabel,
  instrumentEventStore,
  instrumentExecutor,
} from './metrics/metrics.instrument.ts';
export {
  type AppendOutcomeLabel,
  COMMAND_DURATION_BUCKETS,
  type CommandOutcomeLabel,
  createMetrics,
  type MetricsLogger,
  type MetricsOptions,
  type OrdinalMetrics,
} from './metrics/metrics.registry.ts';
export { type MetricsRoutesOptions, metricsRoutes } from './metrics/metrics.routes.ts';
export {
  countParked,
  type MetricSource,
  type MetricSources,
  readSideSources,
} from './metrics/metrics.sources.ts';
export { ORDER_COMMAND_BODIES, OrderCommandBody, PlaceOrderBody } from './orders/order-commands.schemas.ts';
export { ensurePagesBuilt, PAGES_DIR, pagesStale } from './pages/pages.build.ts';
export { type PagesOptions, pagesRoutes } from './pages/pages.routes.ts';
export { buildProbeServer, type ProbeServerDeps } from './probe/probe.server.ts';
export {
  type RecentRoutings,
  type RecentRoutingsOptions,
  type RoutingHistoryProgress,
  recentRoutings,
} from './routing/routing-history.ts';
export { DEFAULT_SIMULATION_LIMIT, MAX_SIMULATION_LIMIT } from './routing/routing-policy.schemas.ts';
export type { RoutingPolicyDeps } from './routing/routing-policy.service.ts';
export {
  type ChangedOrder,
  type PlanBrief,
  planInShort,
  type SimulationReport,
  simulationReport,
} from './routing/routing-simulation.ts';
export {
  type PlacementProgress,
  type RuleSetHistory,
  recentPlacements,
  recordedPlacement,
  ruleSetHistories,
} from './rules/rule-sets.history.ts';
export { dryRunAnswer, type RuleSetDeps, statusOf, summaryOf } from './rules/rule-sets.service.ts';
