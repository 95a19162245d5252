import { ERASED_MARKER, type ReadStore } from '@ordinal/domain';
import type { ApplyOutcome } from '../runtime/projection.ts';
import { RISK_ORDERS_COLLECTION, type RiskOrderDocument } from './risk.view.ts';

const MAX_ATTEMPTS = 5;

const isErased = (address: string) => address.includes(ERASED_MARKER);

/** The address fingerprints a risk hold's facts counted (absent in holds recorded without them). */
const holdAddresses = (doc: RiskOrderDocument): readonly string[] => doc.hold?.facts.facts?.addresses ?? [];

/**
 * Applies a `CustomerErased` to risk's documents: each address fingerprint of the customer
 * (which holds the street) becomes `[erased] n`, one number per distinct address, in their
 * orders and in their holds' facts, so the account view, read from them, still counts its
 * distinct addresses.
 */
export async function eraseRiskAccount(customerId: string, store: ReadStore): Promise<ApplyOutcome> {
  const orders = store.collection<RiskOrderDocument>(RISK_ORDERS_COLLECTION);
  const docs = await orders.find({ customerId });
  const known = docs.flatMap((doc) => [doc.address ?? [], holdAddresses(doc)].flat());
  const plain = [...new Set(known.filter((address) => !isErased(address)))].sort();
  if (plain.length === 0) return 'duplicate';
  const taken = new Set(known.filter(isErased)).size;
  const token = (address: string) =>
    isErased(address) ? address : `${ERASED_MARKER} ${taken + plain.indexOf(address) + 1}`;
  for (const found of docs) {
    let doc: RiskOrderDocument | undefined = found;
    for (let attempt = 0; doc !== undefined; attempt++) {
      if (attempt === MAX_ATTEMPTS) throw new Error(`risk order ${doc.id}: the document kept changing while erased`);
      const hold = doc.hold;
      const counted = hold?.facts.facts;
      const erased: RiskOrderDocument = {
        ...doc,
        address: doc.address === null ? null : token(doc.address),
        hold:
          hold === null || counted?.addresses === undefined
            ? hold
            : { ...hold, facts: { ...hold.facts, facts: { ...counted, addresses: counted.addresses.map(token) } } },
      };
      if (await orders.put(erased, { kind: 'field-equals', field: 'revision', value: doc.revision })) break;
      doc = await orders.get(doc.id);
    }
  }
  return 'applied';
}
