import type { ReadStore } from '@ordinal/domain';
import { invalidEventReason, KNOWN_EVENT_TYPES, type KnownEventTypes } from './event-validation.ts';
import type { EventLog, Projection } from './projection.ts';

/** Where to rebuild from and into. */
export interface RebuildOptions {
  readonly events: EventLog;
  readonly store: ReadStore;
  /** Events read per page (default 1,000). */
  readonly pageSize?: number;
  readonly knownEventTypes?: KnownEventTypes;
  /** After each page: the position reached and the log's head when the rebuild started. */
  readonly onProgress?: (progress: RebuildProgress) => void;
}

/** How far a rebuild got. */
export interface RebuildProgress {
  readonly position: number;
  readonly head: number;
  readonly applied: number;
}

/** What a rebuild did. */
export interface RebuildResult {
  /** Position of the last event read. */
  readonly position: number;
  readonly applied: number;
  readonly duplicates: number;
  /** Invalid envelopes skipped (a live runner parks them). */
  readonly skipped: number;
}

/**
 * Rebuilds a projection from the log: clears its collections, sets it up again and replays
 * `readAll` page by page from position 0. Stop the projection's runner first: a runner
 * applying at the same time would see its documents vanish. Events it receives afterwards
 * are duplicates to the rebuilt documents and are skipped by the revision guard.
 */
export async function rebuild(projection: Projection, options: RebuildOptions): Promise<RebuildResult> {
  const { events, store } = options;
  const pageSize = options.pageSize ?? 1_000;
  const known = options.knownEventTypes ?? KNOWN_EVENT_TYPES;
  for (const name of projection.collections) await store.collection(name).clear();
  await projection.setup?.(store);
  const head = await events.headPosition();
  const streamPrefixes = projection.categories.map((c) => `${c}-`);
  let position = 0;
  let applied = 0;
  let duplicates = 0;
  let skipped = 0;
  for (;;) {
    const page = await events.readAll({
      afterPosition: position,
      maxCount: pageSize,
      ...(streamPrefixes.length === 0 ? {} : { streamPrefixes }),
    });
    if (page.length === 0) break;
    for (const event of page) {
      if (invalidEventReason(event, known) !== undefined) skipped += 1;
      else if ((await projection.apply(event, { store, events })) === 'applied') applied += 1;
      else duplicates += 1;
      position = event.position;
    }
    options.onProgress?.({ position, head, applied });
  }
  return { position, applied, duplicates, skipped };
}
