import { type AppendResult, type DomainEvent, DuplicateEventIdError, type RecordedEvent } from '@ordinal/domain';

/**
 * Collects, from events of one stream read in any order, those whose ids are in an append.
 * `complete` turns true once the append's first id is seen while reading backwards: every
 * later revision, where the rest of a plain retry would sit, has been read by then.
 */
export class StoredIds {
  readonly #index = new Map<string, number>();
  readonly #found = new Map<number, RecordedEvent>();

  constructor(readonly events: readonly DomainEvent[]) {
    events.forEach((event, index) => {
      this.#index.set(event.eventId.toLowerCase(), index);
    });
  }

  /** Notes a stored event; true when it is the append's first event. */
  see(stored: RecordedEvent): boolean {
    const index = this.#index.get(stored.eventId.toLowerCase());
    if (index === undefined) return false;
    this.#found.set(index, stored);
    return index === 0;
  }

  /** The stored event holding the append's first id, once seen. */
  get first(): RecordedEvent | undefined {
    return this.#found.get(0);
  }

  get any(): boolean {
    return this.#found.size > 0;
  }

  /**
   * The original result when the seen events are this very append (or its leading part) at
   * consecutive revisions; undefined when none of its ids were seen. Anything else mixes stored
   * and new ids, or reorders them: DuplicateEventIdError naming a stored id.
   */
  originalResult(streamId: string): AppendResult | undefined {
    if (this.#found.size === 0) return undefined;
    const first = this.#found.get(0);
    if (first === undefined) {
      const stored = [...this.#found.values()].sort((a, b) => a.revision - b.revision)[0]!;
      throw new DuplicateEventIdError(streamId, stored.eventId);
    }
    const recorded = this.events.map((event, index) => {
      const stored = this.#found.get(index);
      if (stored === undefined) throw new DuplicateEventIdError(streamId, first.eventId);
      if (stored.revision !== first.revision + index) throw new DuplicateEventIdError(streamId, event.eventId);
      return stored;
    });
    const last = recorded[recorded.length - 1]!;
    return { streamId, revision: last.revision, position: last.position, events: recorded, duplicate: true };
  }
}
