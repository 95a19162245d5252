import type { Static } from '@fastify/type-provider-typebox';
import { describeActor, formatMoney, type OrderEvent, type OrderRouting, type RecordedEvent } from '@ordinal/domain';
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

/**
 * The decisions in an order's stream, in words: each routing (the plan and why, or why no plan
 * exists and the order was held) and each allocation made by hand. Everything comes from the
 * recorded events; nothing is computed again from live data.
 */
export function orderDecisions(stream: readonly RecordedEvent<OrderEvent>[]): DecisionView[] {
  const decisions: DecisionView[] = [];
  for (const event of stream) {
    const base = {
      revision: event.revision,
      occurredAt: event.metadata.occurredAt,
      decidedBy: describeActor(event.metadata.actor),
    };
    if (event.type === 'OrderAllocated') {
      const { routing, allocations } = event.data;
      if (routing !== undefined) {
        decisions.push({
          ...base,
          kind: 'routing',
          summary: `Routing attempt ${routing.attempt} under policy ${routing.decision.policyName} v${routing.decision.policyVersion}: ${allocations.length} shipment(s) from ${allocations.map((a) => a.locationId).join(', ')}.`,
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
        summary: `Routing attempt ${routing.attempt} found no plan; the order was put on hold.`,
        explanation: [...routing.decision.explanation],
        routing: routingView(routing),
      });
    }
  }
  return decisions;
}
