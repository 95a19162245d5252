export {
  ALERTS_COLLECTION,
  type AlertDocument,
  type AlertListStatus,
  alertsProjection,
  renderAlert,
} from './alerts/alerts.projection.ts';
export { approvalQueueProjection } from './approvals/approval-queue.projection.ts';
export * from './approvals/approval-queue.view.ts';
export { BusError, type BusErrorCode, MAX_DELIVERIES_REASON } from './bus/bus.errors.ts';
export { DEFAULT_SUBSCRIPTION, InProcessBus, type InProcessBusOptions } from './bus/in-process-bus.ts';
export { NatsBus } from './bus/nats-bus.ts';
export type { NatsBusOptions, NatsBusStats } from './bus/nats-bus-options.ts';
export { POSITION_HEADER, REVISION_HEADER, STREAM_ID_HEADER } from './bus/nats-streams.ts';
export {
  DEFAULT_SUBJECT_PREFIX,
  decodeSubjectToken,
  encodeSubjectToken,
  eventSubject,
  streamSubjects,
} from './bus/nats-subjects.ts';
export {
  CARRIER_PROJECTIONS,
  PARKED_CARRIER_PAYLOADS_COLLECTION,
  type ParkedCarrierPayloadDocument,
  parkedCarrierPayloadsProjection,
} from './carriers/parked-carrier-payloads.projection.ts';
export { CHANNEL_PROJECTIONS } from './channels/channel.projections.ts';
export {
  CHANNEL_MAPPINGS_COLLECTION,
  type ChannelMappingDocument,
  channelMappingsProjection,
} from './channels/channel-mappings.projection.ts';
export {
  PARKED_INTAKE_COLLECTION,
  type ParkedIntakeDocument,
  parkedIntakeProjection,
} from './channels/parked-intake.projection.ts';
export { foldStreamEvent } from './channels/stream-fold.ts';
export {
  AVAILABLE_TO_PROMISE_COLLECTION,
  type AvailableToPromiseDocument,
  availableToPromiseProjection,
} from './inventory/available-to-promise.projection.ts';
export { LOCATIONS_COLLECTION, type LocationDocument, locationsProjection } from './inventory/locations.projection.ts';
export { emptyKpiOrder, evolveKpiOrder } from './kpis/kpi-order.fold.ts';
export * from './kpis/kpis.figures.ts';
export { CATEGORY_TAG_PREFIX, kpisProjection, productCategory } from './kpis/kpis.projection.ts';
export * from './kpis/kpis.view.ts';
export { foldOrderEvent, type OrderFoldDocument, StreamGapError } from './order-tracking/order-fold.ts';
export { ORDER_TRACKING_COLLECTION, orderTrackingProjection } from './order-tracking/order-tracking.projection.ts';
export {
  type CustomerNote,
  ORDER_TRACKING_INDEXES,
  type OrderTotals,
  type OrderTrackingDocument,
  orderTrackingDocument,
  type TrackedLine,
} from './order-tracking/order-tracking.view.ts';
export {
  eraseOrderContext,
  maskAddress,
  maskCustomer,
  maskEmail,
  maskName,
  maskOrderContext,
  maskPersistedState,
  maskPhone,
} from './order-tracking/pii-masking.ts';
export {
  SHIPMENTS_BY_TRACKING_COLLECTION,
  type ShipmentByTrackingDocument,
  shipmentsByTrackingProjection,
} from './order-tracking/shipments-by-tracking.projection.ts';
export { APPLY_FAILED_REASON } from './parking/park-reasons.ts';
export {
  PARKED_EVENTS_COLLECTION,
  type ParkedEventDocument,
  type ParkedEventFilter,
  ParkedEventStore,
} from './parking/parked-event-store.ts';
export { databaseFromUrl, MongoReadStore, type MongoReadStoreOptions } from './read-store/mongo-read-store.ts';
export { ReadStoreError, type ReadStoreErrorCode } from './read-store/read-store.errors.ts';
export { SqliteReadStore, type SqliteReadStoreOptions, type StoredDocument } from './read-store/sqlite-read-store.ts';
export { type CheckpointDocument, CheckpointStore } from './relay/checkpoint-store.ts';
export { Relay, type RelayOptions, type RelayProgress, type RelayStatus } from './relay/relay.ts';
export * from './repurchase/repurchase.view.ts';
export { repurchaseEstimatesProjection } from './repurchase/repurchase-estimates.projection.ts';
export { readRepurchaseEstimates, renderRepurchaseEstimates } from './repurchase/repurchase-estimates.read.ts';
export * from './risk/risk.view.ts';
export { readRiskAccount, renderRiskAccount } from './risk/risk-account.read.ts';
export { riskAccountsProjection } from './risk/risk-accounts.projection.ts';
export {
  builtInRoutingPolicies,
  foldRoutingPolicies,
  ROUTING_POLICIES_COLLECTION,
  ROUTING_POLICIES_DOCUMENT_ID,
  type RoutingPoliciesDocument,
  type RoutingPolicyActivation,
  type RoutingPolicyStatus,
  type RoutingPolicyVersionView,
  routingPoliciesProjection,
} from './routing/routing-policies.projection.ts';
export {
  INVALID_EVENT_REASON,
  invalidEventReason,
  isValidEvent,
  KNOWN_EVENT_TYPES,
  type KnownEventTypes,
} from './runtime/event-validation.ts';
export type { ApplyOutcome, EventLog, Projection, ProjectionContext } from './runtime/projection.ts';
export {
  DEFAULT_MAX_DELIVERIES,
  defaultRetryDelay,
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionRunnerStats,
  type RetryOutcome,
} from './runtime/projection-runner.ts';
export {
  ORDER_PROJECTIONS,
  ReadSide,
  type ReadSideOptions,
  type ReadSideStatus,
  type RetryParkedOptions,
  type RetryParkedResult,
} from './runtime/read-side.ts';
export { type RebuildOptions, type RebuildProgress, type RebuildResult, rebuild } from './runtime/rebuild.ts';
export type { StreamDocument } from './runtime/stream-document.ts';
