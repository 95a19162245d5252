export { type BusFixture, busConformance } from './bus/bus.conformance.ts';
export { type ReadStoreFixture, readStoreConformance } from './read-store/read-store.conformance.ts';
export { eventually } from './testing/eventually.ts';
export { MemoryEventLog, type ReadSideLog } from './testing/memory-event-log.ts';
export { type NatsServerProcess, natsServerBinary, natsSuite, startNatsServer } from './testing/nats-server.ts';
export { eur, eventfulOrder, OrderEventRecorder, orderDraft, orderPlaced } from './testing/order-events.ts';
export { projectionSpec, type SpecResult, type SpecTarget } from './testing/projection-spec.ts';
export { type RecordedEventInit, recordedEvent } from './testing/recorded-event.ts';
export { uniqueName } from './testing/unique-name.ts';
