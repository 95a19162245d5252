import { type Document, type RecordedEvent, streamEntityId } from '@ordinal/domain';
import { missingEvents } from '../order-tracking/order-fold.ts';
import type { ApplyOutcome, ProjectionContext } from './projection.ts';

/** A document fed by exactly one stream, holding the revision of the last event applied. */
export interface StreamDocument extends Document {
  readonly revision: number;
}

/** The document after `events` (the missing ones, then the one received), from what it was. */
export type RenderStreamDocument<D extends StreamDocument> = (
  id: string,
  current: D | undefined,
  events: readonly RecordedEvent[],
) => D;

const MAX_ATTEMPTS = 5;

/**
 * The per-stream revision guard of DESIGN.md for documents fed by one stream each: applies an
 * event only on top of revision − 1 (older = duplicate; a gap is read from the log first) and
 * writes on the condition that the revision read is still the stored one. The document's id
 * is the stream's entity id unless given.
 */
export async function applyToStreamDocument<D extends StreamDocument>(
  event: RecordedEvent,
  context: ProjectionContext,
  collectionName: string,
  render: RenderStreamDocument<D>,
  id: string = streamEntityId(event.streamId),
): Promise<ApplyOutcome> {
  const collection = context.store.collection<D>(collectionName);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const doc = await collection.get(id);
    const current = doc?.revision ?? 0;
    if (event.revision <= current) return 'duplicate';
    const missing = await missingEvents(event, current, context);
    const updated = render(id, doc, [...missing, event]);
    const written = await collection.put(
      updated,
      current === 0 ? { kind: 'absent' } : { kind: 'field-equals', field: 'revision', value: current },
    );
    if (written) return 'applied';
  }
  throw new Error(`${event.streamId}@${event.revision}: the document kept changing under ${MAX_ATTEMPTS} attempts`);
}
