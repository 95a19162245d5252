import { CARRIER_SCAN_KINDS } from '../carriers/carrier-scan.types.ts';
import { isRejection } from '../shared/rejection.ts';
import { candidateEvent } from './order.allowed.ts';
import { isPresent } from './order.checks.ts';
import type { CarrierScanInput, OrderCommandOf } from './order.commands.ts';
import {
  candidateMetadata,
  ifAllowed,
  missing,
  type OrderDecision,
  type OrderDecisionFacts,
  rejectOrder,
} from './order.decision.ts';
import type { OrderEventDraft } from './order.events.ts';
import { entryOf } from './order.records.ts';
import { hasScan } from './order.scans.ts';
import { evolveOrder, type OrderState } from './order.state.ts';

const isInstant = (value: unknown) => typeof value === 'string' && Number.isFinite(Date.parse(value));

// The field of a scan that is not acceptable, with the code to refuse it under.
function invalidScanField(scan: CarrierScanInput): { field: string; reason: string } | undefined {
  if (!isPresent(scan.carrier)) return { field: '/carrier', reason: 'must not be empty' };
  if (!isPresent(scan.carrierEventId)) return { field: '/carrierEventId', reason: 'must not be empty' };
  if (!CARRIER_SCAN_KINDS.includes(scan.kind)) {
    return { field: '/kind', reason: `must be one of ${CARRIER_SCAN_KINDS.join(', ')}` };
  }
  if (!isInstant(scan.occurredAt)) {
    return { field: '/occurredAt', reason: 'must be an instant' };
  }
  return undefined;
}

function scanDraft(scan: CarrierScanInput): OrderEventDraft {
  const optional = Object.fromEntries(
    (['location', 'description', 'estimatedDelivery', 'reason', 'receivedBy', 'mappingVersion'] as const)
      .filter((key) => scan[key] !== undefined)
      .map((key) => [key, scan[key]]),
  );
  const { shipmentId, carrier, carrierEventId, kind, occurredAt } = scan;
  return { type: 'CarrierScanRecorded', data: { shipmentId, carrier, carrierEventId, kind, occurredAt, ...optional } };
}

/**
 * Decides one carrier scan: a scan of a dispatched shipment of this order (in any status since,
 * delivered included) is recorded; one the shipment holds already under the same (carrier,
 * carrier event id) records nothing, so a resent scan is harmless.
 */
export function decideScan(scan: CarrierScanInput, state: OrderState, facts: OrderDecisionFacts): OrderDecision {
  const shipment = entryOf(state.context.shipments, scan.shipmentId);
  if (shipment === undefined) {
    return rejectOrder(state, 'shipment.unknown', `order has no shipment ${scan.shipmentId}`, {
      field: '/shipmentId',
    });
  }
  const invalid = invalidScanField(scan);
  if (invalid !== undefined) {
    if (invalid.reason === 'must not be empty') return missing(state, invalid.field);
    return rejectOrder(state, 'order.invalid-field', `${invalid.field} ${invalid.reason}`, { field: invalid.field });
  }
  const window = scan.estimatedDelivery;
  const isWindow = (w: typeof window) =>
    typeof w === 'object' &&
    w !== null &&
    isInstant(w.from) &&
    isInstant(w.to) &&
    Date.parse(w.from) <= Date.parse(w.to);
  if (window !== undefined && !isWindow(window)) {
    return rejectOrder(state, 'shipment.invalid-window', 'a delivery window needs two instants, from ≤ to', {
      field: '/estimatedDelivery',
      carrierEventId: scan.carrierEventId,
    });
  }
  if (hasScan(shipment, scan.carrier, scan.carrierEventId)) return [];
  return ifAllowed(
    state,
    facts,
    [scanDraft(scan)],
    'shipment.not-dispatched',
    `shipment ${scan.shipmentId} has not been dispatched (${shipment.status}): only a dispatched shipment takes carrier scans`,
    { shipmentId: scan.shipmentId, shipmentStatus: shipment.status },
  );
}

/**
 * Decides several scans as one: each is decided on the state the ones before it leave, and
 * the first refusal refuses them all (its field under `/scans/<index>`), so a carrier's
 * payload is recorded on the order whole or not at all, in one append.
 */
export function decideScans(
  command: OrderCommandOf<'RecordCarrierScans'>,
  state: OrderState,
  facts: OrderDecisionFacts,
): OrderDecision {
  if (!Array.isArray(command.scans) || command.scans.length === 0) {
    return rejectOrder(state, 'order.invalid-field', 'at least one scan is required', { field: '/scans' });
  }
  const metadata = candidateMetadata(facts);
  const drafts: OrderEventDraft[] = [];
  let current = state;
  for (const [index, scan] of command.scans.entries()) {
    const decision = decideScan(scan, current, facts);
    if (isRejection(decision)) {
      const field = typeof decision.details?.field === 'string' ? decision.details.field : '';
      return rejectOrder(state, decision.code, `scan ${index} (${scan.carrierEventId}): ${decision.message}`, {
        ...decision.details,
        field: `/scans/${index}${field}`,
        index,
        carrierEventId: scan.carrierEventId,
      });
    }
    for (const draft of decision) {
      current = evolveOrder(current, candidateEvent(draft, metadata, `candidate-${drafts.length}`));
      drafts.push(draft);
    }
  }
  return drafts;
}
