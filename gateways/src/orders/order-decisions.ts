import type { Static } from '@fastify/type-provider-typebox';
import {
  describeActor,
  formatMoney,
  type OrderEvent,
  type OrderEventDataMap,
  type OrderRouting,
  type RecordedEvent,
} from '@ordinal/domain';
import type { OrderDecisionsSchema } from './order-decisions.schemas.ts';

/** One decision taken about an order, as customer service and auditors read it. */
export type DecisionView = Static<typeof OrderDecisionsSchema>['decisions'][number];

function routingView(routing: OrderRouting): NonNullable<DecisionView['routing']> {
  const { decision, input } = routing;
  return {
    attempt: routing.attempt,
    outcome: decision.outcome,
    policy: decision.policyName,
    policyVersion: decision.policyVersion,
    candidates: input.candidates.length,
    destination: {
      country: input.destination.country,
      region: input.destination.region,
      locatedBy: input.destination.source ?? 'unrecorded',
    },
    excludedLocations: (input.excludedLocations ?? []).map(({ locationId, reason }) => ({ locationId, reason })),
    plan:
      decision.outcome === 'routed'
        ? decision.plan.map((shipment) => ({
            locationId: shipment.locationId,
            service: shipment.service,
            lines: shipment.lines.map(({ lineId, quantity }) => ({ lineId, quantity })),
            distanceKm: shipment.distanceKm,
            shippingCost: formatMoney(shipment.shippingCost),
            promisedDate: shipment.promisedDate,
          }))
        : [],
  };
}

// " (without wh-1 and wh-2)" when a routing excluded locations, so a re-route reads as one.
function without(routing: OrderRouting): string {
  const excluded = routing.input.excludedLocations ?? [];
  return excluded.length === 0 ? '' : ` (without ${excluded.map((e) => e.locationId).join(' and ')})`;
}

function rejectionSummary(data: OrderEventDataMap['AllocationRejected'], withdrawn: readonly string[]): string {
  const { shipmentId, locationId, kind, reason } = data;
  const what =
    kind === 'rejected'
      ? `${locationId} rejected shipment ${shipmentId} (${reason})`
      : `Shipment ${shipmentId} failed at ${locationId} (${reason})`;
  return `${what}; the allocation (${withdrawn.join(', ')}) was withdrawn and the order is to be routed again without ${locationId}.`;
}

// Only this order's own part and the count: the other members are orders of the same customer,
// but each order's view stays its own.
function consolidationDecision(
  data: OrderEventDataMap['ShipmentConsolidated'],
): Omit<DecisionView, 'revision' | 'occurredAt' | 'decidedBy'> {
  const { consolidationId, consolidatedShipmentId, shipmentId, locationId, members, basis, supersedes = [] } = data;
  const others = members.length - 1;
  const placed = [...members].map((m) => Date.parse(m.placedAt));
  const spread = Math.round((Math.max(...placed) - Math.min(...placed)) / 60_000);
  return {
    kind: 'consolidation',
    summary: `Shipment ${shipmentId} goes out from ${locationId} in one parcel (${consolidatedShipmentId}) with ${others} other order(s) of the same customer to the same address.`,
    explanation: [
      `The ${members.length} orders are the same customer's, to the same address (normalised), allocated to ${locationId} and not yet picked.`,
      `They were placed within ${spread} minute(s) of each other; the window is ${basis.windowMinutes} minute(s).`,
      ...(supersedes.length > 0 ? [`It grows consolidation ${supersedes.join(', ')} by the orders placed since.`] : []),
      `Decided at ${basis.decidedAt}.`,
    ],
    consolidation: {
      consolidationId,
      consolidatedShipmentId,
      shipmentId,
      locationId,
      memberCount: members.length,
      windowMinutes: basis.windowMinutes,
      supersedes: [...supersedes],
    },
  };
}

/**
 * The decisions in an order's stream, in words: each routing (the plan and why, the locations it
 * left out, or why no plan exists and the order was held), each allocation made by hand, each
 * shipment a location gave back, and each consolidation of a shipment with the customer's other
 * orders and its undo. Everything comes from the recorded events; nothing is computed
 * again from live data.
 */
export function orderDecisions(stream: readonly RecordedEvent<OrderEvent>[]): DecisionView[] {
  const decisions: DecisionView[] = [];
  // The shipments of the allocation in force, which a rejection withdraws.
  let untouched: string[] = [];
  for (const event of stream) {
    const base = {
      revision: event.revision,
      occurredAt: event.metadata.occurredAt,
      decidedBy: describeActor(event.metadata.actor),
    };
    if (event.type === 'OrderAllocated') {
      const { routing, allocations } = event.data;
      untouched = allocations.map((a) => a.shipmentId);
      if (routing !== undefined) {
        decisions.push({
          ...base,
          kind: 'routing',
          summary: `Routing attempt ${routing.attempt} under policy ${routing.decision.policyName} v${routing.decision.policyVersion}${without(routing)}: ${allocations.length} shipment(s) from ${allocations.map((a) => a.locationId).join(', ')}.`,
          explanation: [...routing.decision.explanation],
          routing: routingView(routing),
        });
      } else {
        decisions.push({
          ...base,
          kind: 'allocation',
          summary: `Allocated by ${base.decidedBy}: ${allocations.map((a) => `${a.shipmentId} from ${a.locationId}`).join(', ')}.`,
          explanation: event.data.reason === undefined ? [] : [event.data.reason],
        });
      }
    } else if (event.type === 'OrderHeld') {
      const routing = (event.data.facts as { routing?: OrderRouting } | undefined)?.routing;
      if (routing === undefined) continue;
      decisions.push({
        ...base,
        kind: 'routing',
        summary: `Routing attempt ${routing.attempt}${without(routing)} found no plan; the order was put on hold.`,
        explanation: [...routing.decision.explanation],
        routing: routingView(routing),
      });
    } else if (event.type === 'ShipmentConsolidated') {
      decisions.push({ ...base, ...consolidationDecision(event.data) });
    } else if (event.type === 'ConsolidationUndone') {
      const { consolidationId, shipmentId, reason } = event.data;
      decisions.push({
        ...base,
        kind: 'consolidation-undone',
        summary: `Consolidation ${consolidationId} was undone: ${reason}. Shipment ${shipmentId} is its own parcel again.`,
        explanation: [],
      });
    } else if (event.type === 'AllocationRejected') {
      decisions.push({
        ...base,
        kind: 'rejection',
        summary: rejectionSummary(event.data, untouched.length === 0 ? [event.data.shipmentId] : untouched),
        explanation: [],
      });
      untouched = [];
    }
  }
  return decisions;
}
