import {
  type Document,
  type OrderEvent,
  type OrderState,
  orderDecider,
  type PersistedOrderState,
  type RecordedEvent,
  restoreOrderState,
  streamEntityId,
} from '@ordinal/domain';
import type { ApplyOutcome, ProjectionContext } from '../runtime/projection.ts';

/** A per-order document that carries the machine state it was rendered from. */
export interface OrderFoldDocument extends Document {
  readonly revision: number;
  readonly machine: PersistedOrderState;
}

/** Renders the document for the state after `last` (the event at the document's new revision). */
export type RenderOrderDocument<D extends OrderFoldDocument> = (
  orderId: string,
  state: OrderState,
  last: RecordedEvent,
) => D;

/** The order's events between what a document holds and the event just received could not be read. */
export class StreamGapError extends Error {
  override readonly name = 'StreamGapError';
  readonly code = 'projection.stream-gap';
  constructor(
    readonly streamId: string,
    readonly fromRevision: number,
    readonly toRevision: number,
  ) {
    super(`events ${fromRevision}..${toRevision} of ${streamId} are missing from the log`);
  }
}

const MAX_ATTEMPTS = 5;

/**
 * The per-stream revision guard of DESIGN.md: folds an order event into the order's document
 * only on top of revision − 1. Older revisions are duplicates; a gap is filled from the log
 * first (never skipped, never applied twice). The write is conditional on the revision read,
 * so two runners cannot both apply; the loser re-reads and finds a duplicate.
 */
export async function foldOrderEvent<D extends OrderFoldDocument>(
  event: RecordedEvent,
  context: ProjectionContext,
  collectionName: string,
  render: RenderOrderDocument<D>,
): Promise<{ readonly outcome: ApplyOutcome; readonly doc: D | undefined }> {
  const orderId = streamEntityId(event.streamId);
  const collection = context.store.collection<D>(collectionName);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const doc = await collection.get(orderId);
    const current = doc?.revision ?? 0;
    if (event.revision <= current) return { outcome: 'duplicate', doc };
    const missing = await missingEvents(event, current, context);
    let state = doc === undefined ? orderDecider.initialState() : restoreOrderState(doc.machine);
    for (const next of [...missing, event]) state = orderDecider.evolve(state, next as RecordedEvent<OrderEvent>);
    const updated = render(orderId, state, event);
    const written = await collection.put(
      updated,
      current === 0 ? { kind: 'absent' } : { kind: 'field-equals', field: 'revision', value: current },
    );
    if (written) return { outcome: 'applied', doc: updated };
  }
  throw new Error(`${event.streamId}@${event.revision}: the document kept changing under ${MAX_ATTEMPTS} attempts`);
}

/** The stream's events between a document's revision and the one received; throws on a gap in the log. */
export async function missingEvents(
  event: RecordedEvent,
  current: number,
  context: ProjectionContext,
): Promise<readonly RecordedEvent[]> {
  const count = event.revision - current - 1;
  if (count === 0) return [];
  const read = await context.events.readStream(event.streamId, { fromRevision: current + 1, maxCount: count });
  if (read.length !== count || read.some((e, i) => e.revision !== current + 1 + i)) {
    throw new StreamGapError(event.streamId, current + 1, event.revision - 1);
  }
  return read;
}
