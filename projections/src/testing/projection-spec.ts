import { type Document, type ReadStore, type RecordedEvent, streamEntityId } from '@ordinal/domain';
import { expect } from 'vitest';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import type { ApplyOutcome, Projection } from '../runtime/projection.ts';
import { MemoryEventLog } from './memory-event-log.ts';

/** What a finished scenario left behind. */
export interface SpecResult {
  readonly doc: Document | undefined;
  /** Outcome of each `when` event, in order. */
  readonly outcomes: readonly ApplyOutcome[];
  /** The stored JSON of every document of the collection, by id (the collection read from, for a view). */
  readonly stored: ReadonlyMap<string, string>;
}

/** Where a scenario looks for the document it checks. */
export interface SpecTarget {
  readonly collection: string;
  /** The document id for the last `when` event (default: the stream's entity id). */
  readonly idOf?: (event: RecordedEvent) => string;
  /** For a view rendered when asked: reads it by id (default: the collection's document). */
  readonly read?: (store: ReadStore, id: string) => Promise<Document | undefined>;
}

/**
 * `projectionSpec(p, target).given(events).when(event).then(document)`: applies the given
 * events, then the when events, to a fresh in-memory store, and matches the document against
 * `then` (a partial document, or a function that asserts). The log holds given + when events,
 * so gap filling can read what the projection did not receive.
 */
export function projectionSpec(projection: Projection, target: SpecTarget) {
  const run = async (
    given: readonly RecordedEvent[],
    when: readonly RecordedEvent[],
    logged: readonly RecordedEvent[],
  ) => {
    const store = new SqliteReadStore({ path: ':memory:' });
    try {
      const events = new MemoryEventLog([...logged].sort((a, b) => a.position - b.position));
      const context = { store, events };
      await projection.setup?.(store);
      for (const event of given) await projection.apply(event, context);
      const outcomes: ApplyOutcome[] = [];
      for (const event of when) outcomes.push(await projection.apply(event, context));
      const last = when[when.length - 1] ?? given[given.length - 1];
      const id = last === undefined ? '' : (target.idOf ?? ((e) => streamEntityId(e.streamId)))(last);
      const doc = await (target.read?.(store, id) ?? store.collection(target.collection).get(id));
      const stored = new Map(store.storedDocuments(target.collection).map((d) => [d.id, d.json]));
      return { doc, outcomes, stored };
    } finally {
      await store.close();
    }
  };
  return {
    given: (given: readonly RecordedEvent[]) => ({
      when: (...when: RecordedEvent[]) => {
        let logged: readonly RecordedEvent[] = [...given, ...when];
        const scenario = {
          /** Events the log holds besides given and when (what a gap fill may read). */
          withLog(events: readonly RecordedEvent[]) {
            logged = [...new Map([...logged, ...events].map((e) => [e.eventId, e])).values()];
            return scenario;
          },
          // biome-ignore lint/suspicious/noThenProperty: the house given/when/then vocabulary; a scenario is never awaited itself.
          async then(expected: object | ((result: SpecResult) => void)): Promise<SpecResult> {
            const result = await run(given, when, logged);
            if (typeof expected === 'function') (expected as (r: SpecResult) => void)(result);
            else expect(result.doc).toMatchObject(expected);
            return result;
          },
        };
        return scenario;
      },
    }),
  };
}
