import type { RecordedEvent } from '@ordinal/domain';
import { StreamGapError } from '../order-tracking/order-fold.ts';
import type { ApplyOutcome, ProjectionContext } from '../runtime/projection.ts';
import type { StreamDocument } from '../runtime/stream-document.ts';

const MAX_ATTEMPTS = 5;

/**
 * The per-stream revision guard for documents fed by one stream: an event is folded only on
 * top of revision − 1; older revisions are duplicates; a gap is read from the log first. The
 * write is conditional on the revision read, so two runners cannot both apply.
 */
export async function foldStreamEvent<D extends StreamDocument>(
  event: RecordedEvent,
  context: ProjectionContext,
  collectionName: string,
  id: string,
  fold: (doc: D | undefined, event: RecordedEvent) => D,
): Promise<ApplyOutcome> {
  const collection = context.store.collection<D>(collectionName);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const doc = await collection.get(id);
    const current = doc?.revision ?? 0;
    if (event.revision <= current) return 'duplicate';
    const count = event.revision - current - 1;
    const missing =
      count === 0
        ? []
        : await context.events.readStream(event.streamId, { fromRevision: current + 1, maxCount: count });
    if (missing.length !== count || missing.some((e, i) => e.revision !== current + 1 + i)) {
      throw new StreamGapError(event.streamId, current + 1, event.revision - 1);
    }
    const updated = [...missing, event].reduce<D | undefined>((d, e) => fold(d, e), doc) as D;
    const condition =
      current === 0
        ? ({ kind: 'absent' } as const)
        : ({ kind: 'field-equals', field: 'revision', value: current } as const);
    if (await collection.put(updated, condition)) return 'applied';
  }
  throw new Error(`${event.streamId}@${event.revision}: the document kept changing under ${MAX_ATTEMPTS} attempts`);
}

export type { StreamDocument };
