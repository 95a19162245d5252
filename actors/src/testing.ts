export {
  type ConformanceContext,
  type ConformanceFactory,
  eventStoreConformance,
} from './event-store/event-store.conformance.ts';
