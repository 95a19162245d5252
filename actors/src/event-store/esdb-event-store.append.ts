import { type EventStoreDBClient, WrongExpectedVersionError } from '@eventstore/db-client';
import {
  type AppendResult,
  type DomainEvent,
  type ExpectedRevision,
  WrongExpectedRevisionError,
} from '@ordinal/domain';
import { StoredIds } from './esdb-event-store.idempotency.ts';
import {
  fromEsdbCurrent,
  fromEsdbRevision,
  sameEventId,
  toEsdbExpected,
  toEventData,
} from './esdb-event-store.mapping.ts';
import { readStreamEvents, streamEvents } from './esdb-event-store.reads.ts';
import { GENESIS_HASH } from './event-chain.ts';

// Appends expecting `any` or `stream-exists` that lose the race for the stream's end this often fail.
const MAX_LOOSE_ATTEMPTS = 20;

/**
 * Appends with the port's idempotency on top of EventStoreDB's: a retry of an append gets the
 * first result back, marked `duplicate`, whatever revision it expects, as long as its events
 * are among the stream's latest `window` events.
 */
export class EsdbAppender {
  constructor(
    readonly client: EventStoreDBClient,
    readonly window: number,
  ) {}

  async append(streamId: string, events: readonly DomainEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    // Validates ids, data and the expected revision before anything is read or written.
    toEventData(streamId, events);
    toEsdbExpected(expected);
    if (events.length === 0) return this.#appendNothing(streamId, expected);
    const original = await this.#earlierAttempt(streamId, events, expected);
    if (original !== undefined) return original;
    for (let attempt = 1; ; attempt += 1) {
      // The chain needs the hash of the event the append follows. With `any` or `stream-exists`
      // the append then expects exactly that event's revision, so no other writer can slip in
      // between and leave the chain linked to the wrong event: a conflict reads the end again.
      const [head] = await readStreamEvents(this.client, streamId, { direction: 'backwards', maxCount: 1 });
      const current = head?.revision ?? 0;
      if (expected === 'stream-exists' && current === 0) throw new WrongExpectedRevisionError(streamId, expected, 0);
      const exact =
        expected === 'any' || expected === 'stream-exists' ? current : expected === 'no-stream' ? 0 : expected;
      const link = { afterRevision: exact, previousHash: exact === 0 ? GENESIS_HASH : (head?.hash ?? GENESIS_HASH) };
      const proposed = toEventData(streamId, events, link);
      let last: number;
      try {
        const written = await this.client.appendToStream(streamId, proposed, {
          expectedRevision: toEsdbExpected(exact),
        });
        last = fromEsdbRevision(written.nextExpectedRevision);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // A retry whose first attempt committed (its answer lost) conflicts with itself: answer it.
        const stored = await this.#lookBack(streamId, events);
        if (stored !== undefined) return stored;
        const loose = expected === 'any' || expected === 'stream-exists';
        if (loose && attempt < MAX_LOOSE_ATTEMPTS) continue;
        throw new WrongExpectedRevisionError(streamId, expected, fromEsdbCurrent(error.actualVersion));
      }
      return this.#readBack(streamId, events, last);
    }
  }

  /**
   * The append's answer has no `created` and one position only: the stored events have both.
   * (Two attempts of one append racing each other can both land here, the server having
   * answered the second from its own idempotency check: both get the same stored events.)
   */
  async #readBack(streamId: string, events: readonly DomainEvent[], last: number): Promise<AppendResult> {
    const recorded = await readStreamEvents(this.client, streamId, {
      fromRevision: last - events.length + 1,
      maxCount: events.length,
    });
    const same =
      recorded.length === events.length && recorded.every((e, i) => sameEventId(e.eventId, events[i]!.eventId));
    if (!same) throw new Error(`${streamId}@${last}: EventStoreDB holds other events than the ones appended`);
    const position = recorded[recorded.length - 1]!.position;
    return { streamId, revision: last, position, events: recorded, duplicate: false };
  }

  /** Nothing to write: the expected revision is still checked, against a read of the stream's end. */
  async #appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [last] = await readStreamEvents(this.client, streamId, { direction: 'backwards', maxCount: 1 });
    const current = last?.revision ?? 0;
    const ok =
      expected === 'any' ||
      (expected === 'no-stream' && current === 0) ||
      (expected === 'stream-exists' && current > 0) ||
      expected === current;
    if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current);
    return { streamId, revision: current, position: last?.position ?? 0, events: [], duplicate: false };
  }

  /**
   * The result of an earlier attempt of this append, looked for before writing. With an exact
   * revision (or `no-stream`) a retry of the same append sits right after it, which is also
   * where EventStoreDB's own idempotency check looks and answers "success" without telling it
   * was a retry: reading those few events is enough, and a retry expecting another revision
   * conflicts, then is found by #lookBack. With `any` or `stream-exists` nothing conflicts, so
   * the stream's latest events are searched up front.
   */
  async #earlierAttempt(
    streamId: string,
    events: readonly DomainEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | undefined> {
    if (expected === 'any' || expected === 'stream-exists') return this.#lookBack(streamId, events);
    const after = expected === 'no-stream' ? 0 : expected;
    const ids = new StoredIds(events);
    const next = await readStreamEvents(this.client, streamId, { fromRevision: after + 1, maxCount: events.length });
    for (const event of next) ids.see(event);
    if (!ids.any) return undefined;
    if (ids.first?.revision === after + 1) return ids.originalResult(streamId);
    return this.#lookBack(streamId, events);
  }

  /**
   * Searches the stream's latest `window` events, newest first, for the append's ids. It stops
   * at the first id: a plain retry's other events are all after it, already read.
   */
  async #lookBack(streamId: string, events: readonly DomainEvent[]): Promise<AppendResult | undefined> {
    const ids = new StoredIds(events);
    const request = { direction: 'backwards', fromRevision: 'end', maxCount: this.window } as const;
    for await (const event of streamEvents(this.client, streamId, request)) {
      if (ids.see(event)) break;
    }
    return ids.originalResult(streamId);
  }
}
