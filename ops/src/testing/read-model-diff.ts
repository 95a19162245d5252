import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@ordinal/domain';
import {
  ORDER_TRACKING_COLLECTION,
  orderTrackingProjection,
  type Projection,
  rebuild,
  SqliteReadStore,
  type StoredDocument,
} from '@ordinal/projections';

/** How a read model compares with one rebuilt from the whole log. */
export interface ReadModelDiff {
  readonly rebuilt: number;
  readonly actual: number;
  /** Ids in the rebuild that are absent or different in the read model, and ids it should not have. */
  readonly missing: readonly string[];
  readonly different: readonly string[];
  readonly extra: readonly string[];
}

/** True when the read model is exactly what a rebuild from scratch gives. */
export function sameAsRebuild(diff: ReadModelDiff): boolean {
  return diff.missing.length === 0 && diff.different.length === 0 && diff.extra.length === 0;
}

/**
 * Rebuilds `projection` from the log into a fresh SQLite read store and compares its documents
 * with `actual`, document by document, as stored JSON (rebuilds are byte-identical). `strip`
 * removes fields a variant keeps for itself before comparing.
 */
export async function diffWithRebuild(
  events: Pick<EventStore, 'readAll' | 'headPosition' | 'readStream' | 'subscribeAll'>,
  actual: readonly StoredDocument[],
  options: { projection?: Projection; collection?: string; strip?: readonly string[] } = {},
): Promise<ReadModelDiff> {
  const dir = await mkdtemp(join(tmpdir(), 'ordinal-rebuild-'));
  const store = new SqliteReadStore({ path: join(dir, 'read.db') });
  try {
    await rebuild(options.projection ?? orderTrackingProjection, { events, store });
    const expected = store.storedDocuments(options.collection ?? ORDER_TRACKING_COLLECTION);
    const normalise = (json: string) => {
      if (options.strip === undefined) return json;
      const doc = JSON.parse(json) as Record<string, unknown>;
      for (const field of options.strip) delete doc[field];
      return JSON.stringify(doc);
    };
    const actualById = new Map(actual.map((doc) => [doc.id, normalise(doc.json)]));
    const expectedIds = new Set(expected.map((doc) => doc.id));
    const missing: string[] = [];
    const different: string[] = [];
    for (const doc of expected) {
      const found = actualById.get(doc.id);
      if (found === undefined) missing.push(doc.id);
      else if (found !== doc.json) different.push(doc.id);
    }
    return {
      rebuilt: expected.length,
      actual: actual.length,
      missing,
      different,
      extra: actual.filter((doc) => !expectedIds.has(doc.id)).map((doc) => doc.id),
    };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
