export { resolvedSummary, summaryOf } from './alerts/alert.summaries.ts';
export { AlertEvaluator, type AlertEvaluatorOptions } from './alerts/alert-evaluator.process.ts';
export {
  ApprovalEscalation,
  type ApprovalEscalationOptions,
} from './approvals/approval-escalation.process.ts';
export {
  type AuditCheckpoint,
  type CheckpointBody,
  checkpointSignatureValid,
  keyIdOf,
  signCheckpoint,
} from './audit/audit-checkpoint.ts';
export { AuditCheckpointer, type AuditCheckpointerOptions } from './audit/audit-checkpointer.process.ts';
export {
  type LogRewrite,
  type LogRewriteBody,
  rewriteSignatureValid,
  SEAL_PERSONAL_DATA,
  signRewrite,
} from './audit/log-rewrite.ts';
export {
  type StoredEvent,
  type StoredEventPages,
  storedEventOf,
  type VerifyProblem,
  type VerifyReport,
  verifyLog,
} from './audit/log-verifier.ts';
export { SqliteCheckpointStore } from './audit/sqlite-checkpoint-store.ts';
export { PositionOutOfRangeError } from './event-store/esdb-event-store.mapping.ts';
export { EsdbEventStore, type EsdbEventStoreOptions } from './event-store/esdb-event-store.ts';
export {
  type ChainBreak,
  type ChainedFields,
  chainedFieldsOf,
  eventChainHash,
  firstChainBreak,
  GENESIS_HASH,
  rollDigest,
} from './event-store/event-chain.ts';
export type { SynchronousMode } from './event-store/sqlite-event-store.schema.ts';
export {
  EventStoreClosedError,
  SqliteEventStore,
  type SqliteEventStoreOptions,
  type SqliteEventStoreStats,
  type StoredRow,
} from './event-store/sqlite-event-store.ts';
export { LogCopyOutOfOrderError, type LogCopyRow, SqliteLogCopy } from './event-store/sqlite-log-copy.ts';
export { type ConsolidationOptions, ConsolidationProcess } from './fulfilment/consolidation.process.ts';
export {
  CONSOLIDATION_RELEASE,
  ConsolidationHoldRelease,
  type ConsolidationHoldReleaseOptions,
} from './fulfilment/consolidation-hold-release.process.ts';
export { LogFollower, type LogFollowerHandlers } from './fulfilment/log-follower.ts';
export { type Geocoder, type OrderRoutingOptions, OrderRoutingProcess } from './fulfilment/order-routing.process.ts';
export {
  RESERVATION_EXPIRED,
  ReservationExpiry,
  type ReservationExpiryOptions,
} from './fulfilment/reservation-expiry.ts';
export { ActorHost } from './host/actor-host.ts';
export { canonicalJson, commandHash, EVENT_ID_NAMESPACE, eventIdFor, nameBasedUuid } from './host/command-ids.ts';
export {
  ConcurrencyConflictError,
  HostClosedError,
  HostOverloadedError,
  IDEMPOTENCY_CONFLICT,
  MailboxFullError,
} from './host/host.errors.ts';
export type { ActorHostOptions, DecisionExtras, HostStats } from './host/host.options.ts';
export type { SnapshotOptions } from './host/snapshot-cache.ts';
export { SnapshotCorruptError, type SnapshotStore, type StoredSnapshot } from './host/snapshot-store.ts';
export { SqliteSnapshotStore, type SqliteSnapshotStoreOptions } from './host/sqlite-snapshot-store.ts';
export { EncryptingEventStore, PersonalDataOwnerUnknownError } from './privacy/encrypting-event-store.ts';
export { EncryptingSnapshotStore } from './privacy/encrypting-snapshot-store.ts';
export {
  MongoPersonalDataVault,
  type MongoPersonalDataVaultOptions,
} from './privacy/mongo-personal-data-vault.ts';
export { OpeningBus } from './privacy/opening-bus.ts';
export {
  isSealed,
  PersonalDataCipher,
  type PersonalDataCipherOptions,
  PersonalDataUnreadableError,
  plainPersonalValues,
} from './privacy/personal-data.cipher.ts';
export {
  SqlitePersonalDataVault,
  type SqlitePersonalDataVaultOptions,
} from './privacy/sqlite-personal-data-vault.ts';
export { combineScreenings, type PlacementScreen, placementScreening } from './screening/placement-screening.ts';
export {
  PurchaseHistory,
  type PurchaseHistoryOptions,
  type PurchaseTimes,
} from './screening/purchase.history.ts';
export { RiskScreen, type RiskScreenOptions } from './screening/risk.screen.ts';
export { type ActiveRuleSet, RulesScreen, type RulesScreenOptions } from './screening/rules.screen.ts';
