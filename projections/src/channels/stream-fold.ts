import type { RecordedEvent } from '@ordinal/domain';
import type { ApplyOutcome, ProjectionContext } from '../runtime/projection.ts';
import { applyToStreamDocument, type StreamDocument } from '../runtime/stream-document.ts';

/**
 * The per-stream revision guard for documents fed by one stream, one event at a time: `fold`
 * is applied to the missing events (read from the log) and then the one received, on top of the
 * stored document, and the write is conditional on the revision read (see applyToStreamDocument).
 */
export function foldStreamEvent<D extends StreamDocument>(
  event: RecordedEvent,
  context: ProjectionContext,
  collectionName: string,
  id: string,
  fold: (doc: D | undefined, event: RecordedEvent) => D,
): Promise<ApplyOutcome> {
  const render = (_id: string, current: D | undefined, events: readonly RecordedEvent[]) =>
    events.reduce<D | undefined>((doc, e) => fold(doc, e), current) as D;
  return applyToStreamDocument(event, context, collectionName, render, id);
}

export type { StreamDocument };
