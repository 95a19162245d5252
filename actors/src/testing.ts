export {
  type ConformanceContext,
  type ConformanceFactory,
  eventStoreConformance,
} from './event-store/event-store.conformance.ts';
export {
  personalDataVaultConformance,
  type VaultConformanceContext,
} from './privacy/personal-data-vault.conformance.ts';
