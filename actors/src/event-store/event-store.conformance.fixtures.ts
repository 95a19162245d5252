import { randomUUID } from 'node:crypto';
import type { AllSubscription, DomainEvent, EventStore, RecordedEvent } from '@ordinal/domain';
import { expect } from 'vitest';

/** What an adapter hands the conformance suite for one test. */
export interface ConformanceContext {
  readonly store: EventStore;
  /**
   * Opens a new store on the same data. The suite closes `store` before calling it; `cleanup`
   * must still close every store it handed out (closing twice is allowed by the port).
   */
  readonly reopen?: () => Promise<EventStore>;
  /** Closes whatever is still open and removes the test's data. */
  readonly cleanup: () => Promise<void>;
  /** What the adapter's backing store can and cannot do; every capability defaults to "can". */
  readonly capabilities?: ConformanceCapabilities;
}

/** Guarantees of the port that an adapter's backing store cannot give, declared so the suite skips them. */
export interface ConformanceCapabilities {
  /** False when an event id stored in one stream can be appended to another (EventStoreDB). */
  readonly rejectsIdsOfOtherStreams?: boolean;
}

/** Creates a fresh context for each test. */
export type ConformanceFactory = () => Promise<ConformanceContext>;

/** A prefix unique to one test, so the suite can share a server with other runs. */
export function uniquePrefix(): string {
  return `conf${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/** A complete event with a fresh id; `data` defaults to a small payload naming the type. */
export function anEvent(type = 'ThingHappened', data: unknown = { type }): DomainEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      schemaVersion: 1,
      occurredAt: '2025-01-02T03:04:05.678Z',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: { kind: 'system', component: 'conformance' },
    },
  };
}

/** `count` fresh events numbered in their data. */
export function someEvents(count: number, type = 'ThingHappened'): DomainEvent[] {
  return Array.from({ length: count }, (_, index) => anEvent(type, { index }));
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Asserts a recorded event is the appended one, placed at the given stream and revision. */
export function expectRecorded(
  actual: RecordedEvent | undefined,
  appended: DomainEvent,
  streamId: string,
  revision: number,
) {
  expect(actual).toEqual({
    ...appended,
    streamId,
    revision,
    position: expect.any(Number),
    recordedAt: expect.any(String),
    hash: expect.stringMatching(/^[0-9a-f]{64}$/),
  });
  expect(new Date(actual!.recordedAt).toISOString()).toBe(actual!.recordedAt);
}

/** Positions strictly increase along the list. */
export function expectIncreasingPositions(events: readonly RecordedEvent[]): void {
  for (let i = 1; i < events.length; i += 1) {
    expect(events[i]!.position).toBeGreaterThan(events[i - 1]!.position);
  }
}

/**
 * Waits for a promise, failing after a deadline. The deadline only turns a hang into a readable
 * failure; it is far above what any passing run needs.
 */
export async function withDeadline<T>(promise: Promise<T>, what: () => string, deadlineMs = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what()}`)), deadlineMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Pulls `count` events from a subscription's iterator. */
export async function take(iterator: AsyncIterator<RecordedEvent>, count: number): Promise<RecordedEvent[]> {
  const received: RecordedEvent[] = [];
  const pull = async () => {
    while (received.length < count) {
      const next = await iterator.next();
      if (next.done) throw new Error(`subscription ended after ${received.length} of ${count} events`);
      received.push(next.value);
    }
    return received;
  };
  return withDeadline(pull(), () => `subscription delivered ${received.length} of ${count} events`);
}

/** The iterator of a subscription. */
export function iteratorOf(subscription: AllSubscription): AsyncIterator<RecordedEvent> {
  return subscription[Symbol.asyncIterator]();
}
