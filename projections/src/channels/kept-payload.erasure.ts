import { type CustomerErased, ERASED_MARKER, type Json, type ReadStore } from '@ordinal/domain';
import type { ApplyOutcome } from '../runtime/projection.ts';
import type { StreamDocument } from '../runtime/stream-document.ts';

const MAX_ATTEMPTS = 5;

/** A parked payload's view as an erasure changes it. */
interface KeptPayloadDocument extends StreamDocument {
  readonly status: string;
  readonly payload: Json;
  readonly erasedAt?: string;
}

/**
 * What a kept payload reads as: the payload as received, or the erased marker once its key is
 * gone (the opened event then holds no payload at all).
 */
export function keptPayload(payload: Json | undefined): Json {
  return payload === undefined ? ERASED_MARKER : payload;
}

/**
 * Applies a `CustomerErased` to the views of the parked payloads it names under `prefix`
 * (`intake-`, `carrier-parked-`): a payload still parked becomes `erased`, its payload the
 * marker, at the same revision (a later park of the same stream folds on top as usual). A
 * document folded further meanwhile is read again and erased on top.
 */
export async function eraseKeptPayloads(
  event: Pick<CustomerErased, 'data'>,
  store: ReadStore,
  collectionName: string,
  prefix: string,
): Promise<ApplyOutcome> {
  const collection = store.collection<KeptPayloadDocument>(collectionName);
  let changed = false;
  for (const streamId of event.data.payloads ?? []) {
    if (!streamId.startsWith(prefix)) continue;
    let doc = await collection.get(streamId.slice(prefix.length));
    for (let attempt = 0; doc !== undefined; attempt++) {
      if (attempt === MAX_ATTEMPTS) throw new Error(`${streamId}: the document kept changing while erased`);
      if (doc.payload === ERASED_MARKER) break;
      const erased: KeptPayloadDocument = {
        ...doc,
        ...(doc.status === 'parked' ? { status: 'erased', erasedAt: event.data.erasedAt } : {}),
        payload: ERASED_MARKER,
      };
      if (await collection.put(erased, { kind: 'field-equals', field: 'revision', value: doc.revision })) {
        changed = true;
        break;
      }
      doc = await collection.get(doc.id);
    }
  }
  return changed ? 'applied' : 'duplicate';
}
