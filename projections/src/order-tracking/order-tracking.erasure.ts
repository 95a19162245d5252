import { type CustomerErased, type ReadStore, restoreOrderState } from '@ordinal/domain';
import type { ApplyOutcome } from '../runtime/projection.ts';
import { type OrderTrackingDocument, orderTrackingDocument } from './order-tracking.view.ts';
import { eraseOrderContext } from './pii-masking.ts';

const MAX_ATTEMPTS = 5;

/**
 * Applies a `CustomerErased` to the tracking documents of the customer's orders: each is
 * rendered again from its machine state with the personal fields erased, at the same revision.
 * A document folded further meanwhile is read again and erased on top.
 */
export async function eraseTrackedOrders(
  event: Pick<CustomerErased, 'data'>,
  store: ReadStore,
  collectionName: string,
): Promise<ApplyOutcome> {
  const collection = store.collection<OrderTrackingDocument>(collectionName);
  let changed = false;
  for (const found of await collection.find({ customerId: event.data.customerId })) {
    let doc: OrderTrackingDocument | undefined = found;
    for (let attempt = 0; doc !== undefined; attempt++) {
      if (attempt === MAX_ATTEMPTS) throw new Error(`order ${doc.orderId}: the document kept changing while erased`);
      const machine = { value: doc.machine.value, context: eraseOrderContext(doc.machine.context) };
      const erased = orderTrackingDocument(doc.orderId, restoreOrderState(machine), doc.revision, doc.updatedAt);
      if (JSON.stringify(erased) === JSON.stringify(doc)) break;
      if (await collection.put(erased, { kind: 'field-equals', field: 'revision', value: doc.revision })) {
        changed = true;
        break;
      }
      doc = await collection.get(doc.orderId);
    }
  }
  return changed ? 'applied' : 'duplicate';
}
